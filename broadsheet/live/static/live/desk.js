// The live desk's one text box: Enter publishes (the form's own submit), Shift+Enter is a new line.
// Without this script the box is a plain textarea and the button under it sends the form.
(function () {
  "use strict";
  var form = document.getElementById("live-desk-form");
  if (!form) return;
  var box = form.querySelector("textarea[name=text]");
  var sending = false;
  form.addEventListener("submit", function () { sending = true; });
  // After a post the desk reloads with the box empty: put the cursor back in it for the next entry.
  if (!form.querySelector(".error-message, .error")) box.focus();
  // A phone's on-screen Enter is its only way to a new line: there the button publishes.
  if (window.matchMedia("(pointer: coarse)").matches) return;
  var keys = document.getElementById("live-desk-keys");
  keys.hidden = false;
  box.setAttribute("aria-describedby", [box.getAttribute("aria-describedby"), keys.id].filter(Boolean).join(" "));
  box.addEventListener("keydown", function (event) {
    // isComposing: Enter that confirms an input-method composition (Chinese, Japanese) is not a send.
    if (event.key !== "Enter" || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey || event.isComposing) {
      return;
    }
    event.preventDefault();
    if (sending || !box.value.trim()) return;  // an empty box publishes nothing; a second Enter sends once
    sending = true;
    form.requestSubmit();
  });
})();
