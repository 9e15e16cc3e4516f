"""The harness the tests and the benchmark share to drive the real programs around the portal.

- chromium.py  Debian's Chromium through Playwright: the one set of launch arguments
- net.py       free loopback ports, waiting for a port to listen
- nginx.py     Debian's nginx with deploy/nginx.conf, workers unprivileged as deployed
- serve.py     `mkdocs serve` in a child process: start, wait, fetch, read its log, stop

Not part of the portal: not installed, and it imports nothing of `builder`, so a test or a
benchmark measures the builder without the harness changing what is loaded. `tests/` reach it
through pytest's `pythonpath` (pyproject.toml), `bench/` because `python -m bench` runs from the
repository root.
"""
