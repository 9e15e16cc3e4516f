"""The `export-roster` and `import-roster` commands: arguments, messages, and writing the files."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from builder.files.atomicfs import write_atomically
from builder.text.problems import display_path
from builder.tools.roster.exporter import export_roster
from builder.tools.roster.findings import RosterProblem
from builder.tools.roster.importer import COMMAND_LINE, PublicityChange, import_roster
from builder.tools.roster.merge import PersonChange
from builder.tools.roster.scratch import _campaign_path


def _print_findings(findings: list[RosterProblem]) -> None:
    for finding in findings:
        print(finding, file=sys.stderr)


def cmd_export(args: argparse.Namespace) -> int:
    output = Path(args.output or f"{args.id}-花名册.xlsx")
    if output.exists() and not args.force:
        print(f"{display_path(output)} 已经存在，未覆盖。要覆盖请加 --force，或用 -o 指定另一个文件名",
              file=sys.stderr)
        return 1
    result = export_roster(Path(args.data), args.id)
    _print_findings(result.findings)
    if result.content is None:
        print("数据有错误，未生成花名册", file=sys.stderr)
        return 1
    write_atomically(output, result.content)
    if result.count:
        print(f"已导出 {result.count} 人到 {display_path(output)}")
    else:
        print(f"该评选还没有候选人，已生成空白花名册 {display_path(output)}")
    return 0


def _unit_label(unit: str | None, whole: bool = False) -> str:
    if whole:
        return "整份名单（花名册没有推荐单位一列）"
    return f"推荐单位「{unit}」" if unit else "未填推荐单位的人选"


def print_columns(new: list[tuple[str, str]], created: list[str], *, check: bool) -> None:
    """The columns the import adds to the list (also with --check, before anything is written)."""
    verb = "将" if check else "已"
    if created:
        print(f"名单原来没有 columns（列），{verb}按花名册的列写入：{'、'.join(created)}")
    if new:
        print(f"名单{verb}新增 {len(new)} 列（写入 columns，按花名册的顺序）："
              + "、".join(f"{label}（{kind}）" for label, kind in new))


def print_summary(
    changes: list[PersonChange], *, remove_missing: bool, check: bool, whole: frozenset[str] = frozenset()
) -> None:
    """What the import does, by workbook and unit, person by person (names, rows, fields).
    `whole`: the workbooks that are a whole list (no 推荐单位 column)."""
    groups: dict[tuple[str, str | None], list[PersonChange]] = {}
    for change in changes:
        groups.setdefault((change.file, change.unit), []).append(change)
    for (file, unit), items in groups.items():
        print(f"{file} → {_unit_label(unit, unit is None and file in whole)}：")
        for kind, label in (("added", "新增"), ("changed", "修改"), ("removed", "删除"),
                            ("kept", "保留")):
            for c in (c for c in items if c.kind == kind):
                row = f"（第{c.row}行）" if c.row else ""
                if kind == "changed":
                    print(f"  {label}：{c.name}{row}：{'、'.join(c.fields)}")
                elif kind == "kept":
                    print(f"  {label}：{c.name}（不在花名册中，仍留在名单里；要删除请加 --remove-missing）")
                else:
                    print(f"  {label}：{c.name}{row}")
        same = sum(1 for c in items if c.kind == "unchanged")
        if same:
            print(f"  未变：{same} 人")
    count = {k: sum(1 for c in changes if c.kind == k)
             for k in ("added", "changed", "removed", "kept", "unchanged")}
    verb = "将" if check else ""
    print(f"合计：{verb}新增 {count['added']} 人，{verb}修改 {count['changed']} 人，"
          f"{verb}删除 {count['removed']} 人，保留 {count['kept']} 人，未变 {count['unchanged']} 人")


def cmd_import(args: argparse.Namespace) -> int:
    data_dir = Path(args.data)
    publicity = None
    if args.publicity_start is not None:
        if (args.working_days is None) == (args.publicity_end is None):
            print("--publicity-start 须与 --working-days（公示工作日数）或 --publicity-end（公示结束日期）"
                  "之一同用，且只能用其中一个", file=sys.stderr)
            return 1
        publicity = PublicityChange(args.publicity_start, args.working_days, args.publicity_end)
    elif args.working_days is not None or args.publicity_end is not None:
        print("--working-days / --publicity-end 须与 --publicity-start（公示开始日期）同用", file=sys.stderr)
        return 1
    files = [Path(f) for f in args.files]
    result = import_roster(files, args.campaign, data_dir, publicity,
                           remove_missing=args.remove_missing)
    _print_findings(result.findings)
    target = data_dir / "candidates" / f"{args.campaign}.yml"
    if result.text is None:
        if any(f.row is not None for f in result.errors):
            where = "；请在 Excel 中改正后重新导入"
        elif all(f.file == COMMAND_LINE for f in result.errors):
            where = "；请改正命令行参数后重新运行"
        else:
            where = "；请按上面的说明改正后重新导入"
        print(f"发现 {len(result.errors)} 个错误，未写入任何文件{where}", file=sys.stderr)
        return 1
    print_columns(result.new_columns, result.created_columns, check=args.check)
    whole = frozenset(r.shown for r in result.rosters if "recommended_by" not in r.columns and r.unit is None)
    print_summary(result.changes, remove_missing=args.remove_missing, check=args.check, whole=whole)
    if args.check:
        print("检查通过，没有错误（--check：未写入文件）")
        return 0
    write_atomically(target, result.text)
    print(f"已写入 {display_path(target)}")
    if result.campaign_text is not None:
        campaign = _campaign_path(data_dir, args.campaign)
        write_atomically(campaign, result.campaign_text)
        print(f"已在 {display_path(campaign)} 中写入社会公示：自 {args.publicity_start} 起")
    print("下一步：运行 make serve 预览，确认无误后提交")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export-roster", help="把一轮评选的候选人导出为 Excel 花名册（没有候选人时为空白模板）")
    p.add_argument("id", help="评选编号")
    p.add_argument("-o", "--output", help="输出文件（默认 <编号>-花名册.xlsx）")
    p.add_argument("--data", default="data", help="数据目录（默认 data）")
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "import-roster",
        help="把各单位的 Excel 花名册按推荐单位合并进候选人名单（逐行检查，无错误才写入）",
        description="每份花名册只替换它所列推荐单位的人选：新增、修改并逐人列出；"
        "其他单位的人选不动。花名册中没有的人默认保留，加 --remove-missing 才删除。"
        "没有推荐单位一列的表格（如招聘、职称评审的名单）按整份名单合并；"
        "表格中内置字段以外的列（准考证号、笔试成绩等）成为名单自己的列，写入 columns 并列出。",
    )
    p.add_argument("files", nargs="+", metavar="file", help="花名册文件（.xlsx），可以一次写多个")
    p.add_argument("--campaign", required=True, help="评选编号")
    p.add_argument("--data", default="data", help="数据目录（默认 data）")
    p.add_argument("--check", action="store_true", help="只检查并列出将要做的改动，不写入文件")
    p.add_argument("--remove-missing", action="store_true",
                   help="删除花名册所列单位中、花名册里没有的人选（默认保留并列出）")
    p.add_argument("--publicity-start", type=_date_arg, metavar="YYYY-MM-DD",
                   help="同时在评选文件中写入社会公示的开始日期（评选文件还没有 publicity 时）")
    p.add_argument("--working-days", type=int, metavar="天数", help="公示期的工作日数，如 5")
    p.add_argument("--publicity-end", type=_date_arg, metavar="YYYY-MM-DD",
                   help="公示结束日期（与 --working-days 二选一）")
    p.set_defaults(func=cmd_import)


def _date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"「{text}」不是日期，格式应为 YYYY-MM-DD，如 2026-11-16") from exc
