// The offline queue (docs/offline.md). A tap on a form marked data-offline-action is kept in IndexedDB with a
// fresh idempotency key, shown as "waiting to send", and replayed in order to the page's sync endpoint as soon
// as the browser is online (now, on the `online` event, on the next visit). The server answers each action:
// applied, already applied, or refused with a reason, which stays on screen until dismissed. Nothing is
// dropped silently. Without JavaScript the same forms post normally. No service worker is needed for this.
(function () {
  "use strict";

  var DB_NAME = "coalition-offline";
  var STORE = "queue";
  var DAY_MS = 24 * 60 * 60 * 1000;

  function request(req) {
    return new Promise(function (resolve, reject) {
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function openDb() {
    var req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = function () {
      var db = req.result;
      if (!db.objectStoreNames.contains(STORE)) {
        db.createObjectStore(STORE, { keyPath: "seq", autoIncrement: true }).createIndex("scope", "scope");
      }
    };
    return request(req);
  }

  function withStore(mode, work) {
    return openDb().then(function (db) {
      var store = db.transaction(STORE, mode).objectStore(STORE);
      return Promise.resolve(work(store)).then(function (value) { db.close(); return value; });
    });
  }

  function items(scope) {
    return withStore("readonly", function (store) { return request(store.index("scope").getAll(scope)); })
      .then(function (rows) { return rows.sort(function (a, b) { return a.seq - b.seq; }); });
  }

  function put(item) { return withStore("readwrite", function (store) { return request(store.put(item)); }); }
  function remove(seq) { return withStore("readwrite", function (store) { return request(store.delete(seq)); }); }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function setStatus(root, text) {
    var status = root.querySelector("[data-offline-status]");
    if (status && status.textContent !== text) status.textContent = text;
  }

  function markRow(item, state, text) {
    if (!item.action.rsvp) return;
    var form = document.querySelector("form[data-offline-action=" + item.action.kind + "][data-rsvp='" + item.action.rsvp + "']");
    if (!form) return;
    var badge = form.parentNode.querySelector("[data-offline-badge]");
    if (!badge) {
      badge = document.createElement("span");
      badge.className = "badge";
      badge.setAttribute("data-offline-badge", "");
      form.parentNode.insertBefore(badge, form);
    }
    badge.textContent = text;
    form.hidden = state !== "refused";
  }

  function showRefused(root, item) {
    var list = root.querySelector("[data-offline-refused]");
    if (!list || list.querySelector("[data-seq='" + item.seq + "']")) return;
    var li = document.createElement("li");
    li.className = "message message--error";
    li.setAttribute("data-seq", item.seq);
    li.textContent = root.dataset.labelRefused + " (" + item.label + "): " + item.message + " ";
    var dismiss = document.createElement("button");
    dismiss.type = "button";
    dismiss.className = "button button--quiet";
    dismiss.textContent = "OK";
    dismiss.addEventListener("click", function () { remove(item.seq).then(function () { li.remove(); }); });
    li.appendChild(dismiss);
    list.appendChild(li);
  }

  function render(root) {
    return items(root.dataset.scope).then(function (rows) {
      var waiting = 0;
      rows.forEach(function (item) {
        if (item.state === "refused") { showRefused(root, item); markRow(item, "refused", root.dataset.labelRefused); return; }
        waiting += 1;
        markRow(item, "waiting", root.dataset.labelWaiting);
      });
      // A row whose tap is no longer queued was sent (by this tab or another one).
      document.querySelectorAll("[data-offline-badge]").forEach(function (badge) {
        var form = badge.parentNode.querySelector("form[data-offline-action]");
        if (!form) return;
        var queued = rows.some(function (item) {
          return item.action.kind === form.dataset.offlineAction && String(item.action.rsvp) === form.dataset.rsvp;
        });
        if (!queued) badge.textContent = form.dataset.done || root.dataset.labelSent;
      });
      if (!waiting) setStatus(root, "");
      else setStatus(root, root.dataset.labelWaiting + ": " + waiting + (navigator.onLine ? "" : " · " + root.dataset.labelOffline));
      return rows;
    });
  }

  // Actions kept longer than the setting's number of days are not sent: the person is told, nothing is replayed.
  function expire(root, rows) {
    var keepMs = (parseInt(root.dataset.keepDays, 10) || 7) * DAY_MS;
    var now = Date.now();
    return Promise.all(rows.map(function (item) {
      if (item.state === "refused" || now - item.at <= keepMs) return null;
      item.state = "refused";
      item.message = root.dataset.labelExpired || "kept too long on this device: not sent";
      return put(item);
    }));
  }

  var flushing = {};
  var retries = {};
  // Every open tab of the site shares one queue: one tab sends at a time (Web Locks), and each tells the others
  // to redraw what they show.
  var channel = window.BroadcastChannel ? new BroadcastChannel("coalition-offline") : null;

  function exclusive(work) {
    if (navigator.locks && navigator.locks.request) return navigator.locks.request("coalition-offline-sync", work);
    return work();
  }

  function retryLater(root) {
    var scope = root.dataset.scope;
    var wait = Math.min(60000, 2000 * Math.pow(2, retries[scope] || 0));
    retries[scope] = (retries[scope] || 0) + 1;
    window.setTimeout(function () { flush(root); }, wait);
  }

  function flush(root) {
    var scope = root.dataset.scope;
    if (flushing[scope] || !navigator.onLine) return render(root);
    flushing[scope] = true;
    return exclusive(function () { return send(root); })
      .then(function () { flushing[scope] = false; if (channel) channel.postMessage(scope); return render(root); });
  }

  function send(root) {
    var scope = root.dataset.scope;
    return items(scope).then(function (rows) {
      return expire(root, rows).then(function () { return items(scope); });
    }).then(function (rows) {
      var waiting = rows.filter(function (item) { return item.state !== "refused"; });
      if (!waiting.length) return null;
      return fetch(root.dataset.syncUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify({ actions: waiting.map(function (item) { return Object.assign({ key: item.key }, item.action); }) })
      }).then(function (response) {
        if (response.status === 404) {
          return { results: waiting.map(function (item) { return { key: item.key, status: "refused", message: root.dataset.labelGone || "" }; }) };
        }
        if (!response.ok) { retryLater(root); return null; }  // a server or proxy error: keep waiting, try again
        retries[scope] = 0;
        return response.json();
      }).then(function (answer) {
        if (!answer || !answer.results) return null;
        var byKey = {};
        answer.results.forEach(function (result) { byKey[result.key] = result; });
        return Promise.all(waiting.map(function (item) {
          var result = byKey[item.key];
          if (!result) return null;
          if (result.status === "refused") {
            item.state = "refused";
            item.message = result.message;
            return put(item);
          }
          markRow(item, "sent", item.done || root.dataset.labelSent);
          return remove(item.seq);
        }));
      });
    }).catch(function () { /* offline after all: the actions wait for the `online` event */ });
  }

  // A check-in names its RSVP; a form's fields travel as they were typed, with the ids its data- attributes name.
  function actionFrom(form) {
    var kind = form.dataset.offlineAction;
    var action = { kind: kind };
    ["rsvp", "person", "event"].forEach(function (name) {
      if (form.dataset[name]) action[name] = parseInt(form.dataset[name], 10);
    });
    var label = form.dataset.offlineLabel || "";
    if (kind !== "check_in") {
      var fields = {};
      new FormData(form).forEach(function (value, name) { if (name !== "csrfmiddlewaretoken") fields[name] = String(value); });
      action.fields = fields;
      if (!label) label = fields.first_name || fields.name || kind;
    } else if (!label) {
      var button = form.querySelector("button");
      label = button ? button.textContent.trim() : kind;
    }
    return { action: action, label: label };
  }

  // Capture phase: the queue sees the submit before htmx does. A form marked data-offline-when="offline" goes the
  // usual way while there is signal; the host's page queues every tap.
  document.addEventListener("submit", function (event) {
    var form = event.target.closest && event.target.closest("form[data-offline-action]");
    var root = document.querySelector("[data-offline-queue]");
    if (!form || !root || !window.indexedDB) return;  // no queue here: the form posts as usual
    if (form.dataset.offlineWhen === "offline" && navigator.onLine) return;
    event.preventDefault();
    event.stopPropagation();
    var built = actionFrom(form);
    var item = { scope: root.dataset.scope, key: newKey(), at: Date.now(), state: "waiting", action: built.action,
                 label: built.label, done: form.dataset.done || "" };
    put(item).then(function (seq) {
      item.seq = seq;
      markRow(item, "waiting", root.dataset.labelWaiting);
      if (form.dataset.offlineAction !== "check_in") {
        form.reset();
        var key = form.querySelector("input[name=idempotency_key]");
        if (key) key.value = newKey();  // the next contact from this page is a new one
      }
      return flush(root);
    });
  }, true);

  if (channel) {
    channel.onmessage = function (event) {
      document.querySelectorAll("[data-offline-queue]").forEach(function (root) {
        if (root.dataset.scope === event.data) render(root);
      });
    };
  }

  function flushAll() { document.querySelectorAll("[data-offline-queue]").forEach(flush); }

  window.addEventListener("online", flushAll);
  window.addEventListener("offline", function () { document.querySelectorAll("[data-offline-queue]").forEach(render); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", flushAll);
  else flushAll();

  window.coalitionOfflineQueue = { flush: flushAll, items: items };
})();
