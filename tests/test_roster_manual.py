"""The 操作手册 stays true: its commands parse, its quoted messages are the builder's own, and
its pages are part of the staff build."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from conftest import REPO

from builder.cli import main, make_parser
from builder.load.loader import load

MANUAL = REPO / "site_src" / "manual"
FIXTURE = REPO / "tests" / "fixtures" / "roster" / "data"
PAGES = ("index", "new-round", "candidates", "columns", "publicity", "withdraw", "award", "calendar",
         "preview", "publish", "errors")
LOCATED = re.compile(r"^(data/\S+?):(\d+):(\d+): (.*)$")


def _code_lines(page: str) -> list[str]:
    text = (MANUAL / f"{page}.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S)
    return [line for block in blocks for line in block.splitlines()]


def test_the_manual_has_every_page_and_nothing_else() -> None:
    assert sorted(p.stem for p in MANUAL.glob("*.md")) == sorted(PAGES)
    index = (MANUAL / "index.md").read_text(encoding="utf-8")
    for page in PAGES[1:]:
        assert f"]({page}.md)" in index, f"index.md does not link {page}.md"


@pytest.mark.parametrize("page", PAGES)
def test_every_command_in_the_manual_is_a_real_command_line(page: str) -> None:
    parser = make_parser()
    commands = [line for line in _code_lines(page) if line.startswith(".venv/bin/gongshi ")]
    for line in commands:
        args = shlex.split(line.replace("<编号>", "2026-x").replace("<文件.xlsx>", "a.xlsx"), comments=True)[1:]
        try:
            parser.parse_args(args)
        except SystemExit as exc:
            pytest.fail(f"{page}.md: `{line}` is not a valid command line ({exc})")
    if page in ("index", "candidates", "publicity"):
        assert any("import-roster" in c for c in commands)


def _scenarios(root: Path) -> None:
    """The broken data whose messages errors.md quotes, built from the roster fixture."""
    one = root / "one" / "data"
    shutil.copytree(FIXTURE, one)
    people = one / "candidates" / "2026-roster-fixture.yml"
    text = people.read_text(encoding="utf-8")
    text = text.replace("    gender: 男\n    born: 1979-03", "    gander: 男\n    born: 1979-03", 1)
    text = text.replace("    gender: 女\n    born: 1990-12", "    gender: 南\n    born: 1990.12", 1)
    text = text.replace("recommended_by: 测试市农业农村局\n",
                        "recommended_by: 测试市农业农村局\n    recommended_by: 乙县\n", 1)
    text = text.replace("    status_note: 2026年5月12日本人申请退出，经研究同意撤销\n", "", 1)
    text += (
        "  - name: 王五\n    gender: 男\n    unit: 测试市第二中学\n    recommended_by: 丙县\n"
        "  - name: 赵六\n    gender: 男\n    unit: 测试市第三中学\n"
        "    achievements: 身份证号 11010519491231002X，手机 13812345678\n"
        '    phone: "13812345678"\n'
    )
    people.write_text(text, encoding="utf-8")
    campaign = one / "campaigns" / "2026-roster-fixture.yml"
    text = campaign.read_text(encoding="utf-8")
    text = text.replace('time: "17:30"', "time: 17:30").replace(
        "published: 2026-03-02", "published: 2026-02-30")
    text = text.replace("  working_days: 5\n", "  working_days: 5\n  end: 2026-05-20\n")
    text = text.replace("sample: true", "sample: 是")
    text = text.replace("deadlines:", "forms:\n  - title: 登记表\n    file: 登记表.docx\ndeadlines:")
    campaign.write_text(text, encoding="utf-8")
    (one / "campaigns" / "2027-bad-yaml.yml").write_text(
        "id: 2027-bad-yaml\ntitle: 关于: 通知\nyear: 2027\n", encoding="utf-8")
    (one / "campaigns" / "2027-other.yml").write_text(
        "# x\nid: 2027-other-name\ntitle: 通知\nyear: 2027\nissuer: 某局\n"
        "doc_number: 某〔2027〕1号\nnotice: 正文\npublicity:\n  start: 2027-03-01\n"
        "  working_days: 5\n", encoding="utf-8")
    (one / "calendar").mkdir(exist_ok=True)
    (one / "calendar" / "2027.yml").write_text(
        "year: 2027\nsource: 国务院办公厅通知\nholidays: [2027-01-01]\n\tworkdays: []\n",
        encoding="utf-8")
    (one / "campaigns" / "2026-roster-fixture").mkdir()
    (one / "campaigns" / "2026-roster-fixture" / "旧表.doc").write_bytes(b"x")

    two = root / "two" / "data"
    shutil.copytree(FIXTURE, two)
    campaign = two / "campaigns" / "2026-roster-fixture.yml"
    campaign.write_text(campaign.read_text(encoding="utf-8").replace(
        "  default: {group: 市直单位, seats: 2}\n", ""), encoding="utf-8")
    people = two / "candidates" / "2026-roster-fixture.yml"
    extra = [("周八", "男", "测试市第九中学", "乙县"), ("吴九", "女", "测试市第十中学", None),
             ("郑十", "女", "测试市第十一中学", "丙县"), ("钱一", "女", "测试市医院", "甲区"),
             ("钱二", "女", "测试市医院", "甲区"), ("钱三", "女", "测试市医院二", "甲区")]
    text = people.read_text(encoding="utf-8")
    for name, gender, unit, by in extra:
        text += f"  - name: {name}\n    gender: {gender}\n    unit: {unit}\n"
        text += f"    recommended_by: {by}\n" if by else ""
    people.write_text(text, encoding="utf-8")
    (two / "candidates" / "2026-nobody.yml").write_text(
        "campaign: 2026-nobody\ncandidates: []\n", encoding="utf-8")
    (two / "candidates" / "bad.yml").write_bytes("campaign: bad\ntitle: 名单\n".encode("gbk"))

    three = root / "three" / "data"
    shutil.copytree(FIXTURE, three)
    people = three / "candidates" / "2026-roster-fixture.yml"
    text = people.read_text(encoding="utf-8").replace("category: 高技能人才", "category: 高技能")
    text += ("  - name: 钱一\n    gender: 女\n    unit: 测试市医院\n    recommended_by: 甲区\n"
             "  - name: 钱二\n    gender: 女\n    unit: 测试市医院二\n    recommended_by: 甲区\n")
    people.write_text(text, encoding="utf-8")
    campaign = three / "campaigns" / "2026-roster-fixture.yml"
    campaign.write_text(campaign.read_text(encoding="utf-8").replace(
        "title: 推荐材料报送截止", 'title: "推荐材料报送截止'), encoding="utf-8")
    (three / "calendar").mkdir(exist_ok=True)
    (three / "calendar" / "2027.yml").write_text(
        "year: 2028\nsource: 通知\nholidays: [2027-01-01, 2028-01-01]\n"
        "workdays: [2027-01-01, 2027-01-06]\n", encoding="utf-8")
    four = root / "four" / "data"
    shutil.copytree(three, four)
    campaign = four / "campaigns" / "2026-roster-fixture.yml"
    campaign.write_text(campaign.read_text(encoding="utf-8").replace(
        'title: "推荐材料报送截止', "title: 推荐材料报送截止"), encoding="utf-8")

    # Typing slips of Chinese input, each in its own copy (each stops its file from being read).
    for name, old_text, new_text in (
        ("five", "    gender: 女\n    born: 1990-12", "    gender：女\n    born: 1990-12"),
        ("six", "    born: 1985-01\n", "　　born: 1985-01\n"),
    ):
        copy = root / name / "data"
        shutil.copytree(FIXTURE, copy)
        people = copy / "candidates" / "2026-roster-fixture.yml"
        people.write_text(people.read_text(encoding="utf-8").replace(old_text, new_text, 1),
                          encoding="utf-8")
    seven = root / "seven" / "data"
    shutil.copytree(FIXTURE, seven)
    people = seven / "candidates" / "2026-roster-fixture.yml"
    people.write_text(people.read_text(encoding="utf-8").replace("  - name: 王五", "  - name: “王五”"),
                      encoding="utf-8")
    campaign = seven / "campaigns" / "2026-roster-fixture.yml"
    campaign.write_text(campaign.read_text(encoding="utf-8").replace(
        "  start: 2026-05-11", "  start: 2026-04-01"), encoding="utf-8")


def test_messages_quoted_in_the_errors_page_are_the_builders_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _scenarios(tmp_path)
    produced: set[str] = set()
    for name in ("one", "two", "three", "four", "five", "six", "seven"):
        monkeypatch.chdir(tmp_path / name)  # messages name paths as HR staff see them: data/…
        produced |= {str(p).split(": ", 1)[1] for p in load(Path("data")).problems.items}
    monkeypatch.chdir(tmp_path / "one")
    assert main(["new-campaign", "2027-shili-jishu-daitouren", "--data", "fresh"]) == 0
    produced |= {str(p).split(": ", 1)[1] for p in load(Path("fresh")).problems.items}

    quoted = [m.group(4) for line in _code_lines("errors") if (m := LOCATED.match(line))]
    assert len(quoted) >= 30
    stale = [q for q in quoted if q not in produced]
    assert stale == [], "errors.md quotes messages the builder no longer writes:\n" + "\n".join(
        stale)


@pytest.mark.browser
def test_manual_pages_are_in_the_staff_build(site_factory, server_factory, page) -> None:
    base = server_factory(site_factory("2026-11-18", manual=True))
    page.goto(f"{base}manual/")
    assert page.locator("h1").first.inner_text() == "操作手册"
    page.get_by_role("link", name="常见错误信息").first.click()
    page.wait_for_url(f"{base}manual/errors/")
    assert page.locator("h1").first.inner_text() == "常见错误信息"
    assert "花名册.xlsx 第7行 C列（性别）" in page.locator("body").inner_text()
    for name in PAGES[1:]:
        response = page.request.get(f"{base}manual/{name}/")
        assert response.status == 200, name
    assert page.watch.external == [] and page.watch.errors == []
