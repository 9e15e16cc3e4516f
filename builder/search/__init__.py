"""Search: Chinese/pinyin tokenisation, the prebuilt lunr index and the search pages.

Modules (names, their readings and text normalisation come from builder.names)
- tokenize.py  Han characters + bigrams; ported rule for rule to the browser
- query.py     what a typed query means (alternative lunr queries); ported to the browser
- index.py     documents → lunr.py index (+ the packed download) and the result store
- hooks.py     the MkDocs build: /search/ page, lunr.js copy, index file, header box assets
The browser side is theme_overrides/assets/search/gongshi-search.js (+ .css) and the header
partial theme_overrides/partials/gongshi-search.html. tests/search_vectors.json pins the Python
and JS text and query rules to the same output.

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
Ranking inside 候选人: exact name/reading > prefix > contiguous part > characters anywhere >
found through the work or recommending unit; then lunr's score.

Result links go to the candidate's row on the list page, `campaigns/<id>/gongshi/#<anchor>`,
with the anchor from builder.pages.common.candidate_anchor (the list page's own row ids), stored
per candidate in the result store.
"""
