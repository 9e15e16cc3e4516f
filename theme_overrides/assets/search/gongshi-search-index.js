/*
 * The portal's search, part 2 of 3: the sharded index (builder/search/shards.py) and the engine
 * that evaluates a parsed query against it.
 *
 * The page fetches the small manifest; a query then fetches the term shards it reads and the
 * row chunks of the results it shows, each once. The files are decoded by the schema the
 * manifest carries (field encodings, named row columns), never by position.
 * Needs gongshi-search-rules.js (loaded before it).
 */
(function (GS) {
  "use strict";

  var isHan = GS.isHan, normalize = GS.normalize, uniq = GS.uniq, queryChars = GS.queryChars;
  var parseQuery = GS.parseQuery, REQUIRED = GS.REQUIRED, TRAILING = GS.TRAILING;

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
    this.carried = new Map(); // kind + ":" + document number → a row a shard carried
    this.table = null; // the readings file once fetched (loadTable)
    this.tableLoading = null;
    this.soundTable = null; // the sounds file once fetched (loadSounds)
    this.soundsLoading = null;
    this.rounds = null; // the rounds file once fetched (loadRounds): what a row's "round" names
    this.roundsLoading = null;
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

  /** Whether the shards that hold these terms and these prefixes are all here (and the rounds
   * file, which their rows need). */
  Store.prototype.has = function (terms, prefixes) {
    if (!this.rounds) return false;
    if (!this.m.shards.length) return true;
    var self = this;
    return terms.every(function (t) { return self.shards.has(self.shardOf(t)); }) &&
      prefixes.every(function (p) {
        var r = self.shardRange(p);
        for (var n = r[0]; n <= r[1]; n++) if (!self.shards.has(n)) return false;
        return true;
      });
  };

  /** Fetch the shards that hold these terms and these prefixes; resolves when all are here. */
  Store.prototype.need = function (terms, prefixes) {
    if (!this.m.shards.length) return this.loadRounds();
    var self = this, wanted = new Set();
    terms.forEach(function (t) { wanted.add(self.shardOf(t)); });
    prefixes.forEach(function (p) {
      var r = self.shardRange(p);
      for (var n = r[0]; n <= r[1]; n++) wanted.add(n);
    });
    // The rounds file in the same round as the first shards: their rows name their round by
    // its line there.
    return Promise.all([this.loadRounds()].concat(Array.from(wanted).map(function (n) {
      if (self.shards.has(n)) return null;
      return self.fetch(self.schema.files.shard.replace("{n}", n)).then(function (shard) {
        self.shards.set(n, { terms: shard.terms, entries: shard.entries, decoded: new Map() });
        // The rows of its terms' likeliest hits (shards.py TOP_ROWS): a first answer needs no
        // chunk when its results are among them.
        Object.keys(shard.rows || {}).forEach(function (kind) {
          shard.rows[kind].forEach(function (pair) { self.carried.set(kind + ":" + pair[0], pair[1]); });
        });
      });
    })));
  };

  /** The rounds file (shards.py rounds_file, SCHEMA "rounds"): each round's id, year, label and
   * page, which rows name by line; fetched once, with the first shards or rows. */
  Store.prototype.loadRounds = function () {
    var self = this;
    if (!this.roundsLoading) {
      this.roundsLoading = this.fetch(this.schema.files.rounds).then(function (body) {
        self.rounds = body;
        return body;
      });
      this.roundsLoading.catch(function () { self.roundsLoading = null; });
    }
    return this.roundsLoading;
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

  /** Every reading of a Han character (any a visitor may type), for homophones; "" if unknown. */
  /**
   * The sounds file (shards.py sounds_file): every reading of each character a visitor may
   * type, fetched the first time a Han query's answer as typed names nobody (a slip of the
   * input method is then likely: `search`); from then on a homophone query
   * asks its homophones' terms in the same round as its characters' shards.
   */
  Store.prototype.loadSounds = function () {
    var self = this, name = this.schema.files.sounds;
    if (!name) return Promise.resolve(null);
    if (!this.soundsLoading) {
      this.soundsLoading = this.fetch(name).then(function (body) {
        var h = new Map();
        Object.keys(body).forEach(function (group) {
          Array.from(body[group]).forEach(function (ch) { h.set(ch, group); });
        });
        self.soundTable = h;
        return h;
      });
      this.soundsLoading.catch(function () { self.soundsLoading = null; });
    }
    return this.soundsLoading;
  };

  Store.prototype.sounds = function (ch) {
    if (this.soundTable) return this.soundTable.get(ch) || "";
    var shard = this.shards.get(this.shardOf(ch));
    if (!shard) return "";
    var at = lowerBound(shard.terms, ch);
    return shard.terms[at] === ch ? shard.entries[at][this.schema.sounds] || "" : "";
  };

  /**
   * The readings file (shards.py readings_file): every name character's readings and every
   * traditional character's simplified form, fetched once (after the first answer is shown):
   * from then on a mixed or a traditional query asks its terms as read in its first round.
   */
  Store.prototype.loadTable = function () {
    var self = this, name = this.schema.files.readings;
    if (!name) return Promise.resolve(null);
    if (!this.tableLoading) {
      this.tableLoading = this.fetch(name).then(function (body) {
        var r = new Map(), s = new Map();
        Object.keys(body.r).forEach(function (group) {
          Array.from(body.r[group]).forEach(function (ch) { r.set(ch, group); });
        });
        Object.keys(body.s).forEach(function (simple) {
          Array.from(body.s[simple]).forEach(function (trad) { s.set(trad, simple); });
        });
        self.table = { r: r, s: s };
        return self.table;
      });
      this.tableLoading.catch(function () { self.tableLoading = null; });
    }
    return this.tableLoading;
  };

  /** The readings a Han character has in the indexed names ("" if none), from the readings
   * file once it is here, else from the character's fetched shard. */
  Store.prototype.readings = function (ch) {
    if (this.table) return this.table.r.get(ch) || "";
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
    ids.forEach(function (i) {
      if (i >= 0 && !self.carried.has(kind + ":" + i)) wanted.add(Math.floor(i / size));
    });
    return Promise.all([this.loadRounds()].concat(Array.from(wanted).map(function (n) {
      var key = kind + n;
      if (self.chunks.has(key)) return null;
      return self.fetch(self.schema.files[kind].replace("{n}", n)).then(function (rows) { self.chunks.set(key, rows); });
    })));
  };

  /** Whether a row is here: its chunk fetched, or carried by a fetched shard. */
  Store.prototype.hasRow = function (kind, i) {
    if (!this.rounds) return false;
    return this.chunks.has(kind + Math.floor(i / this.schema.rows[kind].chunk)) || this.carried.has(kind + ":" + i);
  };

  /** One fetched row as named columns. */
  Store.prototype.row = function (kind, i) {
    var size = this.schema.rows[kind].chunk;
    var rows = this.chunks.get(kind + Math.floor(i / size));
    var raw = rows ? rows[i % size] : this.carried.get(kind + ":" + i), cols = this.cols[kind], out = {};
    Object.keys(cols).forEach(function (c) { out[c] = raw[cols[c]]; });
    // The columns of its round, from the rounds file (SCHEMA "rounds").
    var spec = this.schema.rounds, line = this.rounds[out.round];
    (spec.of[kind] || []).forEach(function (c) { out[c] = line[spec.columns.indexOf(c)]; });
    return out;
  };

  /* ---------- engine ---------- */

  // code: the whole of a code the list publishes (准考证号), above every name.
  // fuzzy: the forgiving tier (everyday readings, given name alone, 模糊音), below every right reading;
  // unfolded: the same readings matched as typed (g), before those matched only by 模糊音.
  // unit: through a unit; unitFolded with its numerals folded (第1中学).
  // text: found in the free text (专业领域, 主要业绩), below every name and unit match.
  // sound: read as its pinyin (曾小燕 → 曾晓燕), below every match of the characters as typed;
  // + 0.01 per character of the query the name has as written, so 曾小燕 ranks 曾晓燕 before
  // 增晓燕; unitSound: a unit by pinyin. Homophones come a round trip after the answer as typed
  // (Engine.search) and rank below it, so they are added under what is shown.
  var TIER = {
    code: 6, exact: 5, prefix: 4, contains: 3, chars: 2, initialsExact: 3, initials: 2, unfolded: 1.75, fuzzy: 1.5,
    unit: 1, unitFolded: 0.9, text: 0.5, sound: 0.4, unitSound: 0.3,
  };
  /** Pages: the one bearing a 文号 first, then as written, numerals folded, by pinyin. */
  var PAGE_TIER = { wenhao: 3, pages: 2, "pages-folded": 1, "sound-pages": 0 };
  var UNIT_TIER = { unit: TIER.unit, "unit-initials": TIER.unit, "unit-folded": TIER.unitFolded, "sound-unit": TIER.unitSound };

  function isSound(tier) {
    return tier >= TIER.sound && tier < TIER.text;
  }

  /** What a hit says the visitor meant, by the lowest tier of each meaning (query.py MEANINGS). */
  var MEANINGS = [["code", 6], ["name", 2], ["fuzzy", 1.5], ["unit", 0.9], ["text", 0.5], ["sound", 0.4], ["unit-sound", 0]];

  function meaning(tier) {
    for (var k = 0; k < MEANINGS.length; k++) if (tier >= MEANINGS[k][1]) return MEANINGS[k][0];
    return MEANINGS[MEANINGS.length - 1][0];
  }

  /**
   * The hits (in strict rank order) in the order the header box lists them, its first `size`
   * shown (query.py box_order, pinned by the shared vectors): when the best meaning alone would
   * fill the box, its last place goes to the best hit of another meaning, the visitor's other
   * likely meaning (单天放 by the given name tianfang, below six people read tianfang…). A last
   * place held by an exact hit (the name as typed, a whole reading, a code) stays; what comes
   * after the box keeps the strict order, as the 名单检索 page lists it.
   */
  function boxOrder(hits, size) {
    if (hits.length <= size || size < 2 || hits[size - 1].tier >= TIER.exact) return hits;
    var best = meaning(hits[0].tier);
    for (var k = 0; k < size; k++) if (meaning(hits[k].tier) !== best) return hits;
    for (var o = size; o < hits.length; o++) {
      if (meaning(hits[o].tier) !== best) {
        return hits.slice(0, size - 1).concat([hits[o]], hits.slice(size - 1, o), hits.slice(o + 1));
      }
    }
    return hits;
  }

  function Engine(store) {
    this.store = store;
    this.nCand = store.counts.cand;
    this.nPages = store.counts.pages;
  }

  function spaceOf(store, field) {
    return store.schema.fields[field].space;
  }

  /** The field of the names that start with `han` (np for one character, else nl). */
  function leadingField(han) {
    return Array.from(han).length === 1 ? "np" : "nl";
  }

  function leadingKey(store, han) {
    return store.schema.fields[leadingField(han)].key + han;
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
      // The name's parts: a longer leading part (nl) is in the entry of the same part (n);
      // the first character as one sorts apart (np).
      if (alt.kind === "name") terms.push(leadingKey(store, parsed.han), parsed.han);
      if (alt.kind === "unit-initials") trigrams(alt.exact).forEach(function (t) { terms.push(fields.ui.key + t); });
    });
    return [uniq(terms), uniq(prefixes)];
  }

  /**
   * The trigrams of a unit-initials query that are looked up: its first and its last. Every
   * unit they find is checked in its row (the initials must hold the whole query), so more
   * trigrams would only narrow what the row check narrows anyway, at one shard each: a full
   * pinyin of 13 letters read 11 shards for a unit nobody meant. None for more letters than
   * MAX_UNIT_INITIALS: those are a pinyin, not the initials of that many characters of a unit's
   * name (2 of the 4 shards a full pinyin such as shantianfang read).
   */
  function trigrams(s) {
    return s.length < 3 || s.length > MAX_UNIT_INITIALS ? [] : uniq([s.slice(0, 3), s.slice(-3)]);
  }
  var MAX_UNIT_INITIALS = 8;

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
    if (this.table) return this.table.s.get(ch) || "";
    var shard = this.shards.get(this.shardOf(ch));
    if (!shard) return "";
    var at = lowerBound(shard.terms, ch);
    return shard.terms[at] === ch ? shard.entries[at][this.schema.simplified] || "" : "";
  };

  /**
   * Resolves to {candidates, pages, forms, parsed, query, more}: candidates as {i, tier, len,
   * score, via}, best first; `query` is the text searched (traditional characters made
   * simplified). The shards of the query's characters and of its terms as typed come in one
   * round. The readings of its characters come with them, and what they add needs a second:
   * the homophones of a Han query (its pinyin), and the reading of a mixed (张s) or a
   * traditional query. Homophones rank below everything else, so the answer as typed is given
   * at once, and `more` (else null) a function whose promise is the whole answer, homophones
   * added below (asked for when called). A query that is someone's whole name as typed gets no
   * homophones (`more` is null): the name is real, not a slip of the input method.
   * A Han query of two or more characters is first answered without the shards of its single
   * characters (`quickParse`), and `more` then reads it whole.
   */
  Engine.prototype.search = function (text) {
    var self = this, store = this.store;
    // A traditional character whose simplified form is known (the readings file, or a shard
    // already here) is searched simplified from the first round on.
    var query = simplify(store, text);
    var quick = quickParse(query);
    if (!quick) return this.searchAll(text);
    var look = lookups(store, quick);
    return store.need(look[0], look[1]).then(function () {
      return self.evaluate(quick);
    }).then(function (found) {
      found.query = query;
      found.more = null;
      // A person whose whole name is the query as typed: the visitor typed a real name, so
      // neither its homophones nor its characters apart are looked up.
      if (wholeName(found)) return found;
      // Nobody named so as typed: a slip of the input method is likely, now or in a query to
      // come, so the sounds file comes (for this query's homophones if it is here in time,
      // else for the next one's: not for every Han query typed, a first keystroke's included).
      if (!found.candidates.length) store.loadSounds().catch(function () { return null; });
      var later = null;
      var all = function () {
        return self.searchAll(text).then(function (whole) { return whole.more ? whole.more() : whole; });
      };
      found.more = function () { return later || (later = all()); };
      return found;
    });
  };

  /**
   * The query as typed without its characters one by one, for the first answer to a Han query
   * of two or more characters (no letters): the name as a contiguous part (the whole name, its
   * start, or inside it: n and np of the whole), its units, pages and text. The shards of its
   * single characters are the largest a query reads (王: 51 KB of postings at 200,000
   * candidates) and bring only what a second round adds below: the characters apart (王X建国),
   * the readings for homophones, a traditional character's simplified form (null: no such
   * first answer, the query is read whole at once).
   */
  function quickParse(text) {
    var han = uniq(queryChars(text).filter(isHan));
    if (han.length < 2 || /[a-z]/.test(normalize(text))) return null;
    var parsed = parseQuery(text, {});
    var named = false;
    parsed.alts = parsed.alts.map(function (alt) {
      if (alt.kind !== "name") return alt;
      named = true;
      return { kind: "name", clauses: [{ term: parsed.han, fields: ["n"], presence: REQUIRED, wildcard: 0, boost: 1 }], need: [], exact: null };
    });
    return named ? parsed : null;
  }

  /** The text normalised, each traditional character whose simplified form is known simplified. */
  function simplify(store, text) {
    return Array.from(normalize(text)).map(function (ch) {
      return isHan(ch) ? store.simplified(ch) || ch : ch;
    }).join("");
  }

  /** Character → what `get` gives for it, for the Han characters of `query` it gives any for. */
  function perChar(query, get) {
    var found = {};
    uniq(queryChars(query).filter(isHan)).forEach(function (ch) {
      var value = get(ch);
      if (value) found[ch] = value;
    });
    return found;
  }

  /** Character → its readings in names, for the Han characters of `query` that have any. */
  function charsOf(store, query) {
    return perChar(query, function (ch) { return store.readings(ch); });
  }

  /** Character → every reading of it, for the Han characters of `query` (homophones). */
  function soundsOf(store, query) {
    return perChar(query, function (ch) { return store.sounds(ch); });
  }

  /**
   * The whole answer: the query read with its characters' readings (see `search`). Their
   * shards bring the readings; once the readings file is here (Store.loadTable), the terms of
   * the query as read (a mixed query's pinyin, a traditional one's simplified form) are asked
   * in the same round as those shards.
   */
  Engine.prototype.searchAll = function (text) {
    var self = this, store = this.store;
    var hanChars = uniq(queryChars(text).filter(isHan));
    var typed = lookups(store, parseQuery(text, {}));
    if (store.table) {
      var read = simplify(store, text);
      var asRead = lookups(store, parseQuery(read, charsOf(store, read), store.soundTable ? soundsOf(store, read) : {}));
      var letters = /[a-z]/.test(read);
      // The characters' shards bring their readings: with the readings file here, a query
      // needs them only for what it asks of them (a name's characters, a mixed reading) and
      // for the homophones of a Han query (its characters' sounds, when the sounds file is
      // not here): not a query of characters and digits (中国电科20所, a 文号).
      hanChars = letters || /[0-9]/.test(read) ? [] : uniq(queryChars(read).filter(isHan));
      typed = [asRead[0], asRead[1]];
    }
    return store.need(typed[0].concat(hanChars), typed[1]).then(function () {
      var query = simplify(store, text);
      var chars = charsOf(store, query), sounds = soundsOf(store, query);
      var parsed = parseQuery(query, chars, sounds);
      var look = lookups(store, parsed);
      var whole = function () {
        return store.need(look[0], look[1]).then(function () {
          return self.evaluate(parsed);
        }).then(function (found) {
          found.query = query;
          found.more = null;
          return found;
        });
      };
      var asTyped = parseQuery(query, chars, {});
      if (asTyped.alts.length === parsed.alts.length) return whole();  // no homophones to add
      var first = lookups(store, asTyped);
      return store.need(first[0], first[1]).then(function () {
        return self.evaluate(asTyped);
      }).then(function (found) {
        found.query = query;
        found.more = null;
        // A person whose whole name is the query as typed: the visitor typed a real name, so
        // its homophones are not looked up (their shards cost more than the answer itself).
        if (wholeName(found)) return found;
        if (store.has(look[0], look[1])) return whole();
        var later = null;
        found.more = function () { return later || (later = whole()); };
        return found;
      });
    });
  };

  /** Whether the answer has a person whose whole name is the query (its characters as typed). */
  function wholeName(found) {
    return found.candidates.some(function (hit) { return hit.tier === TIER.exact && hit.via === "name"; });
  }

  Engine.prototype.evaluate = function (parsed) {
    var self = this, store = this.store;
    var cands = new Map(), docs = new Map(), unitHits = new Map(), byInitials = new Set();
    function better(map, key, hit) {
      var old = map.get(key);
      if (!old || hit.tier > old.tier || (hit.tier === old.tier && hit.score > old.score)) map.set(key, hit);
    }
    function unitHit(unit, tier, score) {
      var old = unitHits.get(unit);
      if (!old || tier > old.tier || (tier === old.tier && score > old.score)) unitHits.set(unit, { tier: tier, score: score });
    }
    var han = parsed.han;
    // Characters of the query a name has as written (a homophone's rank within its tier).
    var hanChars = uniq(Array.from(han)).map(function (ch) { return store.term(ch).n || new Map(); });
    parsed.alts.forEach(function (alt) {
      if (alt.kind === "unit-initials") {
        var found = null;
        trigrams(alt.exact).forEach(function (t) {
          found = intersect(found, store.term(store.schema.fields.ui.key + t).ui || new Map());
        });
        // Initials found in more units than a term carries the rows of name none of them
        // (xxh in 105 units' initials at 200,000 candidates: their rows were 100 files).
        if (found && found.size <= store.schema.unit_top) found.forEach(function (hit, unit) { byInitials.add(unit); });
        return;
      }
      var hits = self.runAlt(alt);
      if (!alt.clauses.length) return;
      var space = spaceOf(store, alt.clauses[alt.clauses.length - 1].fields[0]);
      if (alt.kind === "name") {
        var fields = store.schema.fields;
        // A name that starts with the query and is as long (the leading postings' value: the
        // name's length in Han characters) is the query: an exact match.
        var np = store.term(leadingKey(store, han))[leadingField(han)] || new Map();
        var part = store.term(fields.n.key + han).n || new Map();
        var hanLength = Array.from(han).length;
        hits.forEach(function (hit, i) {
          var tier = np.has(i) ? (np.get(i) === hanLength ? TIER.exact : TIER.prefix) :
            part.has(i) ? TIER.contains : TIER.chars;
          better(cands, i, { i: i, tier: tier, len: hit.v, score: 0, via: "name" });
        });
      } else if (alt.kind === "text") {
        hits.forEach(function (hit, i) { better(cands, i, { i: i, tier: TIER.text, score: 0, via: "text" }); });
      } else if (alt.kind === "code") {
        hits.forEach(function (hit, i) { better(cands, i, { i: i, tier: TIER.code, score: 0, via: "code", code: alt.exact }); });
      } else if (alt.kind === "sound") {
        hits.forEach(function (hit, i) {
          var same = hanChars.filter(function (posting) { return posting.has(i); }).length;
          better(cands, i, { i: i, tier: TIER.sound + same / 100, len: hit.v, score: -hit.len, via: "sound" });
        });
      } else if (alt.kind === "latin-name") {
        hits.forEach(function (hit, i) { better(cands, i, { i: i, tier: TIER.contains, len: hit.v, score: 0, via: "name" }); });
      } else if (space === "cand") {
        var initials = alt.kind === "initials" || alt.kind === "mixed-initials";
        hits.forEach(function (hit, i) {
          var tier = alt.kind === "fuzzy" ? TIER.fuzzy : alt.kind === "unfolded" ? TIER.unfolded :
            initials ? (hit.exact ? TIER.initialsExact : TIER.initials) : (hit.exact ? TIER.exact : TIER.prefix);
          better(cands, i, { i: i, tier: tier, len: hit.v, score: -hit.len, via: "name" });
        });
      } else if (space === "unit") {
        hits.forEach(function (hit, unit) { unitHit(unit, UNIT_TIER[alt.kind], hit.w); });
      } else {
        hits.forEach(function (hit, d) { better(docs, d, { i: d, tier: PAGE_TIER[alt.kind], score: hit.w, via: alt.kind }); });
      }
    });
    var pages = [], forms = [];
    docs.forEach(function (hit, d) {
      if (d < self.nPages) pages.push(hit);
      else forms.push({ i: d - self.nPages, tier: hit.tier, score: hit.score, via: hit.via });
    });
    var finish = function () {
      var withdrawn = store.withdrawn, current = store.current;
      // Among equally good matches, people of a round still under way (its 公示) come first.
      function order(a, b) {
        return (withdrawn.has(a.i) - withdrawn.has(b.i)) || b.tier - a.tier || (a.len || 99) - (b.len || 99) ||
          (current.has(b.i) - current.has(a.i)) || b.score - a.score || a.i - b.i;
      }
      function byScore(a, b) { return b.tier - a.tier || b.score - a.score || a.i - b.i; }
      return {
        parsed: parsed,
        candidates: Array.from(cands.values()).sort(order),
        pages: pages.sort(byScore),
        forms: forms.sort(byScore),
      };
    };
    // A unit found by its initials' trigrams alone is checked in its row (below), scored last.
    byInitials.forEach(function (unit) { if (!unitHits.has(unit)) unitHits.set(unit, { tier: TIER.unit, score: -1 - unit, initials: true }); });
    if (!unitHits.size) return finish();
    // Units found: their rows (own candidates' range, initials, whom they recommended), which
    // came with the shard of the query's rarest unit word when it has few units (shards.py
    // UNIT_ROWS), else are fetched.
    var units = Array.from(unitHits.keys()).sort(function (a, b) {
      var x = unitHits.get(a), y = unitHits.get(b);
      return y.tier - x.tier || y.score - x.score || a - b;
    }).slice(0, MAX_UNITS);
    var people = function () {
      units.forEach(function (u) {
        var row = store.row("unit", u);
        var found = unitHits.get(u);
        var initialsOnly = Boolean(found.initials);
        if (initialsOnly && !parsed.alts.some(function (a) { return a.kind === "unit-initials" && row.initials.indexOf(a.exact) >= 0; })) return;
        var score = initialsOnly ? 0 : found.score;
        var hit = function (i) { return { i: i, tier: found.tier, score: score, via: "unit", unit: u }; };
        for (var i = row.start; i < row.end; i++) better(cands, i, hit(i));
        var rec = 0;
        (row.recs || []).forEach(function (gap) { rec += gap; better(cands, rec, hit(rec)); });
      });
      return finish();
    };
    if (units.every(function (u) { return store.hasRow("unit", u); })) return people();
    return store.needRows("unit", units).then(people);
  };

  /** Fetch what `describe` shows for these hits: their candidate and document rows. */
  /** Fetch the readings file for the queries to come (after the first answer is shown). */
  Engine.prototype.prefetch = function () {
    this.store.loadTable().catch(function () { return null; });
  };

  Engine.prototype.prepare = function (found, counts) {
    var store = this.store, nPages = this.nPages;
    var cands = found.candidates.slice(0, counts.candidates).map(function (h) { return h.i; });
    var docs = found.pages.slice(0, counts.pages).map(function (h) { return h.i; })
      .concat(found.forms.slice(0, counts.forms).map(function (h) { return h.i + nPages; }));
    return Promise.all([store.needRows("cand", cands), store.needRows("doc", docs)]);
  };

  /** Whether the rows `prepare` fetches for these hits are all here already. */
  Engine.prototype.hasRows = function (found, counts) {
    var store = this.store, nPages = this.nPages;
    return found.candidates.slice(0, counts.candidates).every(function (h) { return store.hasRow("cand", h.i); }) &&
      found.pages.slice(0, counts.pages).every(function (h) { return store.hasRow("doc", h.i); }) &&
      found.forms.slice(0, counts.forms).every(function (h) { return store.hasRow("doc", h.i + nPages); });
  };

  /** Whether the row of a hit of a group (candidates, pages, forms) is here: carried by a
   * shard, or its chunk fetched. */
  Engine.prototype.hasHit = function (group, hit) {
    if (group === "candidates") return this.store.hasRow("cand", hit.i);
    return this.store.hasRow("doc", group === "forms" ? hit.i + this.nPages : hit.i);
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
      alias: c.alias || "",
      codes: c.codes || [],
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

  GS.decode = decode;
  GS.Store = Store;
  GS.Engine = Engine;
  GS.TIER = TIER;
  GS.isSound = isSound;
  GS.boxOrder = boxOrder;
  GS.intersect = intersect;
  GS.load = load;
})(window.GongshiSearch = window.GongshiSearch || {});
