// Progressive enhancement only: every page works without this file (and without htmx).
document.addEventListener("click", function (event) {
  var button = event.target.closest("button.copy");
  if (!button) return;
  var field = document.getElementById(button.dataset.copy);
  if (!field) return;
  field.select();
  var done = function () { button.textContent = button.dataset.done; };
  if (navigator.clipboard) navigator.clipboard.writeText(field.value).then(done, function () {});
});
