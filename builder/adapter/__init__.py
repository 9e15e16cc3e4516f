"""The engine adapters: everything that knows a static-site engine, and nothing the core needs.

`mkdocs/` is the MkDocs adapter (the plugin, its search files, `gongshi build` and serve's
last-good preview); `preview_errors` is the preview's error overlay, which needs no engine.
"""
