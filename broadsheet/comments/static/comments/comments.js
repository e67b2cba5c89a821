// The discussion's small enhancements. Without JavaScript every link here opens the discussion's own
// page, which does the same on the server.
// - "Load more comments": append the next page of the shared discussion fragment in place.
// - "Reply": open the reply form (a private fragment) under the comment, post it without leaving
//   the page and show the reply in place; Escape or Cancel closes the form.
// - The reader's own held replies arrive in their private fragment; put each under its thread.
(function () {
  "use strict";

  function ownPath(url) {
    return typeof url === "string" && url.indexOf("/") === 0 && url.indexOf("//") !== 0;
  }

  function threadItem(discussion, threadId) {
    var top = discussion.querySelector(".comments #comment-" + threadId);
    return top ? top.closest("li") : null;
  }

  function repliesOf(item) {
    var list = item.querySelector(":scope > .comment-replies");
    if (!list) {
      list = document.createElement("ol");
      list.className = "comment-replies";
      item.appendChild(list);
    }
    return list;
  }

  // Move the reader's own unpublished replies from their private part into the shared list.
  function placeOwn() {
    document.querySelectorAll("[data-own-comments]").forEach(function (own) {
      var discussion = own.closest(".discussion") || document;
      own.querySelectorAll("li[data-own-comment]").forEach(function (item) {
        var comment = item.querySelector(".comment");
        var threadId = comment && comment.getAttribute("data-thread");
        if (!threadId || threadId === item.getAttribute("data-own-comment")) return;
        var thread = threadItem(discussion, threadId);
        if (thread) repliesOf(thread).appendChild(item);
      });
      if (!own.querySelector("li[data-own-comment]")) own.remove();
    });
  }

  function loadMore(link) {
    var url = link.getAttribute("data-more");
    if (!ownPath(url)) return false;
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var list = link.closest(".comments");
        var more = holder.querySelector(".comment-threads");
        if (list && more) {
          list.querySelector(".comment-threads").append.apply(list.querySelector(".comment-threads"), Array.from(more.children));
        }
        var next = holder.querySelector(".comments-more");
        var paragraph = link.closest(".comments-more");
        if (next) paragraph.replaceWith(next); else paragraph.remove();
        placeOwn();
      })
      .catch(function () { location.href = link.href; });
    return true;
  }

  var opened = null; // { slot, link }: one reply form open at a time

  // The reply form's box: the one this script opened, or the one the server rendered (?reply=).
  function boxOf(element) {
    return element && element.closest ? element.closest(".comment-reply-slot") || element.closest(".comment-reply") : null;
  }

  function closeReply(box, returnFocus) {
    if (!box) return;
    var link = null;
    if (opened && opened.slot === box) {
      link = opened.link;
      opened = null;
    } else {
      var comment = box.previousElementSibling;
      link = comment && comment.querySelector("a[data-reply]");
    }
    box.remove();
    if (link) {
      link.setAttribute("aria-expanded", "false");
      if (returnFocus) link.focus();
    }
  }

  function openReply(link) {
    var url = link.getAttribute("data-reply");
    var comment = link.closest(".comment");
    if (!ownPath(url) || !comment) return false;
    if (opened && opened.link === link) {
      var open = opened.slot.querySelector("textarea");
      if (open) open.focus();
      return true;
    }
    if (opened) closeReply(opened.slot, false);
    var slot = document.createElement("div");
    slot.className = "comment-reply-slot";
    comment.after(slot);
    opened = { slot: slot, link: link };
    link.setAttribute("aria-expanded", "true");
    var next = location.pathname + location.search;
    fetch(url + "?next=" + encodeURIComponent(next), {
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (r) {
        var html = (r.headers.get("Content-Type") || "").indexOf("text/html") === 0;
        // A 404 carries the reason (the comment was taken down); anything else goes to the page itself.
        return (r.ok || r.status === 404) && html ? r.text() : Promise.reject(r.status);
      })
      .then(function (html) {
        if (!opened || opened.slot !== slot) return;
        slot.innerHTML = html;
        var field = slot.querySelector("textarea") || slot.querySelector("a, [role=alert]");
        if (field) {
          if (!field.matches("textarea, a")) field.setAttribute("tabindex", "-1");
          field.focus();
        }
      })
      .catch(function () { location.href = link.href; });
    return true;
  }

  function showError(form, message) {
    var error = form.querySelector(".comment-reply-error");
    error.textContent = message;
    error.hidden = false;
  }

  // The CSRF secret in the browser's cookie now. The page's private fragments load side by side, and
  // a reader without the cookie yet gets a new secret from each; the last one set is the one sent.
  function csrfCookie() {
    var found = document.cookie.split("; ").filter(function (c) { return c.indexOf("csrftoken=") === 0; })[0];
    return found ? found.slice("csrftoken=".length) : "";
  }

  function postReply(form) {
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    var data = new FormData(form);
    if (csrfCookie()) data.set("csrfmiddlewaretoken", csrfCookie());
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", Accept: "application/json" },
      body: new URLSearchParams(data),
    })
      .then(function (r) { return r.json(); })
      .then(function (answer) {
        button.disabled = false;
        if (!answer.ok) {
          showError(form, answer.message);
          form.querySelector("textarea").focus();
          return;
        }
        var discussion = form.closest(".discussion") || document;
        var holder = document.createElement("li");
        holder.innerHTML = answer.html;
        var thread = threadItem(discussion, answer.thread);
        var slot = boxOf(form);
        if (thread) repliesOf(thread).appendChild(holder);
        else slot.after(holder);
        // The outcome, read out by a screen reader; the reply in place (and its mark) shows it to the eye.
        var notice = document.createElement("p");
        notice.className = "visually-hidden comment-posted";
        notice.setAttribute("role", "status");
        notice.textContent = answer.message;
        var posted = holder.querySelector(".comment");
        posted.after(notice);
        closeReply(slot, false);
        posted.setAttribute("tabindex", "-1");
        posted.focus();
      })
      // The network or the answer failed: send the form the ordinary way instead.
      .catch(function () { form.submit(); });
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target : null;
    if (!target) return;
    var more = target.closest("a[data-more]");
    if (more && loadMore(more)) { event.preventDefault(); return; }
    var reply = target.closest("a[data-reply]");
    if (reply && openReply(reply)) { event.preventDefault(); return; }
    var cancel = target.closest("[data-reply-cancel]");
    if (cancel) { event.preventDefault(); closeReply(boxOf(cancel), true); }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-reply-form]") || !window.fetch) return;
    event.preventDefault();
    postReply(form);
  });

  document.addEventListener("keydown", function (event) {
    var box = event.key === "Escape" ? boxOf(document.activeElement) : null;
    if (box) {
      event.preventDefault();
      closeReply(box, true);
    }
  });

  document.addEventListener("fragment:loaded", placeOwn);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", placeOwn);
  else placeOwn();
})();
