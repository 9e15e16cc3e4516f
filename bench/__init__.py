"""The benchmark: synthetic data at 1k–50k candidates, the portal against plain MkDocs + Material.

Run `make bench` (or `.venv/bin/python -m bench`); results go to bench/RESULTS.md, scratch to
bench/out/ (git-ignored).
"""
