// People lists: a header checkbox ticks every row of the page. The boxes join
// the bulk form by their form attribute, so they are read from its elements.
document.addEventListener("change", function (event) {
  if (!event.target.matches("[data-check-all]")) return;
  Array.prototype.forEach.call(event.target.form.elements, function (box) {
    if (box.name === "people") box.checked = event.target.checked;
  });
});
