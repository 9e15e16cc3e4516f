/*
 * The portal's search: the header box on every page and the 名单检索 page (/search/).
 *
 * Nothing is downloaded until the box is used: the first focus or keystroke loads lunr.js (copied
 * at build time from the installed mkdocs package), the prebuilt index and the result store.
 *
 * The text rules (normalize, textTokens) and the query rules (parseQuery) are ports of
 * builder/names/text.py, builder/search/tokenize.py and builder/search/query.py;
 * tests/search_vectors.json holds inputs and the outputs both must give. `unpack` reverses builder/search/index.py `pack`.
 * Results are built with createElement/textContent only: names and units come from data.
 */
(function () {
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

  /** [[kind, run], ...] with kind "han" or "latin"; other characters separate runs. */
  function runs(text) {
    var out = [];
    var kind = "";
    var run = "";
    Array.from(text).forEach(function (ch) {
      var k = isHan(ch) ? "han" : isLatin(ch) ? "latin" : "";
      if (k !== kind) {
        if (kind) out.push([kind, run]);
        kind = k;
        run = "";
      }
      run += ch;
    });
    if (kind) out.push([kind, run]);
    return out;
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

  function textTokens(text) {
    var out = [];
    runs(normalize(text)).forEach(function (r) {
      if (r[0] === "han") out.push.apply(out, hanTokens(r[1]));
      else out.push(r[1]);
    });
    return out;
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
  var MAX_QUERY = 40, MAX_COMBOS = 8, EXACT_BOOST = 10, MIN_PREFIX = 2, MIN_UNIT_INITIALS = 3;

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
    var prefix = term.length >= MIN_PREFIX ? [clause(term, [field], { wildcard: TRAILING })] : [];
    return {
      kind: kind,
      clauses: extra.concat(prefix, [clause(term, [field], { boost: EXACT_BOOST })]),
      need: [field],
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
    var bigrams = uniq([].concat.apply([], hanRuns.map(hanTokens)).filter(function (t) {
      return Array.from(t).length === 2;
    }));
    var alts = [{
      kind: "name",
      clauses: chars.map(function (ch) { return clause(ch, ["n"], { presence: REQUIRED }); }),
      need: [],
      exact: null,
    }];
    if (bigrams.length) {
      alts.push({
        kind: "unit",
        clauses: bigrams.map(function (bg) { return clause(bg, ["u"], { presence: REQUIRED }); }),
        need: [],
        exact: null,
      });
    }
    return alts;
  }

  function latinAlts(words) {
    var joined = words.join("");
    var alts = [prefixAlt("pinyin", joined, "p", []), prefixAlt("initials", joined, "i", [])];
    if (words.length >= 2) {
      var turned = words[words.length - 1] + words.slice(0, -1).join("");
      if (turned !== joined) alts.push(prefixAlt("pinyin", turned, "p", []));
    }
    if (joined.length >= MIN_UNIT_INITIALS) {
      alts.push({ kind: "unit-initials", clauses: [], need: [], exact: joined });
    }
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

  function pageAlt(items) {
    var clauses = [];
    items.forEach(function (it) {
      if (it[0] === "latin") clauses.push(clause(it[1], ["t", "b"], { presence: REQUIRED }));
      else if (Array.from(it[1]).length === 1) clauses.push(clause(it[1], ["t"], { presence: REQUIRED }));
      else {
        hanTokens(it[1]).forEach(function (bg) {
          if (Array.from(bg).length === 2) clauses.push(clause(bg, ["t", "b"], { presence: REQUIRED }));
        });
      }
    });
    var seen = new Set();
    clauses = clauses.filter(function (c) {
      if (seen.has(c.term)) return false;
      seen.add(c.term);
      return true;
    });
    if (!clauses.length) return null;
    return { kind: "pages", clauses: clauses, need: [], exact: null };
  }

  function parseQuery(text, chars) {
    var q = Array.from(normalize(text)).slice(0, MAX_QUERY).join("");
    var items = runs(q);
    var hanRuns = items.filter(function (r) { return r[0] === "han"; }).map(function (r) { return r[1]; });
    var words = items.filter(function (r) { return r[0] === "latin"; }).map(function (r) { return r[1]; });
    var alts = [];
    if (hanRuns.length && !words.length) alts = alts.concat(hanAlts(hanRuns));
    else if (words.length && !hanRuns.length) alts = alts.concat(latinAlts(words));
    else if (words.length && hanRuns.length) {
      var split = [];
      items.forEach(function (r) {
        if (r[0] === "han") Array.from(r[1]).forEach(function (ch) { split.push(["han", ch]); });
        else split.push(r);
      });
      alts = alts.concat(mixedAlts(split, chars || {}));
    }
    var page = pageAlt(items);
    if (page) alts.push(page);
    return { han: hanRuns.join(""), alts: alts };
  }

  /* ---------- index: builder/search/index.py pack ---------- */

  /** Python's round(x, 3): correctly rounded from x's exact value, exact ties to even. */
  function round3(x) {
    var y = x * 1000;
    var frac = y - Math.floor(y);
    // Far from a half, rounding the (slightly inexact) product gives the same integer.
    if (Math.abs(frac - 0.5) > 1e-7) return Math.round(y) / 1000;
    var k = x * 2000;
    if (Number.isInteger(k) && Math.abs(k % 2) === 1 && k / 2000 === x) {
      var lo = (k - 1) / 2;
      return (lo % 2 === 0 ? lo : lo + 1) / 1000;
    }
    return Number(x.toFixed(3));
  }

  /**
   * The lunr.py serialization that `pack` packed (term indices in sorted order), ready for
   * `lunr.Index.load`.
   *
   * A posting's per-field document refs ({"12": {}, ...}) are what lunr reads at query time
   * through `posting[field]`; a query reads a handful of them, so they are built on first read
   * (a getter on the postings' prototype, over typed arrays) instead of 40,000 objects up front.
   * `materialize` turns them into plain objects, e.g. to compare with lunr.py's output.
   */
  function unpack(p) {
    var fields = p.fields;
    var nDocs = p.documents;
    var nTerms = p.prefix.length;
    var suffixes = nTerms ? p.suffixes.split("\n") : [];
    var terms = new Array(nTerms);
    var prev = "";
    for (var i = 0; i < nTerms; i++) {
      prev = prev.slice(0, p.prefix[i]) + suffixes[i];
      terms[i] = prev;
    }
    // Pass 1, every field: decode the document lists; count documents per term (idf),
    // frequencies per document (field length) and terms per document (vector size).
    var df = new Float64Array(nTerms);
    var decoded = fields.map(function (f, fi) {
      var data = p.postings[fi], tf = p.tf[fi];
      var docs = new Int32Array(data.length), freqs = new Float64Array(data.length);
      var start = new Int32Array(nTerms), end = new Int32Array(nTerms);
      var len = new Float64Array(nDocs), size = new Int32Array(nDocs);
      var term = 0, doc = 0, first = 0, position = 0, tfAt = 0;
      var nextTf = tf.length ? tf[0] : -1;
      for (var j = 0; j < data.length;) {
        term += data[j];
        var count = data[j + 1];
        first += data[j + 2];
        j += 3;
        doc = first;
        start[term] = position;
        for (var c = 0; c < count; c++) {
          if (c > 0) doc += data[j++];
          var freq = 1;
          if (position === nextTf) {
            freq = tf[tfAt + 1];
            tfAt += 2;
            nextTf = tfAt < tf.length ? position + tf[tfAt] : -1;
          }
          docs[position] = doc;
          freqs[position] = freq;
          len[doc] += freq;
          size[doc] += 2;
          position++;
        }
        end[term] = position;
        df[term] += count;
      }
      return { docs: docs, freqs: freqs, start: start, end: end, len: len, size: size };
    });
    var refNames = new Array(nDocs);
    for (var r = 0; r < nDocs; r++) refNames[r] = String(r);
    var EMPTY = {};
    function Posting(n) {
      this._index = n;
    }
    fields.forEach(function (field, fi) {
      var d = decoded[fi];
      var made = new Array(nTerms);
      Object.defineProperty(Posting.prototype, field, {
        enumerable: true,
        get: function () {
          var n = this._index;
          var refs = made[n];
          if (refs === undefined) {
            refs = {};
            for (var k = d.start[n]; k < d.end[n]; k++) refs[refNames[d.docs[k]]] = EMPTY;
            made[n] = refs;
          }
          return refs;
        },
      });
    });
    // Pass 2, per field: the document vectors, with lunr.py's BM25 weight
    // idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * (length / average)) + tf) * boost,
    // evaluated in the same order so that the doubles, and their rounding, are the same.
    var vectors = [];
    var k1 = p.k1, b = p.b;
    fields.forEach(function (field, fi) {
      var d = decoded[fi];
      var total = 0;
      for (var doc = 0; doc < nDocs; doc++) total += d.len[doc];
      var avg = total / nDocs, boost = p.boosts[fi];
      // All of the field's vectors in one buffer; each document's vector is a view of it
      // (lunr.Vector only reads `elements[i]` and `elements.length` of a document vector).
      var fill = new Int32Array(nDocs);
      var used = 0;
      for (doc = 0; doc < nDocs; doc++) {
        fill[doc] = used;
        used += d.size[doc];
      }
      var all = new Float64Array(used);
      for (var n = 0; n < nTerms; n++) {
        if (d.start[n] === d.end[n]) continue;
        var x = (nDocs - df[n] + 0.5) / (df[n] + 0.5);
        var idf = Math.log(1 + Math.abs(x));
        for (var k = d.start[n]; k < d.end[n]; k++) {
          doc = d.docs[k];
          var tf = d.freqs[k];
          var score = idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * (d.len[doc] / avg)) + tf);
          score *= boost;
          var at = fill[doc];
          all[at] = n;
          all[at + 1] = round3(score);
          fill[doc] = at + 2;
        }
      }
      for (doc = 0; doc < nDocs; doc++) {
        if (d.size[doc]) vectors.push([field + "/" + refNames[doc], all.subarray(fill[doc] - d.size[doc], fill[doc])]);
      }
    });
    var inverted = new Array(nTerms);
    for (var n = 0; n < nTerms; n++) inverted[n] = [terms[n], new Posting(n)];
    return {
      version: p.version,
      fields: fields,
      fieldVectors: vectors,
      invertedIndex: inverted,
      pipeline: p.pipeline,
    };
  }

  /** `unpack`'s output as plain JSON data, as lunr.py serialized it. */
  function materialize(serialized) {
    return {
      version: serialized.version,
      fields: serialized.fields,
      fieldVectors: serialized.fieldVectors.map(function (v) { return [v[0], Array.from(v[1])]; }),
      invertedIndex: serialized.invertedIndex.map(function (entry) {
        var plain = {};
        serialized.fields.forEach(function (f) { plain[f] = entry[1][f]; });
        plain._index = entry[1]._index;
        return [entry[0], plain];
      }),
      pipeline: serialized.pipeline,
    };
  }

  /* ---------- engine ---------- */

  var TIER = { exact: 5, prefix: 4, contains: 3, chars: 2, initialsExact: 3, initials: 2, unit: 1 };

  function Engine(index, store) {
    this.index = index;
    this.store = store;
    var counts = store.counts;
    this.nCand = counts[0];
    this.unitStart = counts[0];
    this.pageStart = counts[0] + counts[1];
    this.formStart = this.pageStart + counts[2];
    this.names = store.names ? store.names.split("\n") : [];
    this.anchors = store.anchors ? store.anchors.split("\n") : [];
    this.hanNames = new Array(this.names.length);
    var members = store.units.map(function () { return []; });
    for (var i = 0; i < this.nCand; i++) {
      members[store.unit[i]].push(i);
      if (store.rec[i] >= 0 && store.rec[i] !== store.unit[i]) members[store.rec[i]].push(i);
    }
    this.members = members;
  }

  Engine.prototype.hanName = function (i) {
    if (this.hanNames[i] === undefined) {
      this.hanNames[i] = runs(normalize(this.names[i])).filter(function (r) { return r[0] === "han"; })
        .map(function (r) { return r[1]; }).join("");
    }
    return this.hanNames[i];
  };

  function matchedFields(result) {
    var fields = new Set();
    var meta = result.matchData.metadata;
    Object.keys(meta).forEach(function (term) {
      Object.keys(meta[term]).forEach(function (f) { fields.add(f); });
    });
    return fields;
  }

  Engine.prototype.runAlt = function (alt) {
    return this.index.query(function (q) {
      alt.clauses.forEach(function (c) {
        q.term(c.term, {
          fields: c.fields.slice(),
          presence: c.presence,
          wildcard: c.wildcard,
          boost: c.boost,
          usePipeline: false,
        });
      });
    });
  };

  Engine.prototype.candidateTier = function (alt, i, result, han) {
    if (alt.kind === "name") {
      var name = this.hanName(i);
      if (name === han) return TIER.exact;
      if (name.indexOf(han) === 0) return TIER.prefix;
      if (name.indexOf(han) >= 0) return TIER.contains;
      return TIER.chars;
    }
    var exact = alt.exact !== null && Object.prototype.hasOwnProperty.call(result.matchData.metadata, alt.exact);
    if (alt.kind === "initials" || alt.kind === "mixed-initials") return exact ? TIER.initialsExact : TIER.initials;
    return exact ? TIER.exact : TIER.prefix;
  };

  /** {candidates, pages, forms, parsed}: candidates as {i, tier, score, via}, best first. */
  Engine.prototype.search = function (text) {
    var self = this;
    var parsed = parseQuery(text, this.store.chars);
    var cands = new Map(), pages = new Map(), forms = new Map();
    function better(map, key, hit) {
      var old = map.get(key);
      if (!old || hit.tier > old.tier || (hit.tier === old.tier && hit.score > old.score)) map.set(key, hit);
    }
    function unitHit(unit, score) {
      self.members[unit].forEach(function (i) {
        better(cands, i, { i: i, tier: TIER.unit, score: score, via: "unit", unit: unit });
      });
    }
    parsed.alts.forEach(function (alt) {
      if (alt.kind === "unit-initials") {
        // Initials of any part of a unit's name: a scan of a few thousand short strings.
        self.store.unitInitials.forEach(function (initials, unit) {
          if (initials.indexOf(alt.exact) >= 0) unitHit(unit, alt.exact.length / initials.length);
        });
        return;
      }
      self.runAlt(alt).forEach(function (result) {
        if (alt.need.length) {
          var got = matchedFields(result);
          if (!alt.need.every(function (f) { return got.has(f); })) return;
        }
        var ref = Number(result.ref);
        if (ref < self.unitStart) {
          better(cands, ref, { i: ref, tier: self.candidateTier(alt, ref, result, parsed.han), score: result.score, via: "name" });
        } else if (ref < self.pageStart) {
          unitHit(ref - self.unitStart, result.score);
        } else if (ref < self.formStart) {
          better(pages, ref - self.pageStart, { i: ref - self.pageStart, tier: 0, score: result.score });
        } else {
          better(forms, ref - self.formStart, { i: ref - self.formStart, tier: 0, score: result.score });
        }
      });
    });
    function order(a, b) {
      return b.tier - a.tier || b.score - a.score || a.i - b.i;
    }
    return {
      parsed: parsed,
      candidates: Array.from(cands.values()).sort(order),
      pages: Array.from(pages.values()).sort(order),
      forms: Array.from(forms.values()).sort(order),
    };
  };

  /** What a result shows: plain data, for the UI to put into text nodes. */
  Engine.prototype.candidate = function (i) {
    var s = this.store;
    var r = s.rounds[s.round[i]];
    return {
      name: this.names[i],
      unit: s.units[s.unit[i]],
      recommendedBy: s.rec[i] >= 0 ? s.units[s.rec[i]] : null,
      round: { id: r[0], title: r[1], year: r[2], listUrl: r[3], noticeUrl: r[4], label: r[5] },
      roundNo: s.round[i],
      gender: s.gender[i] === "0" ? "男" : s.gender[i] === "1" ? "女" : "",
      status: s.statuses[Number(s.status[i])],
      url: (r[3] || r[4]) + "#" + this.anchors[i],
    };
  };

  Engine.prototype.page = function (i) {
    var p = this.store.pages[i];
    var r = p[3] >= 0 ? this.store.rounds[p[3]] : null;
    return { title: p[0], url: p[1], kind: p[2], round: r ? { id: r[0], title: r[1], year: r[2] } : null };
  };

  Engine.prototype.form = function (i) {
    var f = this.store.forms[i];
    var r = this.store.rounds[f[2]];
    return { title: f[0], url: f[1], format: f[3], round: { id: r[0], title: r[1], year: r[2], label: r[5] } };
  };

  /* ---------- what a result shows ---------- */

  /** Code points of the query that can match: Han characters and a-z0-9. */
  function queryChars(text) {
    return Array.from(normalize(text)).filter(function (ch) { return isHan(ch) || isLatin(ch); });
  }

  function hasLatin(q) {
    return q.some(isLatin);
  }

  /** [start, end) code-point ranges of a name that the query covers (张san: both characters). */
  function nameMarks(engine, name, text) {
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
      var readings = (engine.store.chars[ch] || "").split(" ").filter(Boolean);
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
    var unit = engine.store.units[unitNo];
    var initials = engine.store.unitInitials[unitNo];
    var chars = Array.from(unit);
    if (!chars.every(isHan) || chars.length !== initials.length) return [];
    var q = queryChars(text).join("");
    var at = initials.indexOf(q);
    return at >= 0 ? [[at, at + q.length]] : [];
  }

  /** Everything one result shows: {href, title, titleMarks, status, lines: [[text, marks]]}. */
  function describe(engine, kind, hit, text) {
    if (kind === "candidates") {
      var c = engine.candidate(hit.i);
      var lines = [];
      if (hit.via === "unit") {
        // Found through a unit: show where the query is, in the work unit and/or the
        // recommending unit ("推荐单位：" is 5 characters before the name).
        var hitUnit = engine.store.units[hit.unit];
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
      lines.push([c.round.label, []]);
      return {
        href: c.url,
        title: c.name,
        titleMarks: hit.via === "name" ? nameMarks(engine, c.name, text) : [],
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

  /* ---------- loading ---------- */

  var loading = null;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      if (window.lunr) return resolve();
      var s = document.createElement("script");
      s.src = src;
      s.async = true;
      s.onload = function () { resolve(); };
      s.onerror = function () { reject(new Error(src)); };
      document.head.appendChild(s);
    });
  }

  function fetchJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(url + " " + r.status);
      return r.json();
    });
  }

  /** Load once (lunr.js and the index file, in parallel); resolves to an Engine. */
  function load(urls) {
    if (!loading) {
      var started = performance.now();
      loading = Promise.all([loadScript(urls.lunr), fetchJson(urls.index)]).then(function (got) {
        var index = window.lunr.Index.load(unpack(got[1].index));
        var engine = new Engine(index, got[1].store);
        engine.loadMs = performance.now() - started;
        return engine;
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
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
    return {
      lunr: new URL(form.dataset.lunr, document.baseURI).href,
      index: new URL(form.dataset.index, document.baseURI).href,
    };
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
      // Enter without a highlighted result opens the best one; with no answer yet (still
      // loading, or nothing typed) the form goes to the 名单检索 page as a plain GET.
      if (self.options.length && self.input.value.trim()) {
        e.preventDefault();
        self.open(self.active >= 0 ? self.active : 0);
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

  Box.prototype.update = function () {
    var self = this;
    var text = this.input.value;
    var seq = ++this.seq;
    if (!text.trim()) {
      this.close();
      this.status.textContent = "";
      return;
    }
    this.ensure().then(function (engine) {
      if (seq === self.seq) self.render(engine, text);
    }, function () {});
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
    this.list.dataset.query = text || "";
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

  Box.prototype.render = function (engine, text) {
    var found = engine.search(text);
    var self = this;
    this.reset();
    var total = 0;
    GROUPS.forEach(function (g) {
      var hits = found[g[0]];
      if (!hits.length) return;
      total += hits.length;
      var group = el("div", "gss-group");
      group.setAttribute("role", "group");
      var label = el("div", "gss-group__title", g[1] + "（" + hits.length + "）");
      label.id = self.list.id + "-" + g[0];
      label.setAttribute("role", "presentation");
      group.setAttribute("aria-labelledby", label.id);
      group.appendChild(label);
      hits.slice(0, PER_GROUP).forEach(function (hit) {
        var a = self.option(el("a", "gss-result"));
        a.dataset.kind = g[0];
        fillResult(a, describe(engine, g[0], hit, text), self.root);
        group.appendChild(a);
      });
      self.list.appendChild(group);
    });
    if (!total) {
      this.showEmpty("没有找到与“" + text.trim() + "”相符的结果。", text);
      return;
    }
    // Which text these results answer (the list lags the field while the index loads).
    this.list.dataset.query = text;
    var all = this.option(el("a", "gss-result gss-result--all", "在名单检索页查看全部 " + total + " 条结果"));
    all.href = new URL(this.form.getAttribute("action"), document.baseURI).href + "?q=" + encodeURIComponent(text.trim());
    this.list.appendChild(all);
    this.status.textContent = "找到 " + total + " 条结果。上下方向键选择，回车打开。";
    this.show();
  };

  Box.prototype.close = function () {
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
    this.input.addEventListener("focus", function () { load(self.urls); });
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
    load(this.urls).then(function (engine) {
      var now = self.criteria();
      if (["q"].concat(FILTERS).some(function (k) { return now[k] !== c[k]; })) return;
      self.render(engine, c);
    }, function () {
      self.status.textContent = "检索数据未能加载，请检查网络后刷新本页。";
    });
  };

  SearchPage.prototype.keep = function (engine, c) {
    var store = engine.store;
    var roundNo = -1;
    store.rounds.forEach(function (r, n) { if (r[0] === c.round) roundNo = n; });
    function roundOk(n) {
      if (c.round && n !== roundNo) return false;
      return !(c.year && String(store.rounds[n][2]) !== c.year);
    }
    return {
      candidate: function (i) {
        if (!roundOk(store.round[i])) return false;
        if (c.status && store.statuses[Number(store.status[i])] !== c.status) return false;
        return !(c.rec && (store.rec[i] < 0 || store.units[store.rec[i]] !== c.rec));
      },
      page: function (i) {
        if (c.rec || c.status) return false;
        var n = store.pages[i][3];
        return !(c.round || c.year) || (n >= 0 && roundOk(n));
      },
      form: function (i) {
        return !(c.rec || c.status) && roundOk(store.forms[i][2]);
      },
    };
  };

  SearchPage.prototype.render = function (engine, c) {
    var keep = this.keep(engine, c);
    var found;
    if (c.q) {
      found = engine.search(c.q);
      found = {
        candidates: found.candidates.filter(function (h) { return keep.candidate(h.i); }),
        pages: found.pages.filter(function (h) { return keep.page(h.i); }),
        forms: found.forms.filter(function (h) { return keep.form(h.i); }),
      };
    } else {
      // Filters alone: the whole matching list, newest round first, in each round by pinyin.
      var all = [];
      for (var i = 0; i < engine.nCand; i++) if (keep.candidate(i)) all.push({ i: i, via: "filter" });
      all.sort(function (a, b) { return engine.store.round[a.i] - engine.store.round[b.i] || a.i - b.i; });
      found = { candidates: all, pages: [], forms: [] };
    }
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
          var d = describe(engine, g[0], hit, c.q);
          var li = el("li");
          var a = el("a");
          appendMarked(a, d.title, d.titleMarks);
          a.href = self.base + d.href;
          li.appendChild(a);
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
        page();
        if (list.children[next]) list.children[next].querySelector("a").focus();
      });
      page();
      section.appendChild(more);
      self.results.appendChild(section);
    });
    this.status.textContent = counts.length ? "找到 " + counts.join("、") + "。" : "没有找到相符的结果。";
  };

  /* ---------- start ---------- */

  var api = {
    normalize: normalize,
    runs: runs,
    textTokens: textTokens,
    parseQuery: parseQuery,
    unpack: unpack,
    materialize: materialize,
    round3: round3,
    load: load,
    Engine: Engine,
  };
  window.GongshiSearch = api;

  function init() {
    var form = document.querySelector("form.gss");
    if (!form) return;
    api.box = new Box(form);
    shortcut(api.box.input);
    var page = document.querySelector("[data-gss-page]");
    if (page) api.page = new SearchPage(page, form);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
