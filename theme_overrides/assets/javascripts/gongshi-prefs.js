/* Loaded in <head> without defer: applies the reader's display preferences (大字, 高对比度)
 * before the first paint, so pages never flash in small print or in the standard colours. Also
 * wires their switches (header and footer) and the print buttons. Both preferences live only in
 * this browser's localStorage; nothing is sent anywhere. */
(function () {
  "use strict";
  var root = document.documentElement;
  var PREFS = [
    /* The large-text switch changes its wording (大字 / 标准字, or the footer's own); the
       high-contrast switch keeps its name and says its state by aria-pressed alone. */
    { key: "gongshi-large-text", cls: "gs-large", selector: "[data-gs-large-toggle]",
      on: "标准字", off: "大字", titleOn: "恢复标准字号", titleOff: "放大字号（适老化）" },
    { key: "gongshi-contrast", cls: "gs-contrast", selector: "[data-gs-contrast-toggle]",
      on: null, off: null, titleOn: "恢复标准配色", titleOff: "黑白高对比度显示（适老化）" }
  ];

  function stored(key) {
    try { return window.localStorage.getItem(key) === "1"; } catch (e) { return false; }
  }

  PREFS.forEach(function (p) { if (stored(p.key)) { root.classList.add(p.cls); } });

  function sync(p) {
    var on = root.classList.contains(p.cls);
    document.querySelectorAll(p.selector).forEach(function (b) {
      b.setAttribute("aria-pressed", on ? "true" : "false");
      // A switch may carry its own wording (the footer's 无障碍 links), else the header's.
      var text = (on ? b.dataset.gsOn : b.dataset.gsOff) || (on ? p.on : p.off);
      if (text) { b.textContent = text; }
      b.title = on ? p.titleOn : p.titleOff;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    PREFS.forEach(function (p) {
      document.querySelectorAll(p.selector).forEach(function (b) {
        b.hidden = false;
        b.addEventListener("click", function () {
          var on = !root.classList.contains(p.cls);
          root.classList.toggle(p.cls, on);
          try { window.localStorage.setItem(p.key, on ? "1" : "0"); } catch (e) { /* private mode */ }
          sync(p);
        });
      });
      sync(p);
    });
    // The print button comes with its separator: without scripts neither shows, so no "·"
    // dangles at the end of the line.
    document.querySelectorAll("[data-gs-print]").forEach(function (wrap) {
      wrap.hidden = false;
      var b = wrap.querySelector("button");
      if (b) { b.addEventListener("click", function () { window.print(); }); }
    });
    // Esc closes the navigation drawer on phones (Material only closes its own search).
    document.addEventListener("keydown", function (e) {
      var drawer = document.getElementById("__drawer");
      if (e.key === "Escape" && drawer && drawer.checked) {
        drawer.checked = false;
        drawer.dispatchEvent(new Event("change"));
        var menu = document.querySelector("label[for=__drawer]");
        if (menu) { menu.focus(); }
      }
    });
  });
}());
