"""Renaming a candidate renames the search index, and every page names the index: the output
checks mask that name (`volatile`) so such a rebuild scans no page again, while what they find
stays exactly what a cold run finds."""

from __future__ import annotations

from pathlib import Path

from builder.adapter.mkdocs.plugin import theme_dirs
from builder.checks import runner as output_checks
from builder.checks.runner import run_checks
from builder.files.cache import clear_all
from builder.text.idnumbers import id18_check_digit

ID = "11010519800101001" + id18_check_digit("11010519800101001")
PAGE = """<!doctype html><html><head><title>t</title></head><body>
<div data-index="search/{index}"></div>
<a href="search/{index}">下载检索数据</a>
<p>{text}</p>
</body></html>
"""


def _site(root: Path, index: str, *, text: str = "正文", link: str | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for old in root.glob("search/index.*.json"):
        old.unlink()
    (root / "search").mkdir(exist_ok=True)
    (root / "search" / index).write_text('{"n":1}', encoding="utf-8")
    (root / "index.html").write_text(
        PAGE.format(index=link or index, text=text), encoding="utf-8"
    )
    return root


def _run(site: Path, index: str) -> tuple[list[str], int, int]:
    hits, misses = output_checks.stats.hits, output_checks.stats.misses
    report = run_checks(site, shown_as="site", volatile=(index,), theme_dirs=theme_dirs())
    return (
        [str(p) for p in report.problems.errors],
        output_checks.stats.hits - hits,
        output_checks.stats.misses - misses,
    )


def test_a_renamed_index_costs_no_page_scan(tmp_path: Path) -> None:
    clear_all()
    site = _site(tmp_path / "site", "index.aaaaaaaaaaaa.json")
    assert _run(site, "index.aaaaaaaaaaaa.json") == ([], 0, 2)
    _site(site, "index.bbbbbbbbbbbb.json")
    problems, hits, misses = _run(site, "index.bbbbbbbbbbbb.json")
    # The page's bytes changed but its masked content did not; the link resolves to the new file.
    assert (problems, hits, misses) == ([], 2, 0)


def test_a_link_to_a_stale_index_name_is_still_broken(tmp_path: Path) -> None:
    clear_all()
    site = _site(tmp_path / "site", "index.aaaaaaaaaaaa.json")
    _run(site, "index.aaaaaaaaaaaa.json")
    _site(site, "index.bbbbbbbbbbbb.json", link="index.aaaaaaaaaaaa.json")
    problems, _hits, _misses = _run(site, "index.bbbbbbbbbbbb.json")
    assert len(problems) == 1 and "search/index.aaaaaaaaaaaa.json" in problems[0]


def test_findings_in_a_masked_page_are_reported_at_their_place(tmp_path: Path) -> None:
    clear_all()
    cold = _site(tmp_path / "cold", "index.bbbbbbbbbbbb.json", text=f"身份证{ID}")
    clear_all()
    expected, _, _ = _run(cold, "index.bbbbbbbbbbbb.json")
    assert len(expected) == 1 and "site/index.html:4:" in expected[0]

    clear_all()
    site = _site(tmp_path / "site", "index.aaaaaaaaaaaa.json", text=f"身份证{ID}")
    first, _, _ = _run(site, "index.aaaaaaaaaaaa.json")
    _site(site, "index.bbbbbbbbbbbb.json", text=f"身份证{ID}")
    second, hits, misses = _run(site, "index.bbbbbbbbbbbb.json")
    assert first == second == expected
    assert (hits, misses) == (2, 0)


def test_a_name_holding_personal_data_is_not_masked(tmp_path: Path) -> None:
    clear_all()
    name = "index-13800138000-x.json"
    site = _site(tmp_path / "site", name)
    problems, _, _ = _run(site, name)
    # Masking it would hide the number in the page; unmasked, the page reports it.
    assert any("site/index.html:2:" in p for p in problems)


def test_only_whole_url_segments_are_masked() -> None:
    name = "index.aaaaaaaaaaaa.json"
    masks = output_checks._Masks.of([name])
    (stand_in,) = [s for n, s in masks.pairs if n == name]
    data = f'<a href="search/{name}#x">{name} <i data-x="{name}"></i> /{name}s "x{name}"'.encode()
    masked = masks.mask(data).decode()
    # After `/` or a quote and before a quote, `?` or `#`; nowhere else (prose, longer names).
    assert masked.count(stand_in) == 2
    assert masked == data.decode().replace(f"/{name}#", f"/{stand_in}#").replace(
        f'"{name}"', f'"{stand_in}"'
    )
    assert len(masked) == len(data.decode())
