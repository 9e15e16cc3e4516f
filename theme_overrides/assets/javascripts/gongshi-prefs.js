/* Loaded in <head> without defer: applies the large-text preference before the first paint,
 * so pages never flash in small print. Also wires the header switch and the print buttons. */
(function () {
  "use strict";
  var KEY = "gongshi-large-text";
  var root = document.documentElement;

  function stored() {
    try { return window.localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }

  if (stored()) { root.classList.add("gs-large"); }

  function sync() {
    var on = root.classList.contains("gs-large");
    document.querySelectorAll("[data-gs-large-toggle]").forEach(function (b) {
      b.setAttribute("aria-pressed", on ? "true" : "false");
      // A switch may carry its own wording (the footer's 无障碍 link), else the header's.
      b.textContent = (on ? b.dataset.gsOn : b.dataset.gsOff) || (on ? "标准字" : "大字");
      b.title = on ? "恢复标准字号" : "放大字号（适老化）";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-gs-large-toggle]").forEach(function (b) {
      b.hidden = false;
      b.addEventListener("click", function () {
        var on = !root.classList.contains("gs-large");
        root.classList.toggle("gs-large", on);
        try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode */ }
        sync();
      });
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
    sync();
  });
}());
