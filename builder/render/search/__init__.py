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
- Homophones (2+ Han characters, a character of the same reading typed by mistake: 曾志愿 for
  曾志远, 东胡软件园, 学术技术代头人): the query read as every pinyin of its characters (the
  shards' `h`: any character of GB 2312 or of the index), against the readings of names as read
  (right readings, everyday readings and the given name alone; not folded) and the syllable
  pairs of units and titles; below every match of the characters as
  typed, with "您是不是要找" when a homophone is the best match. Not for a query that is someone's
  whole name as typed (曾小燕 when 曾小燕 exists): that name is real, not a slip, and its
  homophones' shards would cost more than the answer.
- Numbers: digits and Chinese numerals meet (061基地 / 〇六一基地, 第2中学 / 第二中学, 电科二十所 /
  电科20所: tokenize.fold_numbers) in units and pages; the form as typed first.
- A 文号: the pages that bear it (a notice its own, a final list its decision's) before the pages
  that cite it (a 公示 list, whose basis is the notice).
- A code a list publishes (准考证号, the candidates' `codes`): the whole code, spaces and
  separators ignored, above every name match.
Ranking inside 候选人: active before withdrawn (撤销); then code > exact name/reading > prefix >
contiguous part > characters anywhere > forgiving tier > found through the work or recommending
unit (as typed > numbers folded) > found in the free text > homophone of the name (more
characters as typed first) > homophone of a unit; then shorter names; then people of a round
still under way (its 公示, manifest `current`) before archived ones; then BM25 (pages), number.
The header box shows six of each group; when the best meaning alone (the name's characters or
right readings; the forgiving readings; the unit; the free text; a homophone) would fill them,
its last place goes to the best hit of another meaning (query.box_order; zhang: five 张… and
陈长青 by the given name), unless an exact hit holds it; the 名单检索 page keeps the strict order.
Pages: bearing the 文号 > as typed > numbers folded > homophone, then BM25. A hit of a foreign
expert shows both forms of the name (`alias`).

How fast (the phone profile of bench/: 150 ms a round trip): the header partial preloads the
manifest with the page, so a visitor who types at once waits for no manifest. A query's term
shards come in one round, and they carry the rows of their terms' likeliest hits
(shards.TOP_ROWS), so a name, a pinyin or a title word is answered in that one round; other
results' rows come in a second (their chunks). A name query reads one shard per part: a
leading part of two or more characters lives in the entry of the same contiguous part (nl and
n). The homophones of a Han query need the readings of its characters, which come with its
shards: they are looked up once the answer as typed is shown, and added below it (they rank
below everything else, so nothing shown moves but for a withdrawn person, who stays last); a
name's readings carry its row, so a homophone needs no round for rows. After the first answer
the browser fetches the readings file (every name character's readings, every traditional
character's simplified form: a few KB), and a later mixed (覃liuqing) or traditional (張書帆)
query asks its terms as read in its first round.

Result links go to the candidate's row on the list page, `campaigns/<id>/gongshi/#<anchor>`,
with the anchor from builder.model.urls.candidate_anchor (the list page's own row ids), stored
per candidate in the result rows.
"""
