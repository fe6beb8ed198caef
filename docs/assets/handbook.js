// Scroll regions a keyboard can reach: a formula, table or code cell wider than its box gets a tab stop
// and a name (axe: scrollable-region-focusable). Only boxes that do overflow, so a wide screen does not
// fill the tab order with formulas; recomputed when the window is resized.
(function () {
  "use strict";
  var SELECTOR = ".md-typeset div.arithmatex, .md-typeset__scrollwrap, .derivation .step-math, .derivation ol.steps, .jp-Cell-inputWrapper, .jp-OutputArea-output, .jp-Cell pre";
  var LABEL = document.documentElement.lang.indexOf("zh") === 0 ? "可横向滚动的内容" : "scrollable content";

  function mark() {
    document.querySelectorAll(SELECTOR).forEach(function (box) {
      var overflows = box.scrollWidth > box.clientWidth + 1;
      if (overflows && !box.hasAttribute("data-scrolls")) {
        box.setAttribute("data-scrolls", "");
        box.setAttribute("tabindex", "0");
        if (box.tagName !== "OL") {  // a list keeps its role, or its items would lose their list (axe: listitem)
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", LABEL);
        }
      } else if (!overflows && box.hasAttribute("data-scrolls")) {
        ["data-scrolls", "tabindex", "role", "aria-label"].forEach(function (a) { box.removeAttribute(a); });
      }
    });
  }

  var pending = null;
  function later() {
    if (pending) window.cancelAnimationFrame(pending);
    pending = window.requestAnimationFrame(mark);
  }
  if (document.readyState === "complete") mark();
  else window.addEventListener("load", mark);
  window.addEventListener("resize", later);
  // Material wraps tables in their scroll box from its own script, after this one may have run.
  document.addEventListener("DOMContentLoaded", function () { window.setTimeout(mark, 0); });
})();
