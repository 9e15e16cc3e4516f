/* The in-list filter of a long 公示 list (builder/templates/pages/gongshi.html, data-gs-filter).
 *
 * Each entry's row carries what it may be found by (data-gs-find: names, units, pinyin whole
 * and as initials, one per line, built by builder/pages/gongshi.py). Typing shows only the
 * entries one of whose words contains the query; the count is announced through a polite live
 * region; Esc clears. Nothing is fetched. Without this script the box stays hidden and the
 * whole list is shown; in print the whole list is printed whatever the filter holds.
 */
(function () {
  "use strict";
  var box = document.querySelector("[data-gs-filter]");
  if (!box) { return; }
  var input = box.querySelector("input");
  var count = box.querySelector("[role=status]");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-gs-find]"));
  var entries = rows.map(function (tr) {
    var more = tr.nextElementSibling;
    return {
      row: tr,
      more: more && more.classList.contains("gs-more") ? more : null,
      words: fold(tr.getAttribute("data-gs-find")).split("\n"),
    };
  });
  var tables = Array.prototype.slice.call(document.querySelectorAll("table.gs-list"));
  var unit = box.getAttribute("data-gs-unit") || "人";
  var timer = 0;

  function fold(text) {
    // Full-width letters and digits as ASCII, no case, no spaces or middle dots.
    return (text.normalize ? text.normalize("NFKC") : text).toLowerCase().replace(/[\s·・.]+/g, function (m) {
      return m.indexOf("\n") >= 0 ? "\n" : "";
    });
  }

  function apply() {
    var q = fold(input.value).replace(/\n/g, "");
    var shown = 0;
    entries.forEach(function (e) {
      var hit = !q || e.words.some(function (w) { return w.indexOf(q) >= 0; });
      e.row.classList.toggle("gs-filtered-out", !hit);
      if (e.more) { e.more.classList.toggle("gs-filtered-out", !hit); }
      if (hit) { shown += 1; }
    });
    tables.forEach(function (t) {
      var any = t.querySelector("tr[data-gs-find]:not(.gs-filtered-out)");
      t.classList.toggle("gs-filtered-out", !any);
    });
    clearTimeout(timer);
    // Announced once typing pauses, not at every keystroke (an emptied region says nothing).
    count.textContent = "";
    timer = setTimeout(function () {
      if (!q) {
        count.textContent = "";
      } else if (shown) {
        count.textContent = "找到 " + shown + " " + unit + "，共 " + entries.length + " " + unit;
      } else {
        count.textContent = "没有相符的" + (unit === "项" ? "项" : "人选") + "，共 " + entries.length + " " + unit;
      }
    }, 400);
  }

  input.addEventListener("input", apply);
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && input.value) {
      e.preventDefault();
      e.stopPropagation();
      input.value = "";
      apply();
    }
  });
  box.hidden = false;
  if (input.value) { apply(); }  // a value kept by the browser on going back
})();
