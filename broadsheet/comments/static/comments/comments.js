// "Load more comments": append the next page of the shared discussion fragment in place.
// Without JavaScript the link opens the discussion's own page at that page.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-more]");
    if (!link) return;
    var url = link.getAttribute("data-more");
    if (url.indexOf("/") !== 0) return;
    event.preventDefault();
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
      })
      .catch(function () { location.href = link.href; });
  });
})();
