"""What several test files need and conftest.py does not provide as a fixture: a site's snapshot
and the configuration of a served preview."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

from harness.net import base_url

REPO = Path(__file__).resolve().parent.parent


def snapshot(root: Path, *, dirs: bool = True) -> dict[str, str]:
    """Every file under `root` (relative path) with the SHA-256 of its content; with `dirs`, every
    directory and symbolic link too (as "<dir>", "<link>"): two snapshots are equal exactly when
    nothing under `root` changed."""
    out: dict[str, str] = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if p.is_symlink():
            if dirs:
                out[rel] = "<link>"
        elif p.is_file():
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
        elif dirs:
            out[rel] = "<dir>"
    return out


def served_config(tmp_path: Path, data: Path, port: int) -> Path:
    """A mkdocs.yml for `mkdocs serve` on `port` of the repository's site with `data`: its
    site_url is the served base URL, and the data folder is watched."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(REPO / config["docs_dir"])
    config["theme"]["custom_dir"] = str(REPO / config["theme"]["custom_dir"])
    config["plugins"] = [{"gongshi": {"data_dir": str(data)}}]
    config["watch"] = [str(data)]
    config["site_url"] = base_url(port)
    conf = tmp_path / "mkdocs.yml"
    conf.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return conf
