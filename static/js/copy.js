// Buttons marked data-copy="<input id>" copy that input's value to the clipboard.
document.querySelectorAll("[data-copy]").forEach(function (button) {
  var input = document.getElementById(button.dataset.copy);
  button.hidden = false;
  button.addEventListener("click", function () {
    input.select();
    var done = function () { button.textContent = button.dataset.done; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done);
    } else if (document.execCommand("copy")) {
      done();
    }
  });
});
