"""Hostile corpus, the smaller leaks and escapes of issue 12, each through the code path a user
meets: the loader (validate), the calendar writer, the roster's YAML writer, the output checks
and the build's date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from conftest import build, copy_data

from builder.adapter.mkdocs.plugin import theme_dirs
from builder.checks.runner import run_checks
from builder.load.loader import load
from builder.render.calendar_ics import build_ics
from builder.tools.roster.yaml_out import new_file

ROUND = "2026-shili-jishu-daitouren"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_lone_carriage_return_in_a_deadline_title_is_escaped_in_the_ics(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    _edit(data / "campaigns" / f"{ROUND}.yml", "title: 申报材料报送截止", 'title: "申报材料\\r报送截止"')
    loaded = load(data)
    assert loaded.portal is not None, loaded.problems.to_text()
    ics = build_ics(loaded.portal, site_url="", host="x", today=dt.date(2026, 9, 1))
    assert "申报材料\\n报送截止" in ics
    assert "\r" not in ics.replace("\r\n", "")


@pytest.mark.parametrize("name", ["con", "nul", "aux", "prn", "com1", "lpt9"])
def test_windows_reserved_campaign_ids_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    data = copy_data(tmp_path)
    source = data / "campaigns" / f"{ROUND}.yml"
    target = source.with_name(f"{name}.yml")
    source.rename(target)
    (data / "campaigns" / ROUND).rename(data / "campaigns" / name)
    (data / "candidates" / f"{ROUND}.yml").rename(data / "candidates" / f"{name}.yml")
    _edit(target, f"id: {ROUND}", f"id: {name}")
    _edit(data / "candidates" / f"{name}.yml", f"campaign: {ROUND}", f"campaign: {name}")
    monkeypatch.chdir(tmp_path)
    errors = [str(p) for p in load(Path("data")).problems.errors]
    assert any(e.startswith(f"data/campaigns/{name}.yml:") and "Windows 保留的设备名" in e for e in errors), errors
    assert any(e.startswith(f"data/candidates/{name}.yml:") and "Windows 保留的设备名" in e for e in errors), errors


def test_a_line_break_in_a_workbook_name_stays_inside_the_comment() -> None:
    text = new_file(ROUND, title=None, order=None, sources=["花名册\ncandidates: [injected]\n.xlsx"])
    assert yaml.safe_load(text)["candidates"] == []
    assert all(line.startswith("#") or ":" in line for line in text.splitlines())


def test_a_calendar_file_that_disagrees_with_the_package_is_named_day_by_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = copy_data(tmp_path)
    (data / "calendar").mkdir(exist_ok=True)
    # The package's own 2026, copied with one day wrong, as a mistyped notice would be.
    import chinese_calendar

    holidays = [*sorted(d for d in chinese_calendar.holidays if d.year == 2026), dt.date(2026, 10, 9)]
    workdays = sorted(d for d in chinese_calendar.workdays if d.year == 2026 and d.weekday() >= 5)
    (data / "calendar" / "2026.yml").write_text(
        f"year: 2026\nsource: 抄错的通知\nholidays: [{', '.join(map(str, holidays))}]\n"
        f"workdays: [{', '.join(map(str, workdays))}]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    warnings = [str(p) for p in load(Path("data")).problems.warnings]
    (hit,) = [w for w in warnings if w.startswith("data/calendar/2026.yml:1:7:")]
    assert "不一致：2026-10-09（本文件：休息，日历程序包：上班）。" in hit and "以本文件为准" in hit


def test_gongshi_today_accepts_only_yyyy_mm_dd(tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys) -> None:
    for bad in ("20261201", "2026-W49-2"):
        assert build(tmp_path / "site", today=bad) == 1
        said = caplog.text + capsys.readouterr().err
        assert f"GONGSHI_TODAY 应为 YYYY-MM-DD 格式的日期，而不是「{bad}」" in said
    assert not (tmp_path / "site").exists()


def test_a_page_too_deep_for_the_csp_is_warned_about(tmp_path: Path) -> None:
    site = tmp_path / "site"
    deep = site / "a" / "b" / "c" / "d" / "e" / "f" / "index.html"
    deep.parent.mkdir(parents=True)
    deep.write_text("<!doctype html><title>x</title><p>深</p>", encoding="utf-8")
    ok = site / "a" / "b" / "c" / "d" / "e" / "index.html"
    ok.write_text("<!doctype html><title>x</title><p>浅</p>", encoding="utf-8")
    report = run_checks(site, theme_dirs=theme_dirs())
    warned = [str(p) for p in report.problems.warnings]
    assert len(warned) == 1 and "a/b/c/d/e/f/index.html:1:1: 警告：页面位于 6 层目录之下" in warned[0]


@pytest.mark.parametrize(
    "markup",
    ['<img src="https://cdn.example.com/x.png">', '<script src="//cdn.example.com/x.js"></script>',
     '<link rel="stylesheet" href="http://fonts.example.com/a.css">', '<video poster="https://x.example/p.jpg"></video>',
     '<img srcset="https://cdn.example.com/b.png 2x">'],
)
def test_a_resource_from_another_host_is_refused(tmp_path: Path, markup: str) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(f"<!doctype html><title>x</title>\n{markup}\n<a href='https://example.org/'>外链</a>", encoding="utf-8")
    errors = [str(p) for p in run_checks(site, theme_dirs=theme_dirs()).problems.errors]
    assert len(errors) == 1 and ":2:1: 页面从其他网站加载" in errors[0] and "本站承诺不向外部发出任何请求" in errors[0]
