// Polls: vote without leaving the page, and keep the counts fresh while the reader looks at them.
// Without JavaScript the same form posts normally and the server sends the reader back to the poll.
(function () {
  "use strict";
  var REFRESH_MS = 3000; // results are cached for 2 s, so what a reader sees is at most 5 s old

  function placeholderOf(el) { return el.closest("[data-fragment]"); }

  function say(body, text) {
    var box = body.querySelector(".poll-message");
    if (!box) {
      box = document.createElement("p");
      box.className = "poll-message";
      box.setAttribute("role", "alert");
      body.insertBefore(box, body.firstChild);
    }
    box.textContent = text;
  }

  function submit(event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("poll-form")) return;
    var holder = placeholderOf(form);
    if (!holder || !window.fetch) return; // the normal POST will do
    event.preventDefault();
    var body = form.closest(".poll-body");
    var button = form.querySelector("button");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "X-CSRFToken": form.elements.csrfmiddlewaretoken.value },
    })
      .then(function (r) { return r.json(); })
      .then(function (answer) {
        if (answer.ok) window.Broadsheet.loadFragment(holder).then(function () { focusOutcome(holder); });
        else if (answer.code === "duplicate") {
          // Voted already (in another tab): show the vote this reader cast, with the reason.
          window.Broadsheet.loadFragment(holder).then(function () {
            var fresh = holder.querySelector(".poll-body");
            if (fresh) say(fresh, answer.message);
            if (fresh === body) button.disabled = false; // not refreshed (offline): the message is all there is
            focusOutcome(holder);
          });
        }
        else { say(body, answer.message); button.disabled = false; }
      })
      .catch(function () { say(body, "Your vote could not be sent. Check your connection and try again."); button.disabled = false; });
  }

  // The form the reader was in is replaced: put keyboard and screen-reader focus on what took its place.
  function focusOutcome(holder) {
    var outcome = holder.querySelector(".poll-results[tabindex], .poll-thanks, .poll-message");
    if (!outcome) return;
    if (!outcome.hasAttribute("tabindex")) outcome.setAttribute("tabindex", "-1");
    outcome.focus();
  }

  function refresh(body) {
    if (document.hidden || !body.isConnected) return;
    fetch(body.getAttribute("data-results-url"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (results) {
        if (!results) return;
        results.options.forEach(function (option) {
          var row = body.querySelector('.poll-result[data-option="' + option.id + '"]');
          if (!row) return;
          row.querySelector(".poll-percent").textContent = option.percent + "%";
          row.querySelector(".poll-votes").textContent = option.votes.toLocaleString("en-GB");
          row.querySelector(".poll-bar span").style.width = option.percent + "%";
        });
        var total = body.querySelector(".poll-total-count");
        if (total) total.textContent = results.total.toLocaleString("en-GB");
      })
      .catch(function () {});
  }

  function watch(root) {
    root.querySelectorAll(".poll-body[data-live]").forEach(function (body) {
      if (body.hasAttribute("data-watched")) return;
      body.setAttribute("data-watched", "");
      var timer = setInterval(function () {
        if (!body.isConnected) return clearInterval(timer);
        refresh(body);
      }, REFRESH_MS);
    });
  }

  document.addEventListener("submit", submit);
  document.addEventListener("fragment:loaded", function (event) { watch(event.detail); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { watch(document); });
  else watch(document);
})();
