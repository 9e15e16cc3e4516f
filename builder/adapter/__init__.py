"""The engine adapters: everything that knows a static-site engine, and nothing the core needs.

Each hands its engine what the spine (builder.build) made and hands back what the engine
rendered: `mkdocs/` is the MkDocs adapter (the plugin's hooks, `gongshi build` and serve's
last-good preview), `zensical.py` the Zensical build (`gongshi build --engine zensical`),
`source.py` what both give their engine (a generated page's front matter, the staff-manual
filter, the template keys), `preview_errors.py` the preview's error overlay (no engine needed).
"""
