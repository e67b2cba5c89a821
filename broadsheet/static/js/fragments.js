// Fill each [data-fragment] placeholder with its per-reader or fresh HTML after the page loads.
// The shared page keeps a no-JavaScript fallback inside the placeholder; [data-refresh="N"] reloads
// the fragment every N seconds while the page is visible.
(function () {
  "use strict";

  function load(el) {
    var url = el.getAttribute("data-fragment");
    if (url.indexOf("/") !== 0) return; // only our own origin's paths
    var sep = url.indexOf("?") === -1 ? "?" : "&";
    return fetch(url + sep + "next=" + encodeURIComponent(location.pathname), {
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) return;
        el.innerHTML = html;
        el.setAttribute("data-fragment-loaded", "");
        document.dispatchEvent(new CustomEvent("fragment:loaded", { detail: el }));
      })
      .catch(function () { /* keep the fallback */ });
  }

  function start() {
    document.querySelectorAll("[data-fragment]").forEach(function (el) {
      load(el);
      var every = parseInt(el.getAttribute("data-refresh"), 10);
      if (every > 0) {
        setInterval(function () { if (!document.hidden) load(el); }, every * 1000);
      }
    });
  }

  window.Broadsheet = { loadFragment: load };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
