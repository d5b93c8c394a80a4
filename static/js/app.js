// Small helpers every page loads (deferred, no inline script under the CSP). The page works without them.
(function () {
  "use strict";

  // The form error summary (templates/partials/_form_fields.html): take focus so a screen reader reads it and a
  // phone shows it, and make its links move focus to the field, with the field's label in view.
  function focusSummary(root) {
    var summary = (root || document).querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    summary.scrollIntoView({ block: "start" });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    var wrapper = field.closest(".field") || field;
    wrapper.scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });

  // The Menu disclosure closes on Escape and gives focus back to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var menu = document.querySelector("[data-site-menu][open]");
    if (!menu) return;
    menu.removeAttribute("open");
    menu.querySelector("summary").focus();
  });

  document.addEventListener("DOMContentLoaded", function () { focusSummary(document); });
  document.addEventListener("htmx:afterSwap", function (event) { focusSummary(event.target); });
})();
