(function () {
  "use strict";
  var lit = [];
  var back = document.getElementById("back");
  function openAround(el) {
    for (var d = el.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) d.open = true;
  }
  function show() {
    lit.forEach(function (m) { m.classList.remove("on"); });
    lit = [];
    var id = "";
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    var target = id && document.getElementById(id);
    if (!target) { back.hidden = true; return; }
    openAround(target);
    if (id.indexOf("q-") === 0) {
      document.querySelectorAll("mark[data-q]").forEach(function (m) {
        if (m.getAttribute("data-q").split(" ").indexOf(id) >= 0) { m.classList.add("on"); lit.push(m); }
      });
      (lit[0] || target).scrollIntoView({block: "center"});
    }
    back.hidden = history.length < 2;
  }
  // on a narrow screen the overview scrolls sideways: start at its busiest year
  var tl = document.querySelector(".tl-svg");
  if (tl && tl.parentElement.scrollWidth > tl.parentElement.clientWidth) {
    var w = tl.parentElement;
    w.scrollLeft = parseFloat(tl.getAttribute("data-focus") || "0") * w.scrollWidth - w.clientWidth / 2;
  }
  back.addEventListener("click", function (e) { e.preventDefault(); history.back(); });
  window.addEventListener("hashchange", show);
  show();
})();
