// Show the breaking-news banner: fetch the shared fragment on load and every few seconds while the
// tab is visible, hide it past its expiry, and keep a dismissed alert hidden on every page.
(function () {
  "use strict";

  var EVERY_MS = 3000;
  var DISMISSED = "broadsheet:dismissed-alert";
  var slot, url, shown = null; // shown: the HTML of the banner on screen, to announce only changes

  function dismissedId() {
    try { return localStorage.getItem(DISMISSED); } catch (e) { return null; } // storage may be off
  }

  function remember(id) {
    try { localStorage.setItem(DISMISSED, id); } catch (e) { /* dismissed on this page only */ }
  }

  function expired(banner) {
    var at = Date.parse(banner.getAttribute("data-expires"));
    return !isNaN(at) && at <= Date.now();
  }

  function clear() {
    shown = null;
    slot.replaceChildren();
    document.body.style.paddingBottom = "";
  }

  function show(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var banner = holder.querySelector("[data-alert]");
    if (!banner || expired(banner) || banner.getAttribute("data-alert") === dismissedId()) {
      if (shown !== null) clear();
      return;
    }
    if (html === shown) return; // the same alert: leave it, or screen readers would repeat it
    banner.querySelector("button").addEventListener("click", function () {
      remember(banner.getAttribute("data-alert"));
      clear();
    });
    slot.replaceChildren(banner);
    shown = html;
    // Room at the page's foot, so the banner never covers the last lines for good.
    document.body.style.paddingBottom = banner.offsetHeight + "px";
  }

  function check() {
    var current = slot.querySelector("[data-alert]");
    if (current && expired(current)) clear();
    fetch(url, { credentials: "omit" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) show(html.trim()); })
      .catch(function () { /* offline: keep what is shown until its expiry */ })
      .then(function () { slot.setAttribute("data-checked", ""); }); // for tests: one look is done
  }

  function start() {
    slot = document.querySelector("[data-alerts-banner]");
    if (!slot) return;
    url = slot.getAttribute("data-alerts-banner");
    if (url.indexOf("/") !== 0) return; // only our own origin's paths
    check();
    setInterval(function () { if (!document.hidden) check(); }, EVERY_MS);
    document.addEventListener("visibilitychange", function () { if (!document.hidden) check(); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
