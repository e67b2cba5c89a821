// "Get short URL": shows the copy button and copies the link. Without this script the link is
// still in a read-only field that can be selected and copied by hand.
(function () {
  "use strict";

  function copy(field) {
    field.focus();
    field.select();
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(field.value).then(function () { return true; }, function () { return false; });
    }
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
    return Promise.resolve(copied);
  }

  function start() {
    document.querySelectorAll(".short-link-copy[data-copy]").forEach(function (button) {
      var field = document.getElementById(button.getAttribute("data-copy"));
      var status = button.closest(".short-link-panel").querySelector(".short-link-status");
      if (!field) { return; }
      button.hidden = false;
      field.addEventListener("focus", function () { field.select(); });
      button.addEventListener("click", function () {
        copy(field).then(function (copied) {
          status.textContent = copied ? "Copied." : "Press Ctrl+C (or ⌘C) to copy the selected link.";
        });
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
