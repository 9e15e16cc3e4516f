"""Atomic build: a failed build, for whatever reason, leaves the previous site byte-identical.

Each test starts from a copy of the demo site in place as "the live site", runs a build that
fails in one particular way, and compares every file's SHA-256 (and the directory tree) before
and after; nothing may be left behind beside it either. One successful rebuild shows the
comparison is not vacuous: it does change the site.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, build, config_with_docs, copy_data
from helpers import snapshot

from builder.adapter.mkdocs.sitebuild import build_site

TODAY = "2026-11-18"


@pytest.fixture
def live(site_factory, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """(site directory, its snapshot): the demo site as deployed."""
    site = tmp_path / "www" / "site"
    shutil.copytree(site_factory(TODAY), site)
    return site, snapshot(site)


def assert_untouched(site: Path, before: dict[str, str]) -> None:
    assert snapshot(site) == before
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"], "staging left behind"


def test_a_validation_error_leaves_the_site_untouched(
    live, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site, before = live
    data = copy_data(tmp_path)
    people = data / "candidates" / "2026-shili-jishu-daitouren.yml"
    text = people.read_text(encoding="utf-8")
    people.write_text(text.replace("gender: 男", "gender: 南", 1), encoding="utf-8")
    assert build(site, today=TODAY, data_dir=data) == 1
    assert "的 gender（性别）为「南」，应为「男」或「女」" in caplog.text
    assert_untouched(site, before)


def test_an_exception_mid_build_leaves_the_site_untouched(
    live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mkdocs.commands.build as mkdocs_build

    site, before = live
    real = mkdocs_build._build_page
    written: list[str] = []

    def flaky(page, *args, **kwargs):  # type: ignore[no-untyped-def]
        if len(written) == 5:
            raise RuntimeError("disk on fire")
        real(page, *args, **kwargs)
        written.append(page.file.dest_uri)

    monkeypatch.setattr(mkdocs_build, "_build_page", flaky)
    with pytest.raises(RuntimeError, match="disk on fire"):
        build(site, today=TODAY, data_dir=copy_data(tmp_path))
    assert len(written) == 5, "the build must have been interrupted half-way through writing"
    assert_untouched(site, before)


def test_a_mobile_number_in_a_notice_is_refused_at_its_line_and_leaves_the_site_untouched(
    live, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A personal mobile number in a campaign's notice is refused by the data guard at its YAML
    # line, before anything is written (the output check behind it would refuse it too; the
    # hand-written page below is the case only the output check sees).
    site, before = live
    data = copy_data(tmp_path)
    campaign = data / "campaigns" / "2026-shili-jishu-daitouren.yml"
    text = campaign.read_text(encoding="utf-8")
    assert "notice: |\n" in text
    campaign.write_text(
        text.replace("notice: |\n", "notice: |\n  联系人：王老师，手机 139 1234 5678。\n\n", 1),
        encoding="utf-8",
    )
    assert build(site, today=TODAY, data_dir=data) == 1
    assert "campaigns/2026-shili-jishu-daitouren.yml:13:14:" in caplog.text
    assert "139******78" in caplog.text and "13912345678" not in caplog.text
    assert_untouched(site, before)


def test_a_hand_written_page_failing_the_check_leaves_the_site_untouched(
    live, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site, before = live
    docs = tmp_path / "site_src"
    shutil.copytree(REPO / "site_src", docs)
    about = docs / "about.md"
    about.write_text(
        about.read_text(encoding="utf-8") + "\n\n联系人身份证：110105 19800101 0016\n", encoding="utf-8"
    )
    config = config_with_docs(tmp_path, docs)
    code = build_site(config, site_dir=site, data_dir=REPO / "data", today=TODAY)
    assert code == 1
    assert "about/index.html" in caplog.text and "身份证号（110*************16）" in caplog.text
    assert_untouched(site, before)


def test_a_successful_build_does_replace_the_site(live, tmp_path: Path) -> None:
    site, before = live
    data = copy_data(tmp_path)
    people = data / "candidates" / "2026-shili-jishu-daitouren.yml"
    text = people.read_text(encoding="utf-8")
    people.write_text(text.replace("心内科主任", "心内科副主任", 1), encoding="utf-8")
    assert build(site, today=TODAY, data_dir=data) == 0
    after = snapshot(site)
    changed = {k for k in before.keys() & after.keys() if before[k] != after[k]}
    assert "campaigns/2026-shili-jishu-daitouren/gongshi/index.html" in changed
    assert "心内科副主任" in (site / "campaigns/2026-shili-jishu-daitouren/gongshi/index.html").read_text(
        encoding="utf-8"
    )
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]
