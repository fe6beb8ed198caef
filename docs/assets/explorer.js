// The learning-rate explorer of the optimisers page. It only draws: every path, end point, region bound
// and contour line comes from derive (derive/chapters/optimisers/experiments.py, explorer_data), written
// at build time to assets/generated/explorer/optimisers.json. Nothing here computes an iterate.
(function () {
  "use strict";
  var script = document.currentScript;
  var SVG = "http://www.w3.org/2000/svg";

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  function setup(root, data) {
    var svg = root.querySelector("svg.opt-explorer-plot");
    var slider = root.querySelector("input[type=range]");
    var readout = root.querySelector("output");
    var bar = root.querySelector(".opt-explorer-regions");
    var radios = root.querySelectorAll("input[type=radio]");
    var size = 320;
    var extent = data.extent;
    // data coordinates -> SVG coordinates (y up)
    function sx(x) { return (x + extent) / (2 * extent) * size; }
    function sy(y) { return (extent - y) / (2 * extent) * size; }
    function points(list) { return list.map(function (p) { return sx(p[0]) + "," + sy(p[1]); }).join(" "); }

    var clip = el("clipPath", { id: "opt-explorer-clip" }, el("defs", {}, svg));
    el("rect", { x: 0, y: 0, width: size, height: size }, clip);
    var layer = el("g", { "clip-path": "url(#opt-explorer-clip)" }, svg);
    el("rect", { x: 0.5, y: 0.5, width: size - 1, height: size - 1, fill: "none",
      style: "stroke: var(--md-default-fg-color--lighter)" }, svg);
    var contours = el("g", { fill: "none", style: "stroke: var(--md-default-fg-color--lighter)" }, layer);
    var path = el("polyline", { fill: "none", "stroke-width": 2,
      style: "stroke: var(--md-accent-fg-color)" }, layer);
    var dots = el("g", { style: "fill: var(--md-accent-fg-color)" }, layer);
    el("circle", { cx: sx(0), cy: sy(0), r: 3, style: "fill: var(--md-default-fg-color)" }, layer);
    var end = el("circle", { r: 6, fill: "none", "stroke-width": 2, class: "opt-explorer-end",
      style: "stroke: var(--md-default-fg-color)" }, layer);

    var surface = null;

    function drawRegions() {
      var runs = surface.runs;
      var lo = runs[0].rate, hi = runs[runs.length - 1].rate;
      bar.innerHTML = "";
      [["converge", lo, surface.zigzag_from], ["zigzag", surface.zigzag_from, surface.diverge_from],
       ["diverge", surface.diverge_from, hi]].forEach(function (r) {
        var from = Math.max(r[1], lo), to = Math.min(r[2], hi);
        if (to <= from) return;
        var span = document.createElement("span");
        span.className = "opt-explorer-region opt-explorer-region--" + r[0];
        span.style.left = ((from - lo) / (hi - lo) * 100) + "%";
        span.style.width = ((to - from) / (hi - lo) * 100) + "%";
        span.textContent = root.dataset["label" + r[0].charAt(0).toUpperCase() + r[0].slice(1)];
        bar.appendChild(span);
      });
    }

    function show() {
      var runs = surface.runs;
      var run = runs.find(function (r) { return r.label === slider.value; }) ||
        runs[Math.min(runs.length - 1, Math.max(0, Math.round((Number(slider.value) - runs[0].rate) /
          (runs[1].rate - runs[0].rate))))];
      path.setAttribute("points", points(run.path));
      dots.innerHTML = "";
      run.path.forEach(function (p) { el("circle", { cx: sx(p[0]), cy: sy(p[1]), r: 2.5 }, dots); });
      end.setAttribute("cx", sx(run.end[0]));
      end.setAttribute("cy", sy(run.end[1]));
      end.setAttribute("data-x", run.end[0]);
      end.setAttribute("data-y", run.end[1]);
      var regime = root.dataset["label" + run.regime.replace("-", "").replace(/^./, function (c) {
        return c.toUpperCase(); })] || run.regime;
      var text = root.dataset.labelRate + " " + run.label + root.dataset.labelColon + regime +
        root.dataset.labelSep + root.dataset.labelEnd + " " + run.end_text;
      slider.setAttribute("aria-valuetext", text);
      readout.textContent = text;
      root.dataset.rate = run.label;
      root.dataset.regime = run.regime;
      root.dataset.endText = run.end_text;
    }

    function choose(name) {
      surface = data.surfaces[name];
      contours.innerHTML = "";
      surface.contours.forEach(function (c) { el("polyline", { points: points(c) }, contours); });
      var runs = surface.runs;
      slider.min = runs[0].label;
      slider.max = runs[runs.length - 1].label;
      slider.step = runs[0].label;
      root.dataset.surface = name;
      drawRegions();
      show();
    }

    slider.addEventListener("input", show);
    radios.forEach(function (r) {
      r.addEventListener("change", function () { if (r.checked) choose(r.value); });
    });
    var checked = root.querySelector("input[type=radio]:checked");
    choose(checked ? checked.value : "ellipse");
    root.classList.add("opt-explorer--ready");
  }

  function start() {
    var root = document.getElementById("opt-explorer");
    if (!root) return;
    var url = new URL("generated/explorer/optimisers.json", script.src);
    fetch(url).then(function (r) {
      if (!r.ok) throw new Error("explorer data: HTTP " + r.status);
      return r.json();
    }).then(function (data) { setup(root, data); }).catch(function () {
      // No data: show the static figure that <noscript> holds for readers without JavaScript.
      root.classList.add("opt-explorer--failed");
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
