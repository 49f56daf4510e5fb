// People lists: a header checkbox ticks every row of the page.
document.addEventListener("change", function (event) {
  if (!event.target.matches("[data-check-all]")) return;
  var boxes = event.target.form.querySelectorAll("input[name=people]");
  boxes.forEach(function (box) { box.checked = event.target.checked; });
});
