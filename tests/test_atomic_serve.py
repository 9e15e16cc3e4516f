"""`mkdocs serve` with a data error keeps showing the last good build and prints the error.

Runs the real `mkdocs serve` in a subprocess on a free loopback port over a copy of the data,
breaks a candidates file, and reads what the preview serves and what it logs; then repairs the
file and sees the preview update (so "still the old page" is not just a dead server).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import copy_data
from helpers import served_config

from harness.net import free_port
from harness.serve import Served, mkdocs_serve

TODAY = "2026-11-18"
LIST = "campaigns/2026-shili-jishu-daitouren/gongshi/"


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[tuple[Served, Path]]:
    data = copy_data(tmp_path)
    port = free_port()
    conf = served_config(tmp_path, data, port)
    with mkdocs_serve(conf, log=tmp_path / "serve.log", today=TODAY, port=port) as server:
        server.wait_serving()
        yield server, data


def test_serve_keeps_the_last_good_build_and_shows_the_error(serve) -> None:
    server, data = serve
    status, before = server.get(LIST)
    assert status == 200 and "单天放" in before

    people = data / "candidates" / "2026-shili-jishu-daitouren.yml"
    good = people.read_text(encoding="utf-8")
    people.write_text(good.replace("gender: 男", "gender: 南", 1), encoding="utf-8")
    server.wait_for("error report", lambda: "预览未更新" in server.log)
    assert "2026-shili-jishu-daitouren.yml:9:13: 第1位候选人「单天放」的 gender（性别）为「南」" in server.log

    # The preview answers at once (MkDocs alone would hold every request) with the old pages.
    status, during = server.get(LIST)
    assert status == 200 and "单天放" in during
    assert server.get("")[0] == 200
    status, missing = server.get("no-such-page/")
    assert status == 404 and "404" in missing

    people.write_text(good.replace("单天放", "单天方", 1), encoding="utf-8")
    server.wait_for("rebuild after the fix", lambda: "单天方" in server.get(LIST)[1])
    assert "单天放" not in server.get(LIST)[1]


def test_serve_never_shows_a_build_that_failed_the_output_check(serve) -> None:
    # Pages are already written when the output check fails: MkDocs alone would serve them.
    server, data = serve
    campaign = data / "campaigns" / "2026-shili-jishu-daitouren.yml"
    text = campaign.read_text(encoding="utf-8")
    campaign.write_text(
        text.replace("notice: |\n", "notice: |\n  联系人手机 139 1234 5678。\n\n", 1), encoding="utf-8"
    )
    server.wait_for("output-check failure", lambda: "预览未更新" in server.log)
    assert "含有手机号（139******78）" in server.log
    status, page = server.get("campaigns/2026-shili-jishu-daitouren/")
    assert status == 200
    assert "139 1234 5678" not in page and "13912345678" not in page


def _index_path(server: Served) -> str:
    status, home = server.get("")
    found = re.search(r'data-index="(?:\./)?([^"]+)"', home)
    assert status == 200 and found, home[:500]
    return found.group(1)


def _data_dir(server: Served, index: str) -> str:
    """The content-named folder the manifest at `index` names."""
    status, manifest = server.get(index)
    assert status == 200, manifest[:500]
    return index.rsplit("/", 1)[0] + "/" + json.loads(manifest)["dir"]


def _names_chunk(server: Served, index: str) -> tuple[int, str]:
    """The first candidate chunk of the index whose manifest is at `index` (the demo's names)."""
    return server.get(_data_dir(server, index) + "c0.json")


def test_serve_rebuilds_the_index_on_a_rename_and_writes_no_gz_copy(serve) -> None:
    # The preview server never sends precompressed files, so serve skips nginx's `.gz` copy.
    server, data = serve
    index = _index_path(server)
    status, body = _names_chunk(server, index)
    assert status == 200 and "单天放" in body
    assert server.get(index + ".gz")[0] == 404

    people = data / "candidates" / "2026-shili-jishu-daitouren.yml"
    people.write_text(people.read_text(encoding="utf-8").replace("单天放", "单天方", 1), encoding="utf-8")
    # The manifest keeps its name (every page names it); the files it names are new.
    folder = _data_dir(server, index)
    server.wait_for("the renamed index", lambda: _data_dir(server, index) != folder)
    assert _index_path(server) == index
    status, body = _names_chunk(server, _index_path(server))
    assert status == 200 and "单天方" in body and "单天放" not in body
