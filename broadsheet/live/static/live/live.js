// Live blogs: poll the page's shared updates fragment and apply what changed, without moving what
// the reader is reading. New entries wait behind the "N new updates" button (always: the text never
// moves unless the reader asks); corrections, deletions and pinning apply at once, keeping the
// entry at the top of the reader's screen where it was. Without JavaScript a reload does it all.
(function () {
  "use strict";
  var EVERY_MS = 3000, SLOWEST_MS = 60000;
  var section = document.querySelector("[data-live-updates]");
  if (!section || !window.fetch || !window.Map) return;
  var url = section.getAttribute("data-live-updates");
  var onFirstPage = section.getAttribute("data-page-number") === "1";
  var hasOlder = section.getAttribute("data-has-older") === "true";
  var version = +section.getAttribute("data-version");
  var newest = Date.parse(section.getAttribute("data-newest")) || 0; // of the entries when the page was built
  var list = section.querySelector(".live-entry-list");
  var pinnedSlot = section.querySelector(".live-pinned");
  var button = section.querySelector(".live-new");
  var status = section.querySelector("[data-live-status]");
  var keyEvents = document.querySelector(".key-events");
  var pending = new Map(); // id -> a new entry waiting for the reader, newest last
  var keyEventsNow = null, stale = false, delay = EVERY_MS, timer = null;

  function timeOf(entry) {
    var time = entry.querySelector(".live-entry-time time");
    return time ? Date.parse(time.getAttribute("datetime")) : 0;
  }

  function entryIn(root, id) {
    var found = document.getElementById(id);
    return found && root.contains(found) ? found : null;
  }

  // The first entry still on screen keeps its distance from the top of the screen. At the very top
  // of the page the reader is on the headline, which stays put anyway. The browser's own scroll
  // anchoring is off meanwhile so the two never add up.
  function keepingPlace(change) {
    var anchor = null, before = 0;
    if (window.scrollY > 0) {
      var entries = section.querySelectorAll(".live-entry");
      for (var i = 0; i < entries.length && !anchor; i++) {
        var box = entries[i].getBoundingClientRect();
        if (box.bottom > 0) { anchor = entries[i]; before = box.top; }
      }
    }
    var root = document.documentElement;
    root.style.overflowAnchor = "none";
    change();
    if (anchor && anchor.isConnected) {
      var moved = anchor.getBoundingClientRect().top - before;
      if (moved) window.scrollBy(0, moved);
    }
    requestAnimationFrame(function () { requestAnimationFrame(function () { root.style.overflowAnchor = ""; }); });
  }

  // Put an entry where the server would: a pinned one on top of the first page, others by time.
  function place(entry) {
    var empty = list.querySelector(".live-empty");
    if (empty) empty.remove();
    if (entry.hasAttribute("data-pinned")) {
      if (!onFirstPage) return;
      var previous = pinnedSlot.querySelector(".live-entry");
      pinnedSlot.appendChild(entry);
      if (previous) {
        // Unpinned now (its own update follows in the same fragment): back among the others by time.
        previous.removeAttribute("data-pinned");
        previous.classList.remove("is-pinned");
        place(previous);
      }
      return;
    }
    var time = timeOf(entry), shown = list.querySelectorAll(".live-entry");
    for (var i = 0; i < shown.length; i++) {
      if (timeOf(shown[i]) < time) return list.insertBefore(entry, shown[i]);
    }
    if (!hasOlder) list.appendChild(entry); // else it belongs on an older page
  }

  function fillFragments(entry) {
    if (!window.Broadsheet) return;
    entry.querySelectorAll("[data-fragment]").forEach(function (el) { window.Broadsheet.loadFragment(el); });
  }

  function apply(entry) {
    var id = entry.id, shown = entryIn(section, id), waiting = pending.get(id);
    var held = shown || waiting;
    if (held && +held.getAttribute("data-version") >= +entry.getAttribute("data-version")) return false;
    if (entry.getAttribute("data-state") === "deleted") {
      pending.delete(id);
      if (shown) shown.remove();
      return !!shown;
    }
    if (waiting || (!shown && timeOf(entry) > newest)) {
      pending.set(id, entry);
      return false;
    }
    if (!shown) {
      if (!(onFirstPage && entry.hasAttribute("data-pinned"))) return false; // on a page the reader is not on
      place(entry);
    } else if (shown.hasAttribute("data-pinned") !== entry.hasAttribute("data-pinned")) {
      shown.remove();
      place(entry);
    } else {
      shown.replaceWith(entry);
    }
    fillFragments(entry);
    return true;
  }

  function showKeyEvents() {
    if (!keyEvents || !keyEventsNow) return;
    var items = document.importNode(keyEventsNow.content, true);
    items.querySelectorAll("a[data-page]").forEach(function (link) {
      var id = link.hash.slice(1);
      var here = document.getElementById(id) || (onFirstPage && (pending.has(id) || link.getAttribute("data-page") === "1"));
      if (here) link.setAttribute("href", "#" + id);
    });
    var ol = keyEvents.querySelector("ol");
    ol.replaceChildren(items);
    keyEvents.hidden = !ol.querySelector("li");
  }

  function say(text) {
    status.textContent = text;
  }

  function showButton() {
    var count = pending.size;
    if (stale) {
      button.textContent = "New updates: reload the page";
    } else if (count) {
      button.textContent = count + (count === 1 ? " new update" : " new updates");
    }
    button.hidden = !(stale || count);
  }

  function showWaiting(focus) {
    if (!pending.size) return;
    var added = Array.from(pending.values());
    pending.clear();
    keepingPlace(function () {
      added.forEach(function (entry) { entry.classList.add("is-new"); place(entry); fillFragments(entry); });
      showKeyEvents();
    });
    showButton();
    var first = added.filter(function (entry) { return entry.isConnected; }).sort(function (a, b) {
      return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    })[0];
    if (focus && first) {
      first.setAttribute("tabindex", "-1");
      first.focus({ preventScroll: true });
    }
  }

  function take(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var updates = template.content.querySelector(".live-updates");
    if (!updates || +updates.getAttribute("data-version") <= version) return;
    if (version < +updates.getAttribute("data-oldest")) {
      stale = true; // changes this page never saw have left the fragment
      showButton();
      say("New updates: reload the page to see them.");
      return;
    }
    var before = pending.size, entries = updates.querySelectorAll("article.live-entry"), changed = false;
    keepingPlace(function () {
      entries.forEach(function (entry) { changed = apply(entry) || changed; });
    });
    keyEventsNow = updates.querySelector("template.live-key-events-now");
    if (changed) keepingPlace(showKeyEvents);
    version = +updates.getAttribute("data-version");
    section.setAttribute("data-version", version);
    entries.forEach(function (entry) { newest = Math.max(newest, timeOf(entry)); });
    showButton();
    if (pending.size > before) say(pending.size + (pending.size === 1 ? " new update" : " new updates"));
  }

  function poll() {
    timer = null;
    if (stale || document.visibilityState !== "visible") return; // visibilitychange starts it again
    fetch(url, { credentials: "omit" }) // the same bytes for every reader: no cookies needed
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) { take(html); delay = EVERY_MS; })
      .catch(function () { delay = Math.min(delay * 2, SLOWEST_MS); }) // the server is struggling: ask less often
      .then(schedule);
  }

  function schedule() {
    if (!timer && !stale) timer = setTimeout(poll, delay);
  }

  if (button.tagName === "BUTTON") {
    button.addEventListener("click", function () {
      if (stale) location.reload();
      else showWaiting(true);
    });
  }
  // A key event among the waiting entries: show them first, so the link has somewhere to go.
  if (keyEvents) {
    keyEvents.addEventListener("click", function (event) {
      var link = event.target.closest("a");
      if (onFirstPage && link && pending.has(link.hash.slice(1))) showWaiting(false);
    });
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { clearTimeout(timer); timer = null; poll(); }
  });
  schedule();
})();
