// Log a contact: disable the submit buttons once the form is sent, so a bad connection does not invite a
// second tap (the server also ignores a second submit with the same key).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.classList || !form.classList.contains("log-contact")) return;
  if (form.dataset.sent === "1") { event.preventDefault(); return; }
  form.dataset.sent = "1";
  form.querySelectorAll("button[type=submit]").forEach(function (button) { button.setAttribute("aria-disabled", "true"); });
});
