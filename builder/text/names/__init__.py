"""Chinese names: the one source of what the builder knows about them.

- text.py      normalisation (NFKC, lowercase, tone marks dropped, ü → v) and Han/Latin runs
- surnames.py  the one surname table (compound surnames, name readings) and `split_name`
- readings.py  a name → its pinyin readings (override > surname table > pypinyin in use)
- strokes.py   姓氏笔画 sort keys (cn-sort's stroke data)
- order.py     the `order:` of a list: by strokes, or by the likeliest reading (`pinyin`)

Used by the list pages (order, anchors), the search index and query parser alike, so a name
sorts where it is found and a compound surname is one surname everywhere.
"""
