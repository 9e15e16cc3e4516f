"""What several test files need and conftest.py does not provide as a fixture: a site's snapshot,
the configuration of a served preview, and git run as HR staff."""

from __future__ import annotations

import hashlib
import os
import subprocess
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


def hr_git(cwd: Path, *args: str, day: str | None = None) -> str:
    """git in `cwd` as HR staff (no GIT_* of the caller's); its output. `day`: the commit's
    author and committer date, late in the evening at +08:00 (the day is the committer's, %cs,
    whatever the UTC day or the server's zone)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="王人事", GIT_AUTHOR_EMAIL="hr@example.gov.cn",
               GIT_COMMITTER_NAME="王人事", GIT_COMMITTER_EMAIL="hr@example.gov.cn")
    if day is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day}T23:30:00+08:00"
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout
