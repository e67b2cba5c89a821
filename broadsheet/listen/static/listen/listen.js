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

    document.querySelectorAll("audio[data-hls-player]").forEach(playHls);
  }

  // An HLS station in a browser without native HLS (Firefox, Chromium before 141): fetch the playlist
  // and segments with hls.js, loaded from our own static files only here, and play them through
  // Media Source Extensions. Nothing is fetched before the listener presses play.
  var HLS_TYPE = "application/vnd.apple.mpegurl";

  function playHls(audio) {
    var stream = audio.getAttribute("src");
    if (audio.canPlayType(HLS_TYPE)) return;
    if (!window.MediaSource && !window.ManagedMediaSource) return;  // the link inside the player remains
    audio.removeAttribute("src");  // this browser would only report an error for it
    var script = document.createElement("script");
    script.src = audio.getAttribute("data-hls-player");
    script.addEventListener("load", function () {
      if (!window.Hls || !window.Hls.isSupported()) { audio.src = stream; return; }
      // No worker: it would start from a blob: URL, which the site's script policy refuses.
      var hls = new window.Hls({ enableWorker: false, autoStartLoad: false, liveDurationInfinity: true });
      hls.loadSource(stream);
      hls.attachMedia(audio);
      var started = false;
      function start() {
        if (!started) { started = true; hls.startLoad(-1); }
      }
      audio.addEventListener("play", start);
      if (!audio.paused) start();  // play was pressed while hls.js was still loading
      // hls.js retries the network itself; a decoding error is recovered once, the way its guide says.
      var recovered = false;
      hls.on(window.Hls.Events.ERROR, function (event, data) {
        if (data.fatal && data.type === window.Hls.ErrorTypes.MEDIA_ERROR && !recovered) {
          recovered = true;
          hls.recoverMediaError();
        }
      });
    });
    document.head.appendChild(script);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
