/*
 * The portal's search, part 3 of 3: what a visitor sees. The header box on every page (an ARIA
 * 1.2 combobox) and the 名单检索 page (/search/).
 *
 * Results are built with createElement/textContent only: names and units come from data.
 * Needs gongshi-search-rules.js and gongshi-search-index.js (loaded before it).
 */
(function (GS) {
  "use strict";

  var isHan = GS.isHan, isLatin = GS.isLatin, normalize = GS.normalize, runs = GS.runs;
  var uniq = GS.uniq, queryChars = GS.queryChars, TIER = GS.TIER, intersect = GS.intersect;
  var isSound = GS.isSound, codeKey = GS.codeKey, boxOrder = GS.boxOrder;
  var load = GS.load;

  /* ---------- what a result shows ---------- */

  function hasLatin(q) {
    return q.some(isLatin);
  }

  /** [start, end) code-point ranges of a name that the query covers (张san: both characters). */
  function nameMarks(readingsOf, name, text) {
    var chars = Array.from(name);
    var q = queryChars(text);
    if (!hasLatin(q)) {
      var wanted = new Set(q);
      return chars.map(function (ch, c) { return wanted.has(ch) ? [c, c + 1] : null; }).filter(Boolean);
    }
    var marks = [];
    var k = 0;
    for (var c = 0; c < chars.length && k < q.length; c++) {
      var ch = chars[c];
      if (!isHan(ch)) continue;
      if (q[k] === ch) {
        marks.push([c, c + 1]);
        k++;
        continue;
      }
      var rest = q.slice(k).join("");
      var readings = (readingsOf[ch] || "").split(" ").filter(Boolean);
      var used = 0;
      readings.forEach(function (r) {
        if (rest.indexOf(r) === 0 && r.length > used) used = r.length;
      });
      if (!used && readings.some(function (r) { return r.indexOf(rest) === 0; })) used = rest.length;
      if (!used && readings.some(function (r) { return r[0] === rest[0]; })) used = 1;
      if (!used) break;
      marks.push([c, c + 1]);
      k += used;
    }
    return marks;
  }

  /** Ranges of `text` where the query's Han runs (or single characters) and Latin words occur. */
  function textMarks(text, query) {
    var chars = Array.from(text);
    var folded = Array.from(normalize(text));
    var marks = [];
    if (folded.length !== chars.length) folded = chars;
    var hay = folded.join("");
    runs(normalize(query)).forEach(function (r) {
      var needle = r[1];
      var at = hay.indexOf(needle);
      while (at >= 0) {
        var start = Array.from(hay.slice(0, at)).length;
        marks.push([start, start + Array.from(needle).length]);
        at = hay.indexOf(needle, at + needle.length);
      }
    });
    return marks;
  }

  /** Ranges of a unit's name covered by a run of its initials (units written in Han only). */
  function initialsMarks(engine, unitNo, text) {
    var row = engine.unit(unitNo);
    var unit = row.name;
    var initials = row.initials;
    var chars = Array.from(unit);
    if (!chars.every(isHan) || chars.length !== initials.length) return [];
    var q = queryChars(text).join("");
    var at = initials.indexOf(q);
    return at >= 0 ? [[at, at + q.length]] : [];
  }

  /** The part of `text` as long as the Han query that has most of its characters in place: what a
   * homophone query (学术技术代头人) meant in a title or a unit's name (学术技术带头人). */
  function aligned(text, query) {
    var chars = Array.from(text), q = queryChars(query).filter(isHan);
    var best = -1, at = 0;
    for (var s = 0; s + q.length <= chars.length; s++) {
      var same = 0;
      for (var k = 0; k < q.length; k++) if (chars[s + k] === q[k]) same++;
      if (same > best) { best = same; at = s; }
    }
    return best > 0 ? chars.slice(at, at + q.length).join("") : "";
  }

  /**
   * "您是不是要找…" when the best match is only a forgiving one (an everyday reading of the
   * surname, 模糊音) or a homophone (曾小燕): the first names found, so the visitor learns how
   * the name is written or read; for a homophone found only in a unit's name or a title, the
   * words as written there (学术技术带头人).
   */
  function didYouMean(engine, found) {
    var c = found.candidates, text = found.query || "";
    if (c.length && (c[0].tier === TIER.fuzzy || c[0].tier === TIER.unfolded || isSound(c[0].tier))) {
      var names = uniq(c.slice(0, Math.min(3, shownOf(found, "candidates"))).map(function (h) { return engine.candidate(h.i).name; }));
      return names.length ? "您是不是要找：" + names.join("、") + "？" : "";
    }
    var words = "";
    if (c.length && c[0].tier === TIER.unitSound) words = aligned(engine.unit(c[0].unit).name, text);
    else if (!c.length && shownOf(found, "pages") && found.pages.length && found.pages[0].via === "sound-pages") words = aligned(engine.page(found.pages[0].i).title, text);
    else if (!c.length && !found.pages.length && shownOf(found, "forms") && found.forms.length && found.forms[0].via === "sound-pages") words = aligned(engine.form(found.forms[0].i).title, text);
    return words ? "您是不是要找：" + words + "？" : "";
  }

  /** How many of a group's first results an answer shows: all PER_GROUP, or (`ready`) the
   * leading ones whose rows are here while the others' are on their way. */
  function shownOf(found, group) {
    var ready = found.ready && found.ready[group];
    return ready === undefined ? PER_GROUP : Math.min(ready, PER_GROUP);
  }

  /** Everything one result shows: {href, title, titleMarks, status, lines: [[text, marks]]}. */
  function describe(engine, kind, hit, text) {
    if (kind === "candidates") {
      var c = engine.candidate(hit.i);
      var lines = [];
      if (hit.via === "unit") {
        // Found through a unit: show where the query is, in the work unit and/or the
        // recommending unit ("推荐单位：" is 5 characters before the name).
        var hitUnit = engine.unit(hit.unit).name;
        var marks = function (name) {
          var m = textMarks(name, text);
          return m.length || name !== hitUnit ? m : initialsMarks(engine, hit.unit, text);
        };
        lines.push([c.unit, marks(c.unit)]);
        if (c.recommendedBy && c.recommendedBy !== c.unit) {
          var rm = marks(c.recommendedBy);
          if (rm.length || c.recommendedBy === hitUnit) {
            lines.push(["推荐单位：" + c.recommendedBy, rm.map(function (r) { return [r[0] + 5, r[1] + 5]; })]);
          }
        }
      } else {
        lines.push([c.unit, []]);
      }
      if (hit.via === "text") lines.push(["专业领域或主要业绩中有：" + text.trim(), []]);
      if (hit.via === "code") lines.push(["编号：" + (c.codes.filter(function (k) { return codeKey(k) === hit.code; })[0] || hit.code), [[3, 99]]]);
      lines.push([c.round.label, []]);
      return {
        href: c.url,
        title: c.name,
        titleMarks: hit.via === "name" || hit.via === "sound" ? nameMarks(c.readings, c.name, text) : [],
        also: c.alias,
        status: c.status === "拟入选" ? null : c.status,
        lines: lines,
      };
    }
    if (kind === "pages") {
      var p = engine.page(hit.i);
      var what = p.kind === "notice" ? "通知" : p.kind === "list" ? "公示名单" : "页面";
      return {
        href: p.url,
        title: p.title,
        titleMarks: textMarks(p.title, text),
        status: null,
        lines: [[what + (p.round && p.kind === "page" ? "" : p.round ? " · " + p.round.year + "年" : ""), []]],
      };
    }
    var f = engine.form(hit.i);
    return {
      href: encodeURI(f.url),
      title: f.title,
      titleMarks: textMarks(f.title, text),
      status: null,
      lines: [[f.format + " · " + f.round.label, []]],
    };
  }

  /* ---------- DOM helpers (text only: names and units are data) ---------- */

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  /** Append `text` with the given code-point ranges wrapped in <mark>. */
  function appendMarked(parent, text, marks) {
    var chars = Array.from(text);
    var on = chars.map(function () { return false; });
    marks.forEach(function (m) {
      for (var c = Math.max(0, m[0]); c < m[1] && c < chars.length; c++) on[c] = true;
    });
    var c = 0;
    while (c < chars.length) {
      var start = c;
      var state = on[c];
      while (c < chars.length && on[c] === state) c++;
      var piece = chars.slice(start, c).join("");
      parent.appendChild(state ? el("mark", null, piece) : document.createTextNode(piece));
    }
  }

  function fillResult(a, d, root) {
    var title = el("span", "gss-result__title");
    appendMarked(title, d.title, d.titleMarks);
    if (d.also) title.appendChild(el("span", "gss-result__also", "（" + d.also + "）"));
    if (d.status) {
      title.appendChild(el("span", "gss__sr", "，状态："));
      title.appendChild(el("span", "gss-result__status", d.status));
    }
    a.appendChild(title);
    d.lines.forEach(function (line) {
      var detail = el("span", "gss-result__detail");
      appendMarked(detail, line[0], line[1]);
      a.appendChild(detail);
    });
    a.href = root + d.href;
  }

  var GROUPS = [
    ["candidates", "候选人"],
    ["pages", "通知与页面"],
    ["forms", "表格"],
  ];

  function urlsOf(form) {
    return { index: new URL(form.dataset.index, document.baseURI).href };
  }

  /* ---------- the header box: ARIA 1.2 combobox with a listbox popup ---------- */

  var PER_GROUP = 6;

  function Box(form) {
    this.form = form;
    this.input = form.querySelector("input[type=search]");
    this.list = form.querySelector("[role=listbox]");
    this.status = form.querySelector("[role=status]");
    this.root = new URL(form.dataset.root || "./", document.baseURI).href;
    this.urls = urlsOf(form);
    this.options = [];
    this.active = -1;
    this.seq = 0;
    this.shownSeq = 0;
    var self = this;
    this.input.addEventListener("focus", function () { self.ensure(); });
    this.input.addEventListener("input", function () { self.update(); });
    this.input.addEventListener("keydown", function (e) { self.key(e); });
    this.input.addEventListener("blur", function () {
      setTimeout(function () {
        if (!form.contains(document.activeElement)) self.close();
      }, 200);
    });
    form.addEventListener("submit", function (e) {
      // Enter without a highlighted result opens the one person the query names exactly (a
      // whole name or its whole pinyin, one match only); anything broader, or no answer yet,
      // goes to the 名单检索 page with all results, as a plain GET.
      var text = self.input.value;
      if (self.active >= 0 && self.options[self.active]) {
        e.preventDefault();
        self.open(self.active);
      } else if (self.found && self.found.text === text && self.onlyExact(self.found) >= 0) {
        e.preventDefault();
        self.open(self.onlyExact(self.found));
      }
    });
    // Keep focus in the box when a result is pressed, so the click lands on the link.
    this.list.addEventListener("mousedown", function (e) { e.preventDefault(); });
  }

  Box.prototype.ensure = function () {
    var self = this;
    if (this.engine) return Promise.resolve(this.engine);
    if (!this.pending) {
      this.form.classList.add("gss--loading");
      this.pending = load(this.urls).then(function (engine) {
        self.engine = engine;
        self.form.classList.remove("gss--loading");
        self.form.dataset.ready = "true";
        return engine;
      }, function (err) {
        self.pending = null;
        self.form.classList.remove("gss--loading");
        self.showEmpty("检索数据未能加载，请检查网络后再试。");
        throw err;
      });
    }
    return this.pending;
  };

  /** Option number of the only exact name match (the first option), or -1. */
  Box.prototype.onlyExact = function (found) {
    var c = found.candidates;
    if (!c.length || c[0].tier !== TIER.exact || c[0].via !== "name") return -1;
    if (c.length > 1 && c[1].tier === TIER.exact) return -1;
    return 0;
  };

  Box.prototype.update = function () {
    var self = this;
    var text = this.input.value;
    var seq = ++this.seq;
    if (!text.trim()) {
      this.close();
      this.status.textContent = "";
      return;
    }
    var shown = { candidates: PER_GROUP, pages: PER_GROUP, forms: PER_GROUP };
    var put = function (engine, found, whole) {
      // A later query's answer stands; an earlier one's is shown while the box still holds
      // its text and nothing later is shown (typing on: each keystroke's answer counts).
      if (seq < self.shownSeq || (seq !== self.seq && self.input.value.indexOf(text) !== 0)) return;
      self.shownSeq = seq;
      found.text = text;
      self.found = found;
      self.render(engine, text, found, whole);
    };
    // An answer as soon as its rows are here; its people first when only theirs are (they
    // travel with the shards), its pages and forms, listed below them, once their rows come.
    var show = function (engine, answer, whole) {
      // The box's own order (its last place may go to the visitor's other likely meaning); the
      // 名单检索 page lists the same hits in strict rank order.
      var found = Object.assign({}, answer, { candidates: boxOrder(answer.candidates, PER_GROUP) });
      var rows = engine.prepare(found, shown);
      // The best results whose rows came with the shards (shards.py TOP_ROWS), at once, when
      // the others' rows are still on their way; the rest are added below them. A group is
      // shown only once the groups above it are whole, so that nothing shown moves.
      var ready = {}, some = 0, complete = true;
      GROUPS.forEach(function (g) {
        var hits = found[g[0]], box = Math.min(PER_GROUP, hits.length), k = 0;
        while (complete && k < box && engine.hasHit(g[0], hits[k])) k++;
        ready[g[0]] = k;
        some += k;
        complete = complete && k === box;
      });
      if (some && !complete) put(engine, Object.assign({}, found, { ready: ready }), false);
      return rows.then(function () { put(engine, found, whole); });
    };
    this.ensure().then(function (engine) {
      return engine.search(text).then(function (found) {
        // The answer as typed at once (unless it is empty); then the homophones, asked for
        // only now so that they do not share the line with its rows, added below it.
        var some = found.candidates.length || found.pages.length || found.forms.length;
        var first = found.more && !some ? Promise.resolve() : show(engine, found, !found.more);
        // Typed on meanwhile: a later query is on its way, and this one's homophones would only
        // compete with it for the line (the answer as typed stays shown while the box begins
        // with its text), so they are not asked for.
        return (found.more ? first.then(function () { return seq === self.seq ? found.more() : null; }).then(function (whole) {
          return whole ? show(engine, whole, true) : null;
        }) : first).then(function () {
          // The readings file, for the queries to come (mixed, traditional: one round fewer).
          engine.prefetch();
        });
      });
    }).catch(function () {
      if (seq === self.seq) self.showEmpty("检索数据未能加载，请检查网络后再试。", text);
    });
  };

  Box.prototype.reset = function () {
    clear(this.list);
    this.options = [];
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
  };

  Box.prototype.show = function () {
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    this.form.classList.add("gss--open");
  };

  Box.prototype.showEmpty = function (message, text) {
    this.reset();
    this.list.appendChild(el("div", "gss-empty", message));
    this.list.dataset.query = this.list.dataset.shown = text || "";
    this.status.textContent = message;
    this.show();
  };

  Box.prototype.option = function (a) {
    a.setAttribute("role", "option");
    a.setAttribute("aria-selected", "false");
    a.id = this.list.id + "-" + this.options.length;
    a.tabIndex = -1;
    this.options.push(a);
    return a;
  };

  /** Show `found`, the answer to `text`; `whole`: nothing more will be added to it. */
  Box.prototype.render = function (engine, text, found, whole) {
    var self = this;
    var active = this.list.dataset.shown === text ? this.active : -1;
    this.reset();
    var total = 0;
    var suggestion = didYouMean(engine, found);
    if (suggestion) this.list.appendChild(el("div", "gss-suggest", suggestion));
    GROUPS.forEach(function (g) {
      var hits = found[g[0]];
      total += hits.length;
      if (!hits.length || !shownOf(found, g[0])) return;
      var group = el("div", "gss-group");
      group.setAttribute("role", "group");
      var label = el("div", "gss-group__title", g[1] + "（" + hits.length + "）");
      label.id = self.list.id + "-" + g[0];
      label.setAttribute("role", "presentation");
      group.setAttribute("aria-labelledby", label.id);
      group.appendChild(label);
      hits.slice(0, shownOf(found, g[0])).forEach(function (hit) {
        var a = self.option(el("a", "gss-result"));
        a.dataset.kind = g[0];
        fillResult(a, describe(engine, g[0], hit, found.query || text), self.root);
        group.appendChild(a);
      });
      self.list.appendChild(group);
    });
    if (!total) {
      this.showEmpty("没有找到与“" + text.trim() + "”相符的结果。", text);
      return;
    }
    // Which text these results answer (the list lags the field while the index loads):
    // `shown` as soon as any answer is, `query` once it is whole.
    this.list.dataset.shown = text;
    if (whole) this.list.dataset.query = text;
    else delete this.list.dataset.query;
    var all = this.option(el("a", "gss-result gss-result--all", "在名单检索页查看全部 " + total + " 条结果"));
    all.href = new URL(this.form.getAttribute("action"), document.baseURI).href + "?q=" + encodeURIComponent(text.trim());
    this.list.appendChild(all);
    this.status.textContent = "找到 " + total + " 条结果。上下方向键选择，回车打开。";
    this.show();
    // What is added below the answer moves nothing: a highlighted result stays highlighted.
    if (active >= 0 && active < this.options.length) this.move(active);
  };

  Box.prototype.close = function () {
    // An answer still on its way (its pages, its homophones) does not open the list again.
    this.shownSeq = ++this.seq;
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.form.classList.remove("gss--open");
    if (this.active >= 0 && this.options[this.active]) this.options[this.active].setAttribute("aria-selected", "false");
    this.active = -1;
  };

  Box.prototype.move = function (to) {
    if (!this.options.length) return;
    this.show();
    if (this.active >= 0) this.options[this.active].setAttribute("aria-selected", "false");
    var n = this.options.length;
    this.active = ((to % n) + n) % n;
    var opt = this.options[this.active];
    opt.setAttribute("aria-selected", "true");
    this.input.setAttribute("aria-activedescendant", opt.id);
    opt.scrollIntoView({ block: "nearest" });
  };

  Box.prototype.open = function (i) {
    var opt = this.options[i];
    if (opt && opt.href) window.location.assign(opt.href);
  };

  Box.prototype.key = function (e) {
    if (e.isComposing || e.keyCode === 229) return; // an IME is composing: its keys are not ours
    if (e.key === "ArrowDown") {
      e.preventDefault();
      this.move(this.list.hidden && this.active < 0 ? 0 : this.active + 1);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      this.move(this.active < 0 ? -1 : this.active - 1);
    } else if (e.key === "Escape") {
      e.preventDefault();
      if (!this.list.hidden) this.close();
      else if (this.input.value) {
        this.input.value = "";
        this.status.textContent = "";
      } else this.input.blur();
    } else if (e.key === "Enter" && this.active >= 0) {
      e.preventDefault();
      this.open(this.active);
    }
  };

  /** `/` or `s` outside a text field focuses the box (Material's keys; its search is off). */
  function shortcut(input) {
    document.addEventListener("keydown", function (e) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      if (e.key !== "/" && e.key !== "s" && e.key !== "S") return;
      var t = e.target;
      var tag = t && t.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) return;
      e.preventDefault();
      input.focus();
      input.select();
    });
  }

  /* ---------- the 名单检索 page (/search/) ---------- */

  var PAGE_SIZE = 50;
  var FILTERS = ["round", "year", "rec", "status"];

  function SearchPage(root, headerForm) {
    this.root = root;
    this.form = root.querySelector("form");
    this.input = this.form.querySelector("input[name=q]");
    this.status = root.querySelector("[role=status]");
    this.results = root.querySelector("[data-gss-results]");
    this.base = new URL(headerForm.dataset.root || "./", document.baseURI).href;
    this.urls = urlsOf(headerForm);
    this.timer = 0;
    var self = this;
    var params = new URLSearchParams(window.location.search);
    this.input.value = params.get("q") || "";
    FILTERS.forEach(function (name) {
      var select = self.form.elements[name];
      var want = params.get(name);
      if (want && Array.prototype.some.call(select.options, function (o) { return o.value === want; })) select.value = want;
    });
    this.input.addEventListener("input", function () {
      clearTimeout(self.timer);
      self.timer = setTimeout(function () { self.run(); }, 120);
    });
    this.input.addEventListener("focus", function () { load(self.urls).catch(function () {}); });
    FILTERS.forEach(function (name) {
      self.form.elements[name].addEventListener("change", function () { self.run(); });
    });
    this.form.addEventListener("submit", function (e) {
      e.preventDefault();
      self.run();
    });
    this.form.addEventListener("reset", function () {
      setTimeout(function () { self.run(); }, 0);
    });
    if (this.criteria().active) this.run();
  }

  SearchPage.prototype.criteria = function () {
    var c = { q: this.input.value.trim() };
    var self = this;
    FILTERS.forEach(function (name) { c[name] = self.form.elements[name].value; });
    c.active = Boolean(c.q || c.round || c.year || c.rec || c.status);
    return c;
  };

  /** Keep the address shareable: ?q=…&round=…&year=…&rec=…&status=… */
  SearchPage.prototype.remember = function (c) {
    var params = new URLSearchParams();
    ["q"].concat(FILTERS).forEach(function (name) { if (c[name]) params.set(name, c[name]); });
    var query = params.toString();
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  };

  SearchPage.prototype.run = function () {
    var self = this;
    var c = this.criteria();
    this.remember(c);
    if (!c.active) {
      clear(this.results);
      this.status.textContent = "输入检索词或选择筛选条件后显示结果。";
      return;
    }
    this.status.textContent = "正在检索……";
    var first = { candidates: PAGE_SIZE, pages: PAGE_SIZE, forms: PAGE_SIZE };
    load(this.urls).then(function (engine) {
      return self.find(engine, c).then(function (found) {
        return engine.prepare(found, first).then(function () {
          var now = self.criteria();
          if (["q"].concat(FILTERS).some(function (k) { return now[k] !== c[k]; })) return;
          self.render(engine, c, found);
        });
      });
    }).catch(function () {
      self.status.textContent = "检索数据未能加载，请检查网络后刷新本页。";
    });
  };

  /** The query's results narrowed by the filters, or (no query) everyone the filters select. */
  SearchPage.prototype.find = function (engine, c) {
    var store = engine.store;
    var terms = [];
    if (c.round) terms.push("@r" + c.round);
    if (c.year) terms.push("@y" + c.year);
    if (c.status) terms.push("@s" + store.schema.statuses.indexOf(c.status));
    if (c.rec) terms.push("@c" + c.rec);
    var searched = c.q ? engine.search(c.q).then(function (found) { return found.more ? found.more() : found; }) : Promise.resolve(null);
    return Promise.all([searched, store.need(terms, [])]).then(function (got) {
      var found = got[0];
      var keep = null;
      terms.forEach(function (t) { keep = intersect(keep, store.term(t).f || new Map()); });
      if (!found) {
        // Filters alone: the whole matching list, in index order (by unit, then pinyin).
        var all = Array.from((keep || new Map()).keys()).sort(function (a, b) { return a - b; });
        return { candidates: all.map(function (i) { return { i: i, tier: 0, via: "filter" }; }), pages: [], forms: [] };
      }
      var cands = keep ? found.candidates.filter(function (h) { return keep.has(h.i); }) : found.candidates;
      if (c.rec || c.status) return { candidates: cands, pages: [], forms: [] };
      if (!(c.round || c.year)) return { candidates: cands, pages: found.pages, forms: found.forms };
      var nPages = engine.nPages;
      var docs = found.pages.map(function (h) { return h.i; }).concat(found.forms.map(function (h) { return h.i + nPages; }));
      return store.needRows("doc", docs).then(function () {
        function ok(d) {
          var r = store.row("doc", d);
          return Boolean(r.round_id) && (!c.round || r.round_id === c.round) && (!c.year || String(r.year) === c.year);
        }
        return {
          candidates: cands,
          pages: found.pages.filter(function (h) { return ok(h.i); }),
          forms: found.forms.filter(function (h) { return ok(h.i + nPages); }),
        };
      });
    });
  };

  SearchPage.prototype.render = function (engine, c, found) {
    var self = this;
    clear(this.results);
    var counts = [];
    GROUPS.forEach(function (g) {
      var hits = found[g[0]];
      if (!hits.length) return;
      counts.push(g[1] + " " + hits.length + " 条");
      var section = el("section", "gss-page__group");
      var heading = el("h2", null, g[1] + "（" + hits.length + "）");
      section.appendChild(heading);
      var list = el("ol", "gss-page__list");
      section.appendChild(list);
      var shown = 0;
      var more = el("button", "md-button gss-page__more");
      more.type = "button";
      function page() {
        hits.slice(shown, shown + PAGE_SIZE).forEach(function (hit) {
          var d = describe(engine, g[0], hit, found.query || c.q);
          var li = el("li");
          var a = el("a");
          appendMarked(a, d.title, d.titleMarks);
          a.href = self.base + d.href;
          li.appendChild(a);
          if (d.also) li.appendChild(el("span", "gss-result__also", "（" + d.also + "）"));
          if (d.status) {
            li.appendChild(el("span", "gss__sr", "，状态："));
            li.appendChild(el("span", "gss-result__status", d.status));
          }
          d.lines.forEach(function (line) {
            var meta = el("span", "gss-page__meta");
            appendMarked(meta, line[0], line[1]);
            li.appendChild(meta);
          });
          list.appendChild(li);
        });
        shown = Math.min(hits.length, shown + PAGE_SIZE);
        more.textContent = "再显示 " + Math.min(PAGE_SIZE, hits.length - shown) + " 条（共 " + hits.length + " 条）";
        more.hidden = shown >= hits.length;
      }
      more.addEventListener("click", function () {
        var next = list.children.length;
        var slice = { candidates: [], pages: [], forms: [] };
        slice[g[0]] = hits.slice(shown, shown + PAGE_SIZE);
        engine.prepare(slice, { candidates: PAGE_SIZE, pages: PAGE_SIZE, forms: PAGE_SIZE }).then(function () {
          page();
          if (list.children[next]) list.children[next].querySelector("a").focus();
        });
      });
      page();
      section.appendChild(more);
      self.results.appendChild(section);
    });
    var suggestion = c.q ? didYouMean(engine, found) : "";
    this.status.textContent = (suggestion ? suggestion + " " : "") +
      (counts.length ? "找到 " + counts.join("、") + "。" : "没有找到相符的结果。");
  };

  /* ---------- start ---------- */

  function init() {
    var form = document.querySelector("form.gss");
    if (!form) return;
    GS.box = new Box(form);
    shortcut(GS.box.input);
    // The manifest (a few KB, cached by its hashed name) comes with the page (the header
    // partial preloads it; this takes the preloaded response), so that a visitor who types at
    // once waits only for the shards the query needs, not for the manifest first.
    load(urlsOf(form)).catch(function () {});
    var page = document.querySelector("[data-gss-page]");
    if (page) GS.page = new SearchPage(page, form);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})(window.GongshiSearch = window.GongshiSearch || {});
