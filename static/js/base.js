// Selects marked data-autosubmit submit their form on change (the role switcher).
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-autosubmit]")) {
    event.target.form.submit();
  }
});
