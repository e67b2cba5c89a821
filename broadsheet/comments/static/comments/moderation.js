// Keyboard shortcuts for the moderation queue, as Coral's: j/k move between comments, x ticks,
// a approves, r rejects under the chosen rule, p picks, h opens the author's history. They only
// press the page's own buttons, so the queue works the same without JavaScript.
(function () {
  "use strict";
  var form = document.getElementById("moderation-form");
  if (!form) return;
  var items = Array.prototype.slice.call(form.querySelectorAll(".moderation-item"));
  var legend = document.getElementById("moderation-legend");
  if (legend) legend.hidden = false;
  var current = -1;

  function select(index) {
    if (!items.length) return;
    index = Math.max(0, Math.min(items.length - 1, index));
    if (current >= 0 && items[current]) items[current].classList.remove("is-current");
    current = index;
    var item = items[current];
    item.classList.add("is-current");
    item.querySelector("input[type=checkbox]").focus();
    item.scrollIntoView({ block: "nearest" });
  }

  function ticked() {
    return form.querySelectorAll("input[name=comment]:checked").length;
  }

  // Act on the ticked comments; with none ticked, on the current one (its own button).
  function act(action) {
    if (action === "reject" && !form.querySelector("#moderation-rule").value) {
      var rule = form.querySelector("#moderation-rule");
      rule.focus();
      rule.setAttribute("aria-invalid", "true");
      return;
    }
    if (ticked()) {
      form.querySelector("button[name=action][value=" + action + "]").click();
    } else if (current >= 0) {
      var own = items[current].querySelector("[data-row-action=" + action + "]");
      if (own) own.click();
    }
  }

  form.addEventListener("focusin", function (event) {
    var item = event.target.closest(".moderation-item");
    if (item) {
      if (current >= 0 && items[current]) items[current].classList.remove("is-current");
      current = items.indexOf(item);
      item.classList.add("is-current");
    }
  });
  form.querySelector("#moderation-rule").addEventListener("change", function (event) {
    event.target.removeAttribute("aria-invalid");
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    var target = event.target;
    if (target.closest && target.closest("input[type=text], input:not([type]), select, textarea, [contenteditable]")) return;
    var key = event.key;
    if (key === "j") select(current + 1);
    else if (key === "k") select(current - 1);
    else if (key === "x" && current >= 0) items[current].querySelector("input[type=checkbox]").click();
    else if (key === "a") act("approve");
    else if (key === "r") act("reject");
    else if (key === "p" && ticked()) form.querySelector("button[name=action][value=pick]").click();
    else if (key === "h" && current >= 0) {
      var history = items[current].querySelector("[data-history]");
      if (history) history.click();
    } else return;
    event.preventDefault();
  });
})();
