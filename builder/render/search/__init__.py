"""Search: Chinese/pinyin tokenisation, the sharded prebuilt index and the search pages.

Modules (names, their readings and text normalisation come from builder.text.names)
- tokenize.py  Han characters + bigrams, fuzzy-pinyin folding; ported rule for rule to the browser
- query.py     what a typed query means (alternative queries of clauses); ported to the browser
- index.py     the corpus and each document's terms per field
- shards.py    the download: manifest, term shards and result rows, with the SCHEMA both the
               writer and gongshi-search-index.js read by (lunr is not used: its index format needs
               every document vector in memory before the first answer)
- corpus.py    the published portal as a corpus (names, rounds, forms) and every page's text
- files.py     the search files of a corpus, made once per distinct corpus (serve rebuilds)
- page.py      the 名单检索 page (/search/) and where the search's own files live on the site
The build's part (the corpus of one build, the header box's asset URLs, writing the files) is
the spine's: builder/build.py (`SearchFiles`, `finish`); each engine adapter only hands it the
pages' HTML.
The browser side is theme_overrides/assets/search/: gongshi-search-rules.js (the text and query
rules), gongshi-search-index.js (the shards and the engine), gongshi-search-ui.js (the box and the
名单检索 page), sharing the namespace window.GongshiSearch (page.py SCRIPTS, in load order), with
gongshi-search.css and the header partial theme_overrides/partials/gongshi-search.html.
tests/search_vectors.json pins the Python and JS text and query rules to the same output.

What a query finds (normalised first: NFKC, lowercase, tone marks dropped, ü → v):
- Han only: candidates whose name has every character (the whole name first, then names that
  start with it, then names containing it, then the characters anywhere); units whose name
  contains every bigram (a contiguous part of 2+ characters); pages and forms with every bigram.
- Latin only, spaces ignored (zhangsan, Zhang San, Zhāng Sān, ZHANGSAN): a prefix of a full
  reading (exact reading first) — one letter is matched whole, not as a prefix; the same as a
  prefix of the initials (zs, zsf); two or more words also given-name-first (San Zhang); three
  or more letters anywhere in a unit's initials (btgt → 包头钢铁); pages by Latin words.
- Mixed (张s, 张san, zhang三, 欧阳jw): each Han character replaced by each reading it has in the
  indexed names, as a full-reading prefix or as initials, with the Han characters required.
- ü: the index carries v, u and yu spellings (lvming, luming, lyuming; lüming folds to lvming).
- Digits and Latin script: digits are words, and digits written against a Han character are
  joined with it (12号, 20所), so 中国电科20所, 20所, 2018-1团支部 and a 文号 (示人社〔2026〕12号,
  〔2026〕12号, 12号) find their unit or page; every word of a Latin name finds it (Esteban).
- Free text (field x: 专业领域, 主要业绩 …): every bigram, ranked below every name and unit match.
- Forgiving tier (4+ letters): fuzzy-folded (模糊音) prefix of a reading, of the everyday reading
  of the surname's characters (dantianfang, weichi) or of the given name alone (shufan).
Ranking inside 候选人: active before withdrawn (撤销); then exact name/reading > prefix >
contiguous part > characters anywhere > forgiving tier > found through the work or recommending
unit > found in the free text; then shorter names; then people of a round still under way (its
公示, manifest `current`) before archived ones; then BM25 (pages), number.

Result links go to the candidate's row on the list page, `campaigns/<id>/gongshi/#<anchor>`,
with the anchor from builder.model.urls.candidate_anchor (the list page's own row ids), stored
per candidate in the result rows.
"""
