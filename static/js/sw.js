// The service worker (docs/offline.md), served at /sw.js so it covers the whole site. It keeps a copy of the
// pages a person opened, and of the pages their account lists for offline use (their own people, today's
// check-in lists), and opens them from that copy when there is no signal. Network first: with signal a page
// is always fresh. Copies older than the keep days are thrown away; signing out deletes them all (app.js).
// Nothing is ever sent from here: queued taps live in IndexedDB (offline_queue.js).
"use strict";

var CACHE = "coalition-pages";
var KEEP_DAYS = parseInt(new URL(self.location.href).searchParams.get("keep") || "7", 10);
var KEEP_MS = KEEP_DAYS * 24 * 60 * 60 * 1000;
var NEVER = ["/accounts/", "/sw.js", "/offline/", "/backoffice/", "/healthz", "/i18n/"];

function cacheable(request) {
  if (request.method !== "GET") return false;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return false;
  if (NEVER.some(function (prefix) { return url.pathname.indexOf(prefix) === 0; })) return false;
  return request.mode === "navigate" || url.pathname.indexOf("/static/") === 0;
}

function store(request, response) {
  if (!response.ok || response.type !== "basic" || response.redirected) return Promise.resolve();
  // Pages only, never a download (a manifest's CSV carries phone numbers).
  var type = response.headers.get("content-type") || "";
  var isStatic = new URL(request.url).pathname.indexOf("/static/") === 0;
  if (!isStatic && (type.indexOf("text/html") !== 0 || response.headers.get("content-disposition"))) return Promise.resolve();
  return response.clone().blob().then(function (body) {
    var headers = new Headers(response.headers);
    headers.set("x-saved-at", String(Date.now()));
    return caches.open(CACHE).then(function (cache) {
      return cache.put(request, new Response(body, { status: response.status, statusText: response.statusText, headers: headers }));
    });
  });
}

function expired(response) {
  var saved = parseInt(response.headers.get("x-saved-at") || "0", 10);
  return Date.now() - saved > KEEP_MS;
}

function purge() {
  return caches.open(CACHE).then(function (cache) {
    return cache.keys().then(function (requests) {
      return Promise.all(requests.map(function (request) {
        return cache.match(request).then(function (response) { return response && expired(response) ? cache.delete(request) : null; });
      }));
    });
  });
}

function offlinePage() {
  var html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
    "<title>No signal</title></head><body><main><h1>No signal</h1><p>This page was not saved on this device. " +
    "Go back: the pages you opened before work without signal, and your taps wait until it returns.</p>" +
    "<p lang=\"es\">Sin señal: esta página no está guardada en este aparato. Vuelva atrás.</p></main></body></html>";
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(purge().then(function () { return self.clients.claim(); })); });

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (!cacheable(request)) return;
  event.respondWith(fetch(request).then(function (response) {
    event.waitUntil(store(request, response));
    return response;
  }).catch(function () {
    return caches.open(CACHE).then(function (cache) { return cache.match(request, { ignoreVary: true }); }).then(function (hit) {
      if (hit && !expired(hit)) return hit;
      return request.mode === "navigate" ? offlinePage() : Response.error();
    });
  }));
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "clear") {
    event.waitUntil(caches.delete(CACHE));
  } else if (data.type === "save" && Array.isArray(data.urls)) {
    // One page after another: on a cheap phone with weak signal, and for the server, a hundred requests at once
    // would crowd out the page the person is opening.
    event.waitUntil(data.urls.slice(0, 200).reduce(function (before, url) {
      return before.then(function () {
        var request = new Request(url, { credentials: "same-origin" });
        return fetch(request).then(function (response) { return store(request, response); }).catch(function () { return null; });
      });
    }, Promise.resolve()));
  }
});
