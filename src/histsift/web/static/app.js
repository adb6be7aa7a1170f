// histsift serve: the little script the pages use. Every page works without
// it; it centres a cited passage, follows a rebuild live, and checks uploads
// before they are sent. It only ever sets textContent, never HTML.
(function () {
  "use strict";

  // Source viewer: bring the cited passage to the middle of the screen.
  // After the load, so that the browser's own jump to #hl does not undo it.
  var hl = document.getElementById("hl");
  if (hl) {
    var centre = function () { hl.scrollIntoView({block: "center"}); };
    if (document.readyState === "complete") window.setTimeout(centre, 0);
    else window.addEventListener("load", function () { window.setTimeout(centre, 0); });
  }

  // Rebuild: poll the status until the build ends, then show the result.
  var build = document.getElementById("build");
  if (build && build.dataset.state === "running") {
    var bar = document.getElementById("build-progress");
    var phase = document.getElementById("build-phase");
    var count = document.getElementById("build-count");
    var poll = function () {
      fetch("/build/status", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
        if (s.state !== "running") {
          window.location.reload();
          return;
        }
        phase.textContent = s.phase.charAt(0).toUpperCase() + s.phase.slice(1) + (s.current ? ": " + s.current : "");
        if (s.total && s.done < s.total) {
          bar.max = s.total;
          bar.value = s.done;
        } else {
          bar.removeAttribute("value");
        }
        count.textContent = s.count || "";
        window.setTimeout(poll, 400);
      }).catch(function () { window.setTimeout(poll, 1500); });
    };
    window.setTimeout(poll, 250);
  }

  // Upload: name the chosen files, and refuse too large or unreadable ones
  // before sending them (the server checks again).
  var form = document.getElementById("upload-form");
  if (form) {
    var input = document.getElementById("files");
    var hint = form.querySelector(".drop-hint");
    var problem = document.getElementById("upload-problem");
    var max = parseInt(form.dataset.maxBytes, 10);
    var ok = (input.getAttribute("accept") || "").split(",");
    var check = function () {
      var bad = [];
      for (var i = 0; i < input.files.length; i++) {
        var f = input.files[i];
        var dot = f.name.lastIndexOf(".");
        var suffix = dot >= 0 ? f.name.slice(dot).toLowerCase() : "";
        if (ok.indexOf(suffix) < 0) bad.push(f.name + ": histsift does not read " + (suffix || "files without a suffix"));
        else if (f.size > max) bad.push(f.name + ": " + (f.size / 1e6).toFixed(1) + " MB is over the limit of " + Math.round(max / 1048576) + " MB a file");
      }
      return bad;
    };
    input.addEventListener("change", function () {
      var names = [];
      for (var i = 0; i < input.files.length; i++) names.push(input.files[i].name);
      hint.textContent = names.length ? names.join(", ") : "Choose files (or drop them here)";
      var bad = check();
      problem.hidden = !bad.length;
      problem.textContent = bad.join(" · ");
    });
    form.addEventListener("submit", function (ev) {
      if (!input.files.length) {
        ev.preventDefault();
        problem.hidden = false;
        problem.textContent = "Choose one or more files first.";
        return;
      }
      var bad = check();
      if (bad.length === input.files.length) {
        ev.preventDefault();
        problem.hidden = false;
        problem.textContent = bad.join(" · ");
        return;
      }
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      button.textContent = "Uploading…";
    });
  }
})();
