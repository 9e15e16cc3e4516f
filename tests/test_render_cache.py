"""Round pages are reused while their inputs are unchanged (builder.render.pages._RoundPageCache):
under `mkdocs serve` one saved list must cost one round's pages, and the result must be what a
fresh render gives."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_data
from jinja2 import FileSystemLoader

from builder.files.cache import clear_all
from builder.load.loader import load
from builder.model.portal import Portal
from builder.model.timeline import settled_from
from builder.render import pages
from builder.render.pages import common, render_all, round_page_stats
from builder.render.publish import published_portal

TODAY = dt.date(2026, 11, 18)
EDITED = "2026-shili-jishu-daitouren"


def _portal(data: Path, today: dt.date = TODAY) -> Portal:
    loaded = load(data)
    assert loaded.portal is not None, loaded.problems.to_text()
    return published_portal(loaded.portal, today)


def _render(portal: Portal, today: dt.date = TODAY) -> dict[str, str]:
    return {p.url: str(p.html) for p in render_all(portal, today, "门户")}


def _fresh(portal: Portal, today: dt.date = TODAY) -> dict[str, str]:
    clear_all()
    return _render(portal, today)


def _delta() -> tuple[int, int]:
    return round_page_stats.hits, round_page_stats.misses


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return copy_data(tmp_path)


def test_unchanged_rounds_are_not_rendered_again(data: Path) -> None:
    first = _fresh(_portal(data))
    rounds = len(_portal(data).rounds)
    hits, misses = _delta()
    again = _render(_portal(data))
    assert _delta() == (hits + rounds, misses)
    assert again == first


def test_a_saved_list_renders_its_round_again_and_matches_a_fresh_render(data: Path) -> None:
    _fresh(_portal(data))
    target = data / "candidates" / f"{EDITED}.yml"
    text = target.read_text(encoding="utf-8")
    target.write_text(
        text.replace("achievements: |\n      ", "achievements: |\n      缓存测试新增业绩。", 1),
        encoding="utf-8",
    )
    portal = _portal(data)
    hits, misses = _delta()
    incremental = _render(portal)
    assert _delta() == (hits + len(portal.rounds) - 1, misses + 1)
    assert "缓存测试新增业绩" in incremental[f"campaigns/{EDITED}/gongshi/"]
    assert incremental == _fresh(portal)


def test_the_key_is_what_the_renderers_read_so_any_round_field_counts(data: Path) -> None:
    """The key is the narrowed context the renderers get, not a list of fields: a field of the
    round that no hand-kept list named (withheld: how many 未入选 entries the list leaves out,
    which the list page says) still renders its round again."""
    portal = _portal(data)
    _fresh(portal)
    i = next(i for i, r in enumerate(portal.rounds) if r.id == EDITED)
    changed = dataclasses.replace(portal.rounds[i], withheld=portal.rounds[i].withheld + 2)
    edited = dataclasses.replace(portal, rounds=(*portal.rounds[:i], changed, *portal.rounds[i + 1:]))
    hits, misses = _delta()
    rendered = _render(edited)
    assert _delta() == (hits + len(portal.rounds) - 1, misses + 1)
    assert rendered == _fresh(edited)


def test_clear_all_empties_every_cache_so_the_next_render_is_cold(data: Path) -> None:
    portal = _portal(data)
    _render(portal)
    clear_all()
    hits, misses = _delta()
    _render(portal)
    assert _delta() == (hits, misses + len(portal.rounds))


def test_another_build_date_renders_every_round_still_open(data: Path) -> None:
    """A round settled by both dates (timeline.settled_from) is rendered as of its settling
    day, so it is the same on both: taken from the cache. Every other round is rendered again."""
    _fresh(_portal(data))
    later = TODAY + dt.timedelta(days=12)
    portal = _portal(data, later)
    settled = [r for r in portal.rounds if (d := settled_from(r)) is not None and d <= TODAY]
    assert settled and len(settled) < len(portal.rounds)
    hits, misses = _delta()
    shown = _render(portal, later)
    assert _delta() == (hits + len(settled), misses + len(portal.rounds) - len(settled))
    assert shown == _fresh(portal, later)


def test_an_edited_template_renders_every_round(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A copy of the templates is edited, never the real ones: other tests run meanwhile (-n 2).
    templates = tmp_path / "templates"
    shutil.copytree(pages.TEMPLATES, templates)
    monkeypatch.setattr(pages, "TEMPLATES", templates)
    monkeypatch.setattr(common.ENV, "loader", FileSystemLoader(templates))
    portal = _portal(data)
    _fresh(portal)
    template = templates / "pages" / "campaign.html"
    before = template.stat()
    template.write_text(template.read_text(encoding="utf-8") + "模板已修改\n", encoding="utf-8")
    os.utime(template, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    hits, misses = _delta()
    shown = _render(portal)
    assert _delta() == (hits, misses + len(portal.rounds))
    assert all("模板已修改" in shown[f"campaigns/{r.id}/"] for r in portal.rounds)


_TWO_CORES = """
import datetime as dt, json, sys
from pathlib import Path
from builder.files.cache import clear_all
from builder.load.loader import load
from builder.files import workers
from builder.render import pages
from builder.render.publish import published_portal
today = dt.date(2026, 11, 18)
portal = published_portal(load(Path(sys.argv[1])).portal, today)
alone = pages.render_all(portal, today, "门户")
clear_all()
pages.AHEAD_ROUNDS = 0
workers.cores = lambda: 2
here = []
render_round = pages._render_round
def counted(ctx, r):
    here.append(r.id)
    return render_round(ctx, r)
pages._render_round = counted
two = pages.render_all(portal, today, "门户")
print(json.dumps({"same": two == alone, "here": here, "rounds": [r.id for r in portal.rounds]}))
"""


def test_many_rounds_are_rendered_on_two_cores_as_in_one(data: Path, tmp_path: Path) -> None:
    """pages._render_ahead: a forked worker renders every second round while this process
    renders the others; the pages are the same, in the same order, and the worker's rounds are
    not rendered here. In a process of its own: it forks only a process with no other thread
    (a test worker has some)."""
    done = subprocess.run([sys.executable, "-c", _TWO_CORES, str(data)], cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["same"] and len(found["rounds"]) >= 4
    assert found["here"] == found["rounds"][0::2]
