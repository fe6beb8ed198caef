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

// The language switch lands on the counterpart section, not the page top: both languages give every
// heading the same id (tests/site/test_site.py checks the built pages), so the switch carries the
// section: the one in the address, or else the one being read (the last heading above the top third of
// the window). Set when the link is pressed, focused or opened in a new tab, so its href is right too.
(function () {
  "use strict";
  // Sections below the title (the title is the page top: nothing to carry there).
  var HEADINGS = ".md-content article h2[id], .md-content article h3[id], .md-content article h4[id], " +
    ".md-content article .derivation[id]";

  function section() {
    if (window.location.hash.length > 1) return window.location.hash;
    if (window.scrollY < 1) return "";  // at the top of the page: the counterpart's top
    var found = "";
    var line = window.innerHeight / 3;
    document.querySelectorAll(HEADINGS).forEach(function (h) {
      if (h.getBoundingClientRect().top < line) found = "#" + h.id;
    });
    return found;
  }

  function carry(event) {
    var link = event.target.closest && event.target.closest(".md-select a[hreflang]");
    if (link) link.href = link.href.split("#")[0] + section();
  }
  ["pointerdown", "focusin", "click", "auxclick", "contextmenu"].forEach(function (name) {
    document.addEventListener(name, carry, true);
  });
})();
