/*
 * The portal's search, part 1 of 3: the text and query rules, shared rule for rule with Python.
 *
 * normalize, textTokens and parseQuery are ports of builder/names/text.py,
 * builder/search/tokenize.py and builder/search/query.py; tests/search_vectors.json holds inputs
 * and the outputs both must give.
 *
 * The three files (rules, index, ui) load in this order with `defer` and share one namespace,
 * window.GongshiSearch: each adds what it defines and reads what the earlier ones added.
 */
(function (GS) {
  "use strict";

  /* ---------- text: builder/names/text.py, builder/search/tokenize.py ---------- */

  var HAN_RANGES = [
    [0x3007, 0x3007],
    [0x3400, 0x4dbf],
    [0x4e00, 0x9fff],
    [0xf900, 0xfaff],
    [0x20000, 0x2fa1f],
  ];

  function isHan(ch) {
    var cp = ch.codePointAt(0);
    for (var i = 0; i < HAN_RANGES.length; i++) {
      if (cp >= HAN_RANGES[i][0] && cp <= HAN_RANGES[i][1]) return true;
    }
    return false;
  }

  function isLatin(ch) {
    return (ch >= "a" && ch <= "z") || (ch >= "0" && ch <= "9");
  }

  function normalize(text) {
    var t = String(text).normalize("NFKC").toLowerCase();
    t = t.normalize("NFD").replace(/u\u0308/g, "v").replace(/[\u0300-\u036f]/g, "");
    return t.normalize("NFC");
  }

  /** [[kind, run, start, end], ...] with kind "han" or "latin" (start/end in code points);
   * other characters separate runs. */
  function spans(text) {
    var out = [];
    var kind = "";
    var run = "";
    var at = 0, start = 0;
    Array.from(text).forEach(function (ch) {
      var k = isHan(ch) ? "han" : isLatin(ch) ? "latin" : "";
      if (k !== kind) {
        if (kind) out.push([kind, run, start, at]);
        kind = k;
        run = "";
        start = at;
      }
      run += ch;
      at += 1;
    });
    if (kind) out.push([kind, run, start, at]);
    return out;
  }

  /** [[kind, run], ...] with kind "han" or "latin"; other characters separate runs. */
  function runs(text) {
    return spans(text).map(function (s) { return [s[0], s[1]]; });
  }

  function hanTokens(run) {
    var chars = Array.from(run);
    var out = [];
    for (var i = 0; i < chars.length; i++) {
      out.push(chars[i]);
      if (i + 1 < chars.length) out.push(chars[i] + chars[i + 1]);
    }
    return out;
  }

  /** tokenize.py tagged_tokens: [kind, token] with kind "han", "one" (a one-character run),
   * "latin" or "join" (digits and the Han character right after them: 12号). */
  function taggedTokens(text) {
    var out = [];
    var digits = "", end = -1;
    spans(normalize(text)).forEach(function (s) {
      if (s[0] === "han") {
        var chars = Array.from(s[1]);
        if (digits && s[2] === end) out.push(["join", digits + chars[0]]);
        hanTokens(s[1]).forEach(function (t) { out.push([chars.length > 1 ? "han" : "one", t]); });
        digits = "";
      } else {
        out.push(["latin", s[1]]);
        if (/^[0-9]+$/.test(s[1])) { digits = s[1]; end = s[3]; } else { digits = ""; end = -1; }
      }
    });
    return out;
  }

  function textTokens(text) {
    return taggedTokens(text).map(function (t) { return t[1]; });
  }

  /** builder/search/tokenize.py fuzzy: 模糊音 folded (zh/ch/sh, l/n, f/h, -n/-ng). */
  function fuzzy(word) {
    return word.replace(/zh/g, "z").replace(/ch/g, "c").replace(/sh/g, "s")
      .replace(/l/g, "n").replace(/h/g, "f").replace(/ng/g, "n");
  }

  /* tokenize.py fold_numbers: runs of Chinese numerals as digits (六六八 → 668, 第二 → 第2,
   * 一百零五 → 105, 两百 → 200); a run that is not a well-formed number stays as written. */
  var DIGITS = { "〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9 };
  var POWERS = { "十": 10, "百": 100, "千": 1000 };

  function foldNumbers(text) {
    return text.replace(/[〇零一二三四五六七八九十百千两]+/g, number);
  }

  function number(run) {
    var chars = Array.from(run);
    if (!chars.some(function (ch) { return ch in POWERS; })) {
      return run.indexOf("两") >= 0 ? run : chars.map(function (ch) { return String(DIGITS[ch]); }).join("");
    }
    var value = 0, pending = -1, lastPower = 10000, zero = false;
    for (var k = 0; k < chars.length; k++) {
      var ch = chars[k];
      if (ch in POWERS) {
        var power = POWERS[ch];
        if (power >= lastPower || (pending < 0 && (k > 0 || power !== 10))) return run;
        value += (pending >= 0 ? pending : 1) * power;
        pending = -1;
        lastPower = power;
        zero = false;
      } else if (ch === "两") {
        if (k + 1 >= chars.length || !(chars[k + 1] in POWERS) || pending >= 0) return run;
        pending = 2;
      } else if (DIGITS[ch] === 0) {
        if (pending >= 0) return run;
        zero = true;
      } else {
        if (pending >= 0) return run;
        pending = DIGITS[ch];
      }
    }
    if (pending >= 0) value += pending * (!zero && lastPower >= 100 ? lastPower / 10 : 1);
    return String(value);
  }

  function uniq(list) {
    var seen = new Set();
    return list.filter(function (x) {
      if (seen.has(x)) return false;
      seen.add(x);
      return true;
    });
  }

  /* ---------- query: builder/search/query.py ---------- */

  var OPTIONAL = 1, REQUIRED = 2, NO_WILDCARD = 0, TRAILING = 2;
  var MAX_QUERY = 40, MAX_COMBOS = 8, EXACT_BOOST = 10, MIN_PREFIX = 2, MIN_UNIT_INITIALS = 3, MIN_FUZZY = 4;
  var MIN_SOUND = 2, MAX_SOUND_NAME = 4, MIN_CODE = 3;

  function clause(term, fields, opts) {
    opts = opts || {};
    return {
      term: term,
      fields: fields,
      presence: opts.presence || OPTIONAL,
      wildcard: opts.wildcard || NO_WILDCARD,
      boost: opts.boost || 1,
    };
  }

  function prefixAlt(kind, term, field, extra) {
    var fields = typeof field === "string" ? [field] : field;
    var prefix = term.length >= MIN_PREFIX ? [clause(term, fields.slice(), { wildcard: TRAILING })] : [];
    return {
      kind: kind,
      clauses: extra.concat(prefix, [clause(term, fields.slice(), { boost: EXACT_BOOST })]),
      need: fields.slice(),
      exact: term,
    };
  }

  /** itertools.islice(itertools.product(*options), limit): last position varies fastest. */
  function product(options, limit) {
    var out = [];
    var idx = options.map(function () { return 0; });
    if (options.some(function (o) { return o.length === 0; })) return out;
    while (out.length < limit) {
      out.push(idx.map(function (j, p) { return options[p][j]; }));
      var p = options.length - 1;
      while (p >= 0) {
        idx[p] += 1;
        if (idx[p] < options[p].length) break;
        idx[p] = 0;
        p -= 1;
      }
      if (p < 0) break;
    }
    return out;
  }

  function hanAlts(hanRuns) {
    var chars = uniq([].concat.apply([], hanRuns.map(function (r) { return Array.from(r); })));
    return [{
      kind: "name",
      clauses: chars.map(function (ch) { return clause(ch, ["n"], { presence: REQUIRED }); }),
      need: [],
      exact: null,
    }];
  }

  /** query.py _unit_and_text_alts: units (u) and candidates' free text (x) by every bigram,
   * join and word, when there is a bigram, a join or digits. */
  /**
   * tokenize.py query_tokens: taggedTokens of a query less each run of digits its join follows
   * (the 2 of 2号): the join implies them, so asking for them too adds a lookup, no precision.
   */
  function queryTokens(text) {
    var tagged = taggedTokens(text);
    return tagged.filter(function (t, k) {
      var next = tagged[k + 1];
      return !(t[0] === "latin" && next && next[0] === "join" && next[1].indexOf(t[1]) === 0);
    });
  }

  function unitAndTextAlts(q) {
    var terms = uniq(queryTokens(q).map(function (t) { return t[1]; }).filter(function (t) {
      return Array.from(t).length > 1 || /^[\x00-\x7f]*$/.test(t);
    }));
    var useful = terms.some(function (t) { return !/^[\x00-\x7f]*$/.test(t) || /[0-9]/.test(t); });
    if (!useful) return [];
    return [["unit", "u"], ["text", "x"]].map(function (kf) {
      return {
        kind: kf[0],
        clauses: terms.map(function (t) { return clause(t, [kf[1]], { presence: REQUIRED }); }),
        need: [],
        exact: null,
      };
    });
  }

  function latinAlts(words) {
    var joined = words.join("");
    var alts = [prefixAlt("pinyin", joined, "p", []), prefixAlt("initials", joined, "i", [])];
    if (words.length >= 2) {
      var turned = words[words.length - 1] + words.slice(0, -1).join("");
      if (turned !== joined) alts.push(prefixAlt("pinyin", turned, "p", []));
    }
    if (joined.length >= MIN_FUZZY) {
      alts.push(prefixAlt("unfolded", joined, "g", []));
      alts.push(prefixAlt("fuzzy", fuzzy(joined), "z", []));
    }
    if (joined.length >= MIN_UNIT_INITIALS) {
      alts.push({ kind: "unit-initials", clauses: [], need: [], exact: joined });
    }
    alts.push({
      kind: "latin-name",
      clauses: uniq(words).map(function (w) { return clause(w, ["n"], { presence: REQUIRED }); }),
      need: [],
      exact: null,
    });
    return alts;
  }

  function mixedAlts(items, chars) {
    var options = [];
    for (var i = 0; i < items.length; i++) {
      if (items[i][0] === "han") {
        var readings = (chars[items[i][1]] || "").split(" ").filter(Boolean);
        if (!readings.length) return [];
        options.push(readings);
      } else {
        options.push([items[i][1]]);
      }
    }
    var han = uniq(items.filter(function (it) { return it[0] === "han"; }).map(function (it) { return it[1]; }));
    var required = function () {
      return han.map(function (ch) { return clause(ch, ["n"], { presence: REQUIRED }); });
    };
    var fulls = uniq(product(options, MAX_COMBOS).map(function (c) { return c.join(""); }));
    var initialOptions = items.map(function (it, p) {
      return it[0] === "han" ? uniq(options[p].map(function (r) { return r[0]; })) : options[p];
    });
    var initials = uniq(product(initialOptions, MAX_COMBOS).map(function (c) { return c.join(""); }));
    return fulls.map(function (s) { return prefixAlt("mixed", s, "p", required()); })
      .concat(initials.map(function (s) { return prefixAlt("mixed-initials", s, "i", required()); }));
  }

  function pageAlt(q, kind, title, body) {
    kind = kind || "pages";
    title = title || ["t"];
    body = body || ["t", "b"];
    var clauses = [];
    var previous = "";
    queryTokens(q).forEach(function (t) {
      if (t[0] === "one") {
        if (previous !== "join") clauses.push(clause(t[1], title.slice(), { presence: REQUIRED }));
      } else if (t[0] !== "han" || Array.from(t[1]).length === 2) {
        clauses.push(clause(t[1], body.slice(), { presence: REQUIRED }));
      }
      previous = t[0];
    });
    // The last clause of a term wins, in the place of its first (a dict keyed by term).
    var byTerm = new Map();
    clauses.forEach(function (c) { byTerm.set(c.term, c); });
    clauses = Array.from(byTerm.values());
    if (!clauses.length) return null;
    return { kind: kind, clauses: clauses, need: [], exact: null };
  }

  function hasDigit(s) {
    return /[0-9]/.test(s);
  }

  /** query.py _number_alts: units and pages by the query with its numerals folded to digits. */
  function numberAlts(q) {
    var folded = foldNumbers(q);
    if (!hasDigit(q) && folded === q) return [];
    var out = [];
    var terms = uniq(queryTokens(folded).map(function (t) { return t[1]; }).filter(function (t) {
      return Array.from(t).length > 1 || /^[\x00-\x7f]*$/.test(t);
    }));
    if (terms.length) {
      out.push({
        kind: "unit-folded",
        clauses: terms.map(function (t) { return clause(t, ["u", "uf"], { presence: REQUIRED }); }),
        need: [],
        exact: null,
      });
    }
    var page = pageAlt(folded, "pages-folded", ["t", "pf"], ["t", "b", "pf"]);
    if (page) out.push(page);
    return out;
  }

  function wenhaoAlt(q) {
    return hasDigit(q) ? pageAlt(q, "wenhao", ["w"], ["w"]) : null;
  }

  /** query.py sound_combos: each character by each of its readings, at most MAX_COMBOS. */
  function soundCombos(han, sounds) {
    var options = Array.from(han).map(function (ch) { return (sounds[ch] || "").split(" ").filter(Boolean); });
    if (!options.length || options.some(function (o) { return !o.length; })) return [];
    return product(options, MAX_COMBOS);
  }

  function soundAlts(hanRuns, sounds) {
    var han = hanRuns.join("");
    var size = Array.from(han).length;
    if (size < MIN_SOUND) return [];
    var alts = [];
    var combos = soundCombos(han, sounds);
    if (size <= MAX_SOUND_NAME) {
      uniq(combos.map(function (c) { return c.join(""); })).forEach(function (s) {
        if (s.length >= MIN_FUZZY) alts.push(prefixAlt("sound", s, ["p", "g"], []));
      });
    }
    var pairs = [], seen = new Set();
    combos.forEach(function (combo) {
      var at = 0, out = [];
      hanRuns.forEach(function (run) {
        var n = Array.from(run).length;
        var syllables = combo.slice(at, at + n);
        for (var i = 0; i + 1 < syllables.length; i++) out.push(syllables[i] + syllables[i + 1]);
        at += n;
      });
      var key = out.join(" ");
      if (out.length && !seen.has(key)) {
        seen.add(key);
        pairs.push(out);
      }
    });
    [["sound-unit", "us"], ["sound-pages", "ts"]].forEach(function (kf) {
      pairs.forEach(function (p) {
        alts.push({
          kind: kf[0],
          clauses: uniq(p).map(function (t) { return clause(t, [kf[1]], { presence: REQUIRED }); }),
          need: [],
          exact: null,
        });
      });
    });
    return alts;
  }

  /** query.py code_key: letters and digits only (2026-0102 is 20260102). */
  function codeKey(text) {
    return Array.from(normalize(text)).filter(isLatin).join("");
  }

  function codeAlt(q) {
    var key = codeKey(q);
    if (key.length < MIN_CODE || !hasDigit(key) || Array.from(q).some(isHan)) return null;
    return { kind: "code", clauses: [clause(key, ["k"], { presence: REQUIRED })], need: [], exact: key };
  }

  function parseQuery(text, chars, sounds) {
    var q = Array.from(normalize(text)).slice(0, MAX_QUERY).join("");
    var items = runs(q);
    var hanRuns = items.filter(function (r) { return r[0] === "han"; }).map(function (r) { return r[1]; });
    var words = items.filter(function (r) { return r[0] === "latin"; }).map(function (r) { return r[1]; });
    var alts = [];
    var code = codeAlt(q);
    if (code) alts.push(code);
    if (hanRuns.length && !words.length) alts = alts.concat(hanAlts(hanRuns));
    else if (words.length && !hanRuns.length) alts = alts.concat(latinAlts(words));
    // Digits alone are no reading (中国电科20所, a 文号): no mixed reading (query.py).
    else if (words.length && hanRuns.length && !words.every(function (w) { return /^[0-9]+$/.test(w); })) {
      var split = [];
      items.forEach(function (r) {
        if (r[0] === "han") Array.from(r[1]).forEach(function (ch) { split.push(["han", ch]); });
        else split.push(r);
      });
      alts = alts.concat(mixedAlts(split, chars || {}));
    }
    alts = alts.concat(unitAndTextAlts(q));
    [pageAlt(q), wenhaoAlt(q)].forEach(function (extra) { if (extra) alts.push(extra); });
    alts = alts.concat(numberAlts(q));
    if (hanRuns.length && !words.length) alts = alts.concat(soundAlts(hanRuns, sounds || {}));
    return { han: hanRuns.join(""), alts: alts };
  }

  /** Code points of the query that can match: Han characters and a-z0-9. */
  function queryChars(text) {
    return Array.from(normalize(text)).filter(function (ch) { return isHan(ch) || isLatin(ch); });
  }

  GS.HAN_RANGES = HAN_RANGES;
  GS.isHan = isHan;
  GS.isLatin = isLatin;
  GS.normalize = normalize;
  GS.spans = spans;
  GS.runs = runs;
  GS.taggedTokens = taggedTokens;
  GS.textTokens = textTokens;
  GS.fuzzy = fuzzy;
  GS.foldNumbers = foldNumbers;
  GS.codeKey = codeKey;
  GS.uniq = uniq;
  GS.queryChars = queryChars;
  GS.REQUIRED = REQUIRED;
  GS.TRAILING = TRAILING;
  GS.parseQuery = parseQuery;
})(window.GongshiSearch = window.GongshiSearch || {});
