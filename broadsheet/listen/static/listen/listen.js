// Listen: speed control and a docked player for article audio; Listen Live in its own small window.
(function () {
  "use strict";

  function setUp() {
    document.querySelectorAll(".listen-panel").forEach(function (panel) {
      var audio = panel.querySelector("audio");
      var speed = panel.querySelector(".listen-speed");
      if (!audio) return;
      if (speed) {
        speed.hidden = false;
        speed.querySelector("select").addEventListener("change", function (event) {
          audio.playbackRate = parseFloat(event.target.value) || 1;
        });
      }
      // While it plays the player stays in view, whatever the reader scrolls to.
      audio.addEventListener("play", function () { panel.classList.add("is-docked"); });
      audio.addEventListener("ended", function () { panel.classList.remove("is-docked"); });
      var details = panel.closest("details");
      if (details) {
        details.addEventListener("toggle", function () {
          if (!details.open) { audio.pause(); panel.classList.remove("is-docked"); }
        });
      }
    });

    // A small window of its own keeps playing while the reader moves between pages; without
    // JavaScript (or with pop-ups blocked) the link opens the player as a page.
    document.querySelectorAll("[data-listen-live]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var opened = window.open(link.href, "listen-live", "popup,width=420,height=560");
        if (opened) { event.preventDefault(); opened.focus(); }
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
