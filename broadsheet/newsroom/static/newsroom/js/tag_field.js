// The article's tag box: suggestions for the name being typed (after the last comma), chosen with the
// arrow keys and Enter or a click; a name no tag has can be made a new topic, person, place or
// organisation. Without this script the box still works: names separated by commas, new ones topics.
(function () {
  "use strict";

  function setUp(field) {
    var input = field.querySelector("input[type=text]");
    var kindsInput = field.querySelector("[data-tag-kinds]");
    var list = field.querySelector("[role=listbox]");
    var status = field.querySelector("[aria-live]");
    var url = field.getAttribute("data-suggest-url");
    var options = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");

    function kinds() {
      try { return JSON.parse(kindsInput.value || "{}"); } catch (e) { return {}; }
    }

    function typedNames() {
      return input.value.split(",").map(function (s) { return s.trim().toLowerCase(); }).filter(Boolean);
    }

    function fragment() {
      var parts = input.value.split(",");
      return parts[parts.length - 1].trim();
    }

    function close() {
      list.hidden = true;
      list.textContent = "";
      options = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      options.forEach(function (o, n) { o.el.setAttribute("aria-selected", n === index ? "true" : "false"); });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].el.id);
        options[index].el.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(option) {
      var parts = input.value.split(",");
      parts[parts.length - 1] = " " + option.name;
      input.value = parts.map(function (s) { return s.trim(); }).filter(Boolean).join(", ") + ", ";
      if (option.kind && option.isNew) {
        var chosen = kinds();
        chosen[option.name] = option.kind;
        kindsInput.value = JSON.stringify(chosen);
      }
      status.textContent = option.isNew ? "New " + option.kindLabel.toLowerCase() + " " + option.name + " added." : option.name + " added.";
      close();
      input.focus();
    }

    function show(found, typed) {
      close();
      var already = typedNames().slice(0, -1);
      var exact = false;
      found.tags.forEach(function (tag) {
        if (tag.name.toLowerCase() === typed.toLowerCase()) { exact = true; }
        if (already.indexOf(tag.name.toLowerCase()) === -1) {
          options.push({ name: tag.name, label: tag.name, detail: tag.kind_label, isNew: false });
        }
      });
      if (!exact) {
        found.kinds.forEach(function (kind) {
          options.push({ name: typed, kind: kind.kind, kindLabel: kind.label, label: "New tag “" + typed + "”", detail: kind.label, isNew: true });
        });
      }
      options.forEach(function (option, n) {
        var li = document.createElement("li");
        li.id = list.id + "-" + n;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.className = option.isNew ? "tag-field__option tag-field__option--new" : "tag-field__option";
        var name = document.createElement("span");
        name.textContent = option.label;
        var detail = document.createElement("span");
        detail.className = "tag-field__kind";
        detail.textContent = option.detail;
        li.appendChild(name);
        li.appendChild(detail);
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(option); });
        option.el = li;
        list.appendChild(li);
      });
      if (options.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
      status.textContent = options.length + (options.length === 1 ? " suggestion" : " suggestions");
    }

    function ask() {
      var typed = fragment();
      if (!typed) { close(); return; }
      var number = ++asked;
      fetch(url + "?q=" + encodeURIComponent(typed), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (found) { if (found && number === asked && fragment() === typed) { show(found, typed); } })
        .catch(function () { close(); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 120);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden || !options.length) { return; }
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % options.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active <= 0 ? options.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();  // chooses the tag; it does not submit the article
        choose(options[active]);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-tag-field]"), function (field) {
      if (!field.hasAttribute("data-tag-field-ready")) {
        field.setAttribute("data-tag-field-ready", "");
        setUp(field);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
