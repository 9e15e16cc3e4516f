/*
 * The portal's search: the header box on every page and the 名单检索 page (/search/).
 *
 * The index is sharded (builder/search/shards.py): the page fetches the small manifest when it
 * is idle (or when the box gets focus); a query then fetches the term shards it reads and the
 * row chunks of the results it shows, each once.
 *
 * The text rules (normalize, textTokens) and the query rules (parseQuery) are ports of
 * builder/names/text.py, builder/search/tokenize.py and builder/search/query.py;
 * tests/search_vectors.json holds inputs and the outputs both must give. The files are decoded
 * by the schema the manifest carries (field encodings, named row columns), never by position.
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
    return [{
      kind: "name",
      clauses: chars.map(function (ch) { return clause(ch, ["n"], { presence: REQUIRED }); }),
      need: [],
      exact: null,
    }];
  }

  /** query.py _unit_and_text_alts: units (u) and candidates' free text (x) by every bigram,
   * join and word, when there is a bigram, a join or digits. */
  function unitAndTextAlts(q) {
    var terms = uniq(taggedTokens(q).map(function (t) { return t[1]; }).filter(function (t) {
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
    if (joined.length >= MIN_FUZZY) alts.push(prefixAlt("fuzzy", fuzzy(joined), "z", []));
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

  function pageAlt(q) {
    var clauses = [];
    var previous = "";
    taggedTokens(q).forEach(function (t) {
      if (t[0] === "one") {
        if (previous !== "join") clauses.push(clause(t[1], ["t"], { presence: REQUIRED }));
      } else if (t[0] !== "han" || Array.from(t[1]).length === 2) {
        clauses.push(clause(t[1], ["t", "b"], { presence: REQUIRED }));
      }
      previous = t[0];
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
    alts = alts.concat(unitAndTextAlts(q));
    var page = pageAlt(q);
    if (page) alts.push(page);
    return { han: hanRuns.join(""), alts: alts };
  }

  /* ---------- the sharded index: builder/search/shards.py ---------- */

  /**
   * Postings of one (term, field), decoded by the encoding the manifest's schema names:
   * a Map document → value (the BM25 weight for "weighted", the name's length in Han
   * characters for "grouped", 1 for "plain").
   */
  function decode(encoding, data) {
    var out = new Map();
    var d = 0, k;
    if (encoding === "plain") {
      for (k = 0; k < data.length; k++) { d += data[k]; out.set(d, 1); }
    } else if (encoding === "weighted") {
      for (k = 0; k < data.length; k += 2) { d += data[k]; out.set(d, data[k + 1]); }
    } else if (encoding === "grouped") {
      for (k = 0; k < data.length;) {
        var len = data[k], count = data[k + 1];
        d = 0;
        for (var c = 0; c < count; c++) { d += data[k + 2 + c]; out.set(d, len); }
        k += 2 + count;
      }
    } else {
      throw new Error("unknown encoding " + encoding);
    }
    return out;
  }

  var MAX_PREFIX_SHARDS = 4;
  /** A prefix spanning more shards than this (zh* at 200,000 names) is read in its first ones. */
  var MAX_UNITS = 300;
  /** Units whose candidates a broad unit query lists (the best scored first). */

  function Store(manifest, manifestUrl) {
    this.m = manifest;
    this.schema = manifest.schema;
    this.base = new URL(manifest.dir, manifestUrl).href;
    this.files = new Map(); // URL → Promise of parsed JSON
    this.shards = new Map(); // shard number → {terms, entries, decoded}
    this.chunks = new Map(); // kind + number → rows
    this.counts = manifest.counts;
    var withdrawn = new Set(), d = 0;
    manifest.withdrawn.forEach(function (gap) { d += gap; withdrawn.add(d); });
    this.withdrawn = withdrawn;
    var current = new Set(), c = 0;
    manifest.current.forEach(function (gap) { c += gap; current.add(c); });
    this.current = current;
    var cols = {};
    Object.keys(this.schema.rows).forEach(function (kind) {
      var at = {};
      manifest.schema.rows[kind].columns.forEach(function (c, i) { at[c] = i; });
      cols[kind] = at;
    });
    this.cols = cols;
  }

  Store.prototype.fetch = function (name) {
    var url = this.base + name;
    if (!this.files.has(url)) {
      var p = fetchJson(url);
      this.files.set(url, p);
      var files = this.files;
      p.catch(function () { files.delete(url); });
    }
    return this.files.get(url);
  };

  /** The last shard whose first term ≤ term (JS compares UTF-16 code units, as the writer sorts). */
  Store.prototype.shardOf = function (term) {
    var firsts = this.m.shards;
    var lo = 0, hi = firsts.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (firsts[mid] <= term) lo = mid + 1;
      else hi = mid;
    }
    return Math.max(lo - 1, 0);
  };

  Store.prototype.shardRange = function (prefix) {
    var first = this.shardOf(prefix), last = this.shardOf(prefix + "\uffff");
    return [first, Math.min(last, first + MAX_PREFIX_SHARDS - 1)];
  };

  /** Fetch the shards that hold these terms and these prefixes; resolves when all are here. */
  Store.prototype.need = function (terms, prefixes) {
    if (!this.m.shards.length) return Promise.resolve();
    var self = this, wanted = new Set();
    terms.forEach(function (t) { wanted.add(self.shardOf(t)); });
    prefixes.forEach(function (p) {
      var r = self.shardRange(p);
      for (var n = r[0]; n <= r[1]; n++) wanted.add(n);
    });
    return Promise.all(Array.from(wanted).map(function (n) {
      if (self.shards.has(n)) return null;
      return self.fetch(self.schema.files.shard.replace("{n}", n)).then(function (shard) {
        self.shards.set(n, { terms: shard.terms, entries: shard.entries, decoded: new Map() });
      });
    }));
  };

  function lowerBound(list, term) {
    var lo = 0, hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid] < term) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  Store.prototype.decoded = function (shard, at) {
    var got = shard.decoded.get(at);
    if (!got) {
      var entry = shard.entries[at], fields = this.schema.fields;
      got = {};
      Object.keys(entry).forEach(function (f) {
        if (fields[f]) got[f] = decode(fields[f].encoding, entry[f]);
      });
      shard.decoded.set(at, got);
    }
    return got;
  };

  /** field → Map of one term's postings (from a fetched shard); {} if no document has it. */
  Store.prototype.term = function (term) {
    var shard = this.shards.get(this.shardOf(term));
    if (!shard) return {};
    var at = lowerBound(shard.terms, term);
    return shard.terms[at] === term ? this.decoded(shard, at) : {};
  };

  Store.prototype.readings = function (ch) {
    var shard = this.shards.get(this.shardOf(ch));
    if (!shard) return "";
    var at = lowerBound(shard.terms, ch);
    return shard.terms[at] === ch ? shard.entries[at][this.schema.readings] || "" : "";
  };

  /** [[term, field → Map]] of the fetched terms that start with `prefix`. */
  Store.prototype.prefixed = function (prefix) {
    var out = [];
    var r = this.shardRange(prefix);
    for (var n = r[0]; n <= r[1]; n++) {
      var shard = this.shards.get(n);
      if (!shard) continue;
      for (var at = lowerBound(shard.terms, prefix); at < shard.terms.length; at++) {
        if (shard.terms[at].indexOf(prefix) !== 0) break;
        out.push([shard.terms[at], this.decoded(shard, at)]);
      }
    }
    return out;
  };

  /** Fetch the chunks that hold these rows of a kind. */
  Store.prototype.needRows = function (kind, ids) {
    var self = this, size = this.schema.rows[kind].chunk, wanted = new Set();
    ids.forEach(function (i) { if (i >= 0) wanted.add(Math.floor(i / size)); });
    return Promise.all(Array.from(wanted).map(function (n) {
      var key = kind + n;
      if (self.chunks.has(key)) return null;
      return self.fetch(self.schema.files[kind].replace("{n}", n)).then(function (rows) { self.chunks.set(key, rows); });
    }));
  };

  /** One fetched row as named columns. */
  Store.prototype.row = function (kind, i) {
    var size = this.schema.rows[kind].chunk;
    var rows = this.chunks.get(kind + Math.floor(i / size));
    var raw = rows[i % size], cols = this.cols[kind], out = {};
    Object.keys(cols).forEach(function (c) { out[c] = raw[cols[c]]; });
    return out;
  };

  /* ---------- engine ---------- */

  // fuzzy: the forgiving tier (everyday readings, given name alone, 模糊音), below every right reading.
  // text: found in the free text (专业领域, 主要业绩), below every name and unit match.
  var TIER = { exact: 5, prefix: 4, contains: 3, chars: 2, initialsExact: 3, initials: 2, fuzzy: 1.5, unit: 1, text: 0.5 };

  function Engine(store) {
    this.store = store;
    this.nCand = store.counts.cand;
    this.nPages = store.counts.pages;
  }

  function spaceOf(store, field) {
    return store.schema.fields[field].space;
  }

  /** The shard keys and key prefixes a parsed query reads (a field's terms carry its `key`). */
  function lookups(store, parsed) {
    var terms = [], prefixes = [], fields = store.schema.fields;
    parsed.alts.forEach(function (alt) {
      alt.clauses.forEach(function (c) {
        c.fields.forEach(function (f) {
          (c.wildcard === TRAILING ? prefixes : terms).push(fields[f].key + c.term);
        });
      });
      if (alt.kind === "name") terms.push(parsed.han, fields.np.key + parsed.han, fields.nx.key + parsed.han);
      if (alt.kind === "unit-initials") trigrams(alt.exact).forEach(function (t) { terms.push(fields.ui.key + t); });
    });
    return [uniq(terms), uniq(prefixes)];
  }

  function trigrams(s) {
    var out = [];
    for (var i = 0; i + 3 <= s.length; i++) out.push(s.slice(i, i + 3));
    return uniq(out);
  }

  /** Map document → {w: summed weight, v: the posting's value (name length), exact, len} of a clause. */
  Engine.prototype.clauseHits = function (c, exactTerm) {
    var store = this.store, out = new Map();
    c.fields.forEach(function (f) {
      var spec = store.schema.fields[f], key = spec.key + c.term;
      var weighted = spec.encoding === "weighted";
      var found = c.wildcard === TRAILING ? store.prefixed(key) : [[key, store.term(key)]];
      found.forEach(function (tf) {
        var post = tf[1][f];
        if (!post) return;
        var isExact = tf[0] === spec.key + exactTerm, len = tf[0].length - spec.key.length;
        post.forEach(function (value, doc) {
          var old = out.get(doc);
          var w = (weighted ? value : 1) * c.boost;
          if (!old) out.set(doc, { w: w, v: weighted ? 0 : value, exact: isExact, len: len });
          else {
            old.w += w;
            old.exact = old.exact || isExact;
            if (!weighted && len < old.len) { old.v = value; old.len = len; }
          }
        });
      });
    });
    return out;
  };

  function intersect(a, b) {
    if (a === null) return b;
    var out = new Map();
    var small = a.size <= b.size ? a : b, big = small === a ? b : a;
    small.forEach(function (hit, doc) {
      var other = big.get(doc);
      if (other) out.set(doc, { w: hit.w + other.w, v: hit.v || other.v, exact: hit.exact || other.exact, len: Math.min(hit.len, other.len) });
    });
    return out;
  }

  /** Map document → hit of one alternative: every required clause, and (with `need`) one of the others. */
  Engine.prototype.runAlt = function (alt) {
    var self = this, req = null, opt = null;
    alt.clauses.forEach(function (c) {
      var hits = self.clauseHits(c, alt.exact);
      if (c.presence === REQUIRED) req = intersect(req, hits);
      else if (opt === null) opt = hits;
      else {
        hits.forEach(function (hit, doc) {
          var old = opt.get(doc);
          if (!old) opt.set(doc, hit);
          else {
            old.w += hit.w;
            old.exact = old.exact || hit.exact;
            if (hit.len < old.len) { old.len = hit.len; old.v = hit.v; }
          }
        });
      }
    });
    if (opt === null) return req || new Map();
    if (req === null) return opt;
    if (!alt.need.length) {
      req.forEach(function (hit, doc) { var o = opt.get(doc); if (o) hit.w += o.w; });
      return req;
    }
    var out = new Map();
    opt.forEach(function (hit, doc) {
      var r = req.get(doc);
      if (r) out.set(doc, { w: hit.w + r.w, v: hit.v || r.v, exact: hit.exact, len: hit.len });
    });
    return out;
  };

  /** The simplified form of a traditional character, from a fetched shard ("" if none). */
  Store.prototype.simplified = function (ch) {
    var shard = this.shards.get(this.shardOf(ch));
    if (!shard) return "";
    var at = lowerBound(shard.terms, ch);
    return shard.terms[at] === ch ? shard.entries[at][this.schema.simplified] || "" : "";
  };

  /**
   * Resolves to {candidates, pages, forms, parsed, query}: candidates as {i, tier, len, score,
   * via}, best first; `query` is the text searched (traditional characters made simplified).
   * The shards of the query's characters and of its terms as typed come in one round; only a
   * traditional or a mixed (张s) query needs a second.
   */
  Engine.prototype.search = function (text) {
    var self = this, store = this.store;
    var hanChars = uniq(queryChars(text).filter(isHan));
    var typed = lookups(store, parseQuery(text, {}));
    return store.need(typed[0].concat(hanChars), typed[1]).then(function () {
      var query = Array.from(normalize(text)).map(function (ch) {
        return isHan(ch) ? store.simplified(ch) || ch : ch;
      }).join("");
      var chars = {};
      uniq(queryChars(query).filter(isHan)).forEach(function (ch) {
        var r = store.readings(ch);
        if (r) chars[ch] = r;
      });
      var parsed = parseQuery(query, chars);
      var look = lookups(store, parsed);
      return store.need(look[0], look[1]).then(function () {
        return self.evaluate(parsed);
      }).then(function (found) {
        found.query = query;
        return found;
      });
    });
  };

  Engine.prototype.evaluate = function (parsed) {
    var self = this, store = this.store;
    var cands = new Map(), docs = new Map(), unitHits = new Map();
    function better(map, key, hit) {
      var old = map.get(key);
      if (!old || hit.tier > old.tier || (hit.tier === old.tier && hit.score > old.score)) map.set(key, hit);
    }
    function unitHit(unit, score) {
      var old = unitHits.get(unit);
      if (old === undefined || score > old) unitHits.set(unit, score);
    }
    var han = parsed.han;
    parsed.alts.forEach(function (alt) {
      if (alt.kind === "unit-initials") {
        var found = null;
        trigrams(alt.exact).forEach(function (t) {
          found = intersect(found, store.term(store.schema.fields.ui.key + t).ui || new Map());
        });
        (found || new Map()).forEach(function (hit, unit) { unitHit(unit, -1 - unit); });
        return;
      }
      var hits = self.runAlt(alt);
      if (!alt.clauses.length) return;
      var space = spaceOf(store, alt.clauses[alt.clauses.length - 1].fields[0]);
      if (alt.kind === "name") {
        var fields = store.schema.fields;
        var nx = store.term(fields.nx.key + han).nx || new Map();
        var np = store.term(fields.np.key + han).np || new Map();
        var part = store.term(fields.n.key + han).n || new Map();
        hits.forEach(function (hit, i) {
          var tier = nx.has(i) ? TIER.exact : np.has(i) ? TIER.prefix : part.has(i) ? TIER.contains : TIER.chars;
          better(cands, i, { i: i, tier: tier, len: hit.v, score: 0, via: "name" });
        });
      } else if (alt.kind === "text") {
        hits.forEach(function (hit, i) { better(cands, i, { i: i, tier: TIER.text, score: 0, via: "text" }); });
      } else if (alt.kind === "latin-name") {
        hits.forEach(function (hit, i) { better(cands, i, { i: i, tier: TIER.contains, len: hit.v, score: 0, via: "name" }); });
      } else if (space === "cand") {
        var initials = alt.kind === "initials" || alt.kind === "mixed-initials";
        hits.forEach(function (hit, i) {
          var tier = alt.kind === "fuzzy" ? TIER.fuzzy :
            initials ? (hit.exact ? TIER.initialsExact : TIER.initials) : (hit.exact ? TIER.exact : TIER.prefix);
          better(cands, i, { i: i, tier: tier, len: hit.v, score: -hit.len, via: "name" });
        });
      } else if (space === "unit") {
        hits.forEach(function (hit, unit) { unitHit(unit, hit.w); });
      } else {
        hits.forEach(function (hit, d) { better(docs, d, { i: d, tier: 0, score: hit.w }); });
      }
    });
    var pages = [], forms = [];
    docs.forEach(function (hit, d) {
      if (d < self.nPages) pages.push(hit);
      else forms.push({ i: d - self.nPages, tier: 0, score: hit.score });
    });
    var finish = function () {
      var withdrawn = store.withdrawn, current = store.current;
      // Among equally good matches, people of a round still under way (its 公示) come first.
      function order(a, b) {
        return (withdrawn.has(a.i) - withdrawn.has(b.i)) || b.tier - a.tier || (a.len || 99) - (b.len || 99) ||
          (current.has(b.i) - current.has(a.i)) || b.score - a.score || a.i - b.i;
      }
      function byScore(a, b) { return b.score - a.score || a.i - b.i; }
      return {
        parsed: parsed,
        candidates: Array.from(cands.values()).sort(order),
        pages: pages.sort(byScore),
        forms: forms.sort(byScore),
      };
    };
    if (!unitHits.size) return finish();
    // Units found: their rows (own candidates' range, initials) and whom they recommended.
    var units = Array.from(unitHits.keys()).sort(function (a, b) { return unitHits.get(b) - unitHits.get(a) || a - b; })
      .slice(0, MAX_UNITS);
    return store.needRows("unit", units).then(function () {
      var rows = units.map(function (u) { return store.row("unit", u); });
      return store.need(rows.map(function (r) { return "@c" + r.name; }), []).then(function () {
        units.forEach(function (u, k) {
          var row = rows[k];
          var initialsOnly = unitHits.get(u) < 0;
          if (initialsOnly && !parsed.alts.some(function (a) { return a.kind === "unit-initials" && row.initials.indexOf(a.exact) >= 0; })) return;
          var score = initialsOnly ? 0 : unitHits.get(u);
          for (var i = row.start; i < row.end; i++) better(cands, i, { i: i, tier: TIER.unit, score: score, via: "unit", unit: u });
          var rec = store.term("@c" + row.name).f;
          if (rec) rec.forEach(function (_, i) { better(cands, i, { i: i, tier: TIER.unit, score: score, via: "unit", unit: u }); });
        });
        return finish();
      });
    });
  };

  /** Fetch what `describe` shows for these hits: their candidate and document rows. */
  Engine.prototype.prepare = function (found, counts) {
    var store = this.store, nPages = this.nPages;
    var cands = found.candidates.slice(0, counts.candidates).map(function (h) { return h.i; });
    var docs = found.pages.slice(0, counts.pages).map(function (h) { return h.i; })
      .concat(found.forms.slice(0, counts.forms).map(function (h) { return h.i + nPages; }));
    return Promise.all([store.needRows("cand", cands), store.needRows("doc", docs)]);
  };

  /** What a result shows: plain data, for the UI to put into text nodes (rows fetched by `prepare`). */
  Engine.prototype.candidate = function (i) {
    var s = this.store, c = s.row("cand", i);
    var readings = {};
    (c.readings || "").split(" ").filter(Boolean).forEach(function (pair) {
      var eq = pair.indexOf("=");
      readings[pair.slice(0, eq)] = pair.slice(eq + 1).split(",").join(" ");
    });
    return {
      name: c.name,
      unit: c.unit_name,
      recommendedBy: c.rec >= 0 ? c.rec_name : null,
      round: { id: c.round_id, label: c.label },
      gender: s.schema.genders[c.gender] || "", // 2: not published (award lists, collectives)
      status: s.schema.statuses[c.status],
      readings: readings,
      url: c.href + "#" + c.anchor,
    };
  };

  Engine.prototype.page = function (i) {
    var p = this.store.row("doc", i);
    return { title: p.title, url: p.url, kind: p.kind, round: p.round_id ? { id: p.round_id, year: p.year } : null };
  };

  Engine.prototype.form = function (i) {
    var f = this.store.row("doc", i + this.nPages);
    return { title: f.title, url: f.url, format: f.format, round: { id: f.round_id, year: f.year, label: f.label } };
  };

  Engine.prototype.unit = function (u) {
    return this.store.row("unit", u);
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

  /**
   * "您是不是要找…" when every candidate found is only a forgiving match (an everyday reading of
   * the surname, 模糊音): the first one's name, so the visitor learns how it is read.
   */
  function didYouMean(engine, found) {
    var c = found.candidates;
    if (!c.length || c[0].tier !== TIER.fuzzy) return "";
    var names = uniq(c.slice(0, 3).map(function (h) { return engine.candidate(h.i).name; }));
    return "您是不是要找：" + names.join("、") + "？";
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
      lines.push([c.round.label, []]);
      return {
        href: c.url,
        title: c.name,
        titleMarks: hit.via === "name" ? nameMarks(c.readings, c.name, text) : [],
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

  function fetchJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(url + " " + r.status);
      return r.json();
    });
  }

  /** Load the manifest once; resolves to an Engine (shards and rows come as queries need them). */
  function load(urls) {
    if (!loading) {
      var started = performance.now();
      loading = fetchJson(urls.index).then(function (manifest) {
        var engine = new Engine(new Store(manifest, urls.index));
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
    this.ensure().then(function (engine) {
      return engine.search(text).then(function (found) {
        return engine.prepare(found, shown).then(function () {
          if (seq !== self.seq) return;
          found.text = text;
          self.found = found;
          self.render(engine, text, found);
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

  Box.prototype.render = function (engine, text, found) {
    var self = this;
    this.reset();
    var total = 0;
    var suggestion = didYouMean(engine, found);
    if (suggestion) this.list.appendChild(el("div", "gss-suggest", suggestion));
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
        fillResult(a, describe(engine, g[0], hit, found.query || text), self.root);
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
    var searched = c.q ? engine.search(c.q) : Promise.resolve(null);
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

  var api = {
    normalize: normalize,
    runs: runs,
    textTokens: textTokens,
    parseQuery: parseQuery,
    fuzzy: fuzzy,
    decode: decode,
    load: load,
    Engine: Engine,
    Store: Store,
  };
  window.GongshiSearch = api;

  function init() {
    var form = document.querySelector("form.gss");
    if (!form) return;
    api.box = new Box(form);
    shortcut(api.box.input);
    // The manifest (a few KB, cached by its hashed name) is fetched once the page is idle, so
    // that the first keystroke waits only for the shards it needs.
    var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 1000); };
    var prefetch = function () { idle(function () { load(urlsOf(form)).catch(function () {}); }, { timeout: 3000 }); };
    if (document.readyState === "complete") prefetch();
    else window.addEventListener("load", prefetch);
    var page = document.querySelector("[data-gss-page]");
    if (page) api.page = new SearchPage(page, form);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
