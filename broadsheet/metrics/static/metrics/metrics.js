// Count a view once the reader's browser shows the article (also when its HTML came from a cache).
// The counters keep a line of their own before they arrive (see counters.html), so nothing moves when they do.
(function () {
  "use strict";

  function send(el) {
    var body = new URLSearchParams({ article: el.getAttribute("data-count-view"), ref: document.referrer || "" });
    var url = el.getAttribute("data-beacon");
    if (navigator.sendBeacon && navigator.sendBeacon(url, body)) return;
    fetch(url, { method: "POST", body: body, keepalive: true, credentials: "omit" }).catch(function () {});
  }

  // A prerendered or background tab is not a reader: wait until the page is really shown.
  function whenShown(callback) {
    if (document.prerendering) {
      document.addEventListener("prerenderingchange", callback, { once: true });
    } else if (document.visibilityState === "hidden") {
      document.addEventListener("visibilitychange", function shown() {
        if (document.visibilityState !== "visible") return;
        document.removeEventListener("visibilitychange", shown);
        callback();
      });
    } else {
      callback();
    }
  }

  function start() {
    var el = document.querySelector("[data-count-view]");
    if (el) whenShown(function () { send(el); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
