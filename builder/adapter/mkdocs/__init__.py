"""The MkDocs adapter: the only package that imports mkdocs or Material (tests/test_architecture.py)."""
