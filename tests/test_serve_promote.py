"""Under `mkdocs serve`, a page requested while a rebuild runs must come from the new build,
never 404 (builder.adapter.mkdocs.sitebuild.LastGoodSite). MkDocs' server joins the request path to its
`root` first and then waits for the build; this replays that order against the real class."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

from builder.adapter.mkdocs.sitebuild import LastGoodSite


def _write(site: Path, text: str) -> None:
    (site / "page").mkdir(parents=True, exist_ok=True)
    (site / "page" / "index.html").write_text(text, encoding="utf-8")


def test_a_request_waiting_for_a_rebuild_opens_the_new_build(tmp_path: Path) -> None:
    build_dir = tmp_path / "mkdocs_serve_dir"
    build_dir.mkdir()
    server = SimpleNamespace(root=str(build_dir), builder=lambda: None, error_handler=None)
    _write(build_dir, "first")
    last_good = LastGoodSite(server)
    last_good.promote()

    for n in range(2, 5):
        # MkDocs' _serve_request: path joined to root before waiting for the running build.
        waiting = os.path.join(server.root, "page/index.html")
        _write(build_dir, f"build {n}")  # MkDocs rebuilding into its serve directory
        last_good.promote()
        with open(waiting, encoding="utf-8") as page:
            assert page.read() == f"build {n}"
        with open(os.path.join(server.root, "page/index.html"), encoding="utf-8") as page:
            assert page.read() == f"build {n}"
    # Only the served build is kept besides MkDocs' empty build directory.
    assert sorted(p.name for p in last_good.holder.iterdir()) == ["build-4", "current"]
    assert list(build_dir.iterdir()) == []
