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

// Offline use (docs/offline.md): the service worker for signed-in staff and organizers, the pages their account
// lists saved once a day, and sign-out deleting everything the device kept (saved pages, queued taps).
(function () {
  "use strict";

  var root = document.documentElement;
  var DB_NAME = "coalition-offline";

  if (root.dataset.offlineSw && "serviceWorker" in navigator) {
    var keep = root.dataset.offlineKeepDays || "7";
    navigator.serviceWorker.register(root.dataset.offlineSw + "?keep=" + encodeURIComponent(keep), { scope: "/" }).then(function () {
      var pages = root.dataset.offlinePages;
      var last = parseInt(localStorage.getItem("offline-saved-at") || "0", 10);
      if (!pages || !navigator.onLine || Date.now() - last < 24 * 60 * 60 * 1000) return null;
      return navigator.serviceWorker.ready.then(function (registration) {
        return fetch(pages, { credentials: "same-origin" }).then(function (response) { return response.ok ? response.json() : null; })
          .then(function (answer) {
            if (!answer || !registration.active) return;
            registration.active.postMessage({ type: "save", urls: answer.urls });
            localStorage.setItem("offline-saved-at", String(Date.now()));
          });
      });
    }).catch(function () { /* no service worker here: pages need signal, taps still wait in IndexedDB */ });
  }

  function waitingCount() {
    if (!window.indexedDB) return Promise.resolve(0);
    return new Promise(function (resolve) {
      var req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = function () { req.transaction.abort(); };
      req.onerror = function () { resolve(0); };
      req.onsuccess = function () {
        var db = req.result;
        if (!db.objectStoreNames.contains("queue")) { db.close(); resolve(0); return; }
        var all = db.transaction("queue").objectStore("queue").getAll();
        all.onsuccess = function () {
          db.close();
          resolve(all.result.filter(function (item) { return item.state !== "refused"; }).length);
        };
        all.onerror = function () { db.close(); resolve(0); };
      };
    });
  }

  function clearDevice() {
    var jobs = [];
    localStorage.removeItem("offline-saved-at");
    if (window.indexedDB) {
      jobs.push(new Promise(function (resolve) {
        var req = indexedDB.deleteDatabase(DB_NAME);
        req.onsuccess = req.onerror = req.onblocked = function () { resolve(); };
      }));
    }
    if (window.caches) {
      jobs.push(caches.keys().then(function (names) { return Promise.all(names.map(function (name) { return caches.delete(name); })); }));
    }
    return Promise.all(jobs).catch(function () { return null; });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest && event.target.closest("form[data-sign-out]");
    if (!form || form.dataset.cleared === "1") return;
    event.preventDefault();
    waitingCount().then(function (count) {
      if (count && !window.confirm(form.getAttribute("data-unsent-warning"))) return;
      clearDevice().then(function () { form.dataset.cleared = "1"; form.submit(); });
    });
  });
})();
