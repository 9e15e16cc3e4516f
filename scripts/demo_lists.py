"""Writes the two fictional demo lists of issue 21 and the recruitment round's 报名表 (sample data,
no real person): the 2026 recruitment 拟聘用 list and the several-hundred-row 职称 list.

    .venv/bin/python scripts/demo_lists.py      # rewrites the files below, byte for byte the same

The output is committed (data/ holds YAML HR staff could have written); this script only saves
typing 400 rows by hand. Names are drawn from common surnames and given-name characters with a
fixed seed, units are 示例市 ones, numbers are made up.
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

DATA = Path(__file__).resolve().parent.parent / "data"
ZHAOPIN = "2026-shili-shiye-zhaopin"
ZHICHENG = "2026-shili-zhicheng-gaoji"

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁龙林欣"
    "晨阳瑶佳怡雪琳晶颖倩婷博文昊然子涵思远嘉怡雨轩梓萱一鸣志强建国海燕春梅晓东立新宏伟丽华永刚"
)


def person_names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        given = "".join(rng.choice(GIVEN) for _ in range(1 if rng.random() < 0.25 else 2))
        name = rng.choice(SURNAMES) + given
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


# --- the 职称 list --------------------------------------------------------------------------

SERIES = (
    ("工程技术系列", (
        ("正高级工程师", 24, ("建筑工程", "道路与桥梁", "给水排水", "电气工程", "机械设计", "水利水电工程")),
        ("高级工程师", 146, ("建筑工程", "道路与桥梁", "给水排水", "电气工程", "机械设计", "化工工艺",
                         "环境工程", "计算机应用", "测绘工程", "水利水电工程", "通信工程", "材料工程")),
    ), ("示例市建筑设计研究院有限公司", "示例市市政工程设计院", "示例市水利勘测设计院", "示例市供电公司",
        "示例市重型机械有限公司", "示例市化工集团有限公司", "示例市生态环境监测中心", "示例市大数据中心",
        "示例市测绘院", "示例市交通建设投资有限公司", "示例市自来水有限公司", "示例市通信建设有限公司",
        "示例市东湖精密机械有限公司", "示例市新材料研究院", "示例市城乡规划设计院", "示例市公路事业发展中心")),
    ("经济系列", (
        ("正高级经济师", 6, ("工商管理", "金融")),
        ("高级经济师", 44, ("人力资源管理", "金融", "工商管理", "财政税收", "运输经济")),
    ), ("示例市农村商业银行", "示例市城市发展集团有限公司", "示例市人才交流服务中心", "示例市税务服务中心",
        "示例市公交集团有限公司", "示例市国有资产运营有限公司", "示例市供销合作社联合社")),
    ("会计系列", (
        ("正高级会计师", 4, ("会计",)),
        ("高级会计师", 58, ("会计",)),
    ), ("示例市财政国库支付中心", "示例市第一人民医院", "示例市城市发展集团有限公司", "示例大学",
        "示例市审计服务中心", "示例市交通建设投资有限公司", "示例市农村商业银行", "示例市重型机械有限公司")),
    ("卫生系列", (
        ("主任医师", 24, ("内科", "外科", "儿科", "妇产科", "麻醉", "医学影像")),
        ("副主任医师", 66, ("内科", "外科", "儿科", "妇产科", "麻醉", "医学影像", "全科医学", "中医内科")),
        ("副主任护师", 18, ("护理",)),
    ), ("示例市第一人民医院", "示例市第二人民医院", "示例市中医院", "示例市妇幼保健院", "示例市儿童医院",
        "示例市东湖区人民医院", "示例市西山区卫生院", "示例市疾病预防控制中心")),
    ("农业系列", (
        ("高级农艺师", 14, ("农学", "植物保护", "土壤肥料", "园艺")),
    ), ("示例市农业技术推广中心", "示例市种子管理站", "示例市植保植检站", "示例市南江区农业农村局")),
)


def zhicheng_list() -> str:
    rng = random.Random(2026_12_01)
    total = sum(n for _, grades, _ in SERIES for _, n, _ in grades)
    names = iter(person_names(rng, total))
    lines = [
        "# yaml-language-server: $schema=../../schema/candidates.schema.json",
        "# 示例数据（虚构）：几百人的职称评审通过人员公示，按评审系列分组（sections），组内按评审资格分组",
        "# （group_by），列为 姓名、性别、工作单位、专业、评审资格。由 scripts/demo_lists.py 生成。",
        f"campaign: {ZHICHENG}",
        "title: 2026年度示例市高级职称评审通过人员名单",
        "order: stroke",
        "sections:",
        *(f"  - title: {series}" for series, _, _ in SERIES),
        "group_by: 评审资格",
        "columns:",
        "  - 姓名",
        "  - 性别",
        "  - 工作单位",
        "  - {label: 专业, kind: 文本}",
        "  - {label: 评审资格, kind: 文本, result: true}",
        "candidates:",
    ]
    for series, grades, units in SERIES:
        for grade, count, fields in grades:
            for _ in range(count):
                gender = "女" if (rng.random() < (0.8 if "护" in grade else 0.42)) else "男"
                lines.append(
                    f"  - {{name: {next(names)}, gender: {gender}, unit: {rng.choice(units)}, section: {series}, "
                    f"extra: {{专业: {rng.choice(fields)}, 评审资格: {grade}}}}}"
                )
    return "\n".join(lines) + "\n"


# --- the recruitment list ------------------------------------------------------------------

POSTS = (
    ("示例市第一高级中学", "高中语文教师", "2026001", 2, "硕士研究生", ("示例师范大学", "示例大学")),
    ("示例市第一高级中学", "高中数学教师", "2026002", 2, "大学本科", ("示例师范大学", "示例理工大学")),
    ("示例市人民医院", "临床医师", "2026005", 3, "硕士研究生", ("示例医科大学",)),
    ("示例市疾病预防控制中心", "检验技师", "2026008", 1, "大学本科", ("示例医科大学",)),
    ("示例市水利勘测设计院", "水利工程技术员", "2026011", 2, "大学本科", ("示例理工大学", "示例农业大学")),
    ("示例市社会保险服务中心", "会计", "2026014", 1, "大学本科", ("示例财经学院",)),
    ("示例市档案馆", "档案管理", "2026017", 1, "硕士研究生", ("示例大学",)),
    ("示例市公共就业服务中心", "综合管理", "2026019", 2, "大学本科", ("示例大学", "示例财经学院")),
)


def zhaopin_list() -> str:
    rng = random.Random(2026_11_30)
    names = iter(person_names(rng, sum(p[3] for p in POSTS)))
    lines = [
        "# yaml-language-server: $schema=../../schema/candidates.schema.json",
        "# 示例数据（虚构）：事业单位公开招聘拟聘用人员名单，按岗位分组，列与公告规定的一致：招聘单位、",
        "# 岗位名称、岗位代码、姓名、性别、出生年月、学历、毕业院校、准考证号、笔试成绩、面试成绩、总成绩、排名。",
        "# 没有工作单位一列（columns 不含工作单位，unit 不必填写）。准考证号为 11 位数字，是编号，不是手机号。",
        "# 总成绩 = 笔试成绩 × 50% + 面试成绩 × 50%。由 scripts/demo_lists.py 生成。",
        f"campaign: {ZHAOPIN}",
        "title: 2026年示例市市直事业单位公开招聘拟聘用人员名单",
        "order: listed",
        "group_by: 岗位名称",
        "columns:",
        "  - {label: 招聘单位, kind: 文本}",
        "  - {label: 岗位名称, kind: 文本}",
        "  - {label: 岗位代码, kind: 编号}",
        "  - 姓名",
        "  - 性别",
        "  - 出生年月",
        "  - 学历",
        "  - {label: 毕业院校, kind: 文本}",
        "  - {label: 准考证号, kind: 编号}",
        "  - {label: 笔试成绩, kind: 分数}",
        "  - {label: 面试成绩, kind: 分数}",
        "  - {label: 总成绩, kind: 分数, result: true}",
        "  - {label: 排名, kind: 名次, result: true}",
        "candidates:",
    ]
    for n, (unit, post, code, count, education, schools) in enumerate(POSTS, start=1):
        people = []
        for _ in range(count):
            written = rng.randrange(620, 860) / 10
            interview = rng.randrange(760, 920) / 10
            people.append((written, interview, round((written + interview) / 2 + 1e-9, 2)))
        people.sort(key=lambda p: -p[2])
        for rank, (written, interview, total) in enumerate(people, start=1):
            ticket = f"136{24:02d}{n:02d}{rng.randrange(1, 9999):04d}"
            lines += [
                f"  - name: {next(names)}",
                f"    gender: {rng.choice('男女')}",
                f"    born: {rng.randrange(1993, 2003)}-{rng.randrange(1, 13):02d}",
                f"    education: {education}",
                f"    extra: {{招聘单位: {unit}, 岗位名称: {post}, 岗位代码: \"{code}\", 毕业院校: {rng.choice(schools)}, "
                f"准考证号: \"{ticket}\", 笔试成绩: \"{written:.2f}\", 面试成绩: \"{interview:.2f}\", "
                f"总成绩: \"{total:.2f}\", 排名: \"{rank}\"}}",
            ]
    return "\n".join(lines) + "\n"


# --- the 报名表 (a real DOCX: one table to fill in by hand) -----------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_BORDER = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                  for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
FORM_ROWS: tuple[tuple[int, tuple[tuple[str, int], ...]], ...] = (
    # (row height in twips, ((text, columns spanned), …)); labels in the odd cells, blanks to fill.
    (567, (("姓名", 1), ("", 1), ("性别", 1), ("", 1), ("出生年月", 1), ("", 1))),
    (567, (("民族", 1), ("", 1), ("政治面貌", 1), ("", 1), ("学历学位", 1), ("", 1))),
    (567, (("毕业院校", 1), ("", 1), ("所学专业", 1), ("", 1), ("毕业时间", 1), ("", 1))),
    (567, (("报考单位", 1), ("", 1), ("报考岗位", 1), ("", 1), ("岗位代码", 1), ("", 1))),
    (567, (("职称或职业资格", 1), ("", 1), ("现工作单位", 1), ("", 3))),
    (2400, (("学习和工作经历（自高中起）", 1), ("", 5))),
    (1200, (("报考人承诺", 1), ("本人所填信息真实准确，所提供的证书、证明材料真实有效。如有不实，自愿取消聘用资格。"
                              "报考人签名：　　　　　年　　月　　日", 5))),
    (1200, (("资格审查意见", 1), ("审查人签名：　　　　　年　　月　　日", 5))),
)
WIDTHS = (1700, 1633, 1700, 1633, 1700, 1634)


def _cell(text: str, width: int, *, bold: bool = False, span: int = 1) -> str:
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>' + (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "")
    run = (f'<w:r>{"<w:rPr><w:b/></w:rPr>" if bold else ""}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
           if text else "")
    return f'<w:tc><w:tcPr>{props}<w:vAlign w:val="center"/></w:tcPr><w:p>{run}</w:p></w:tc>'


def _row(height: int, cells: tuple[tuple[str, int], ...]) -> str:
    body = ""
    at = 0
    for i, (text, span) in enumerate(cells):
        body += _cell(text, sum(WIDTHS[at:at + span]), bold=i % 2 == 0, span=span)
        at += span
    return f'<w:tr><w:trPr><w:trHeight w:val="{height}"/></w:trPr>{body}</w:tr>'


def form_docx() -> bytes:
    title = "示例市市直事业单位公开招聘工作人员报名表"
    paragraphs = (
        f'<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>{title}</w:t></w:r></w:p>'
        '<w:p><w:r><w:t xml:space="preserve">报考岗位代码：　　　　　　　　　　　　准考证号（由招聘单位填写）：</w:t></w:r></w:p>'
    )
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in WIDTHS)
    table = (f'<w:tbl><w:tblPr><w:tblW w:w="10000" w:type="dxa"/><w:jc w:val="center"/>'
             f'<w:tblBorders>{_BORDER}</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr>'
             f'<w:tblGrid>{grid}</w:tblGrid>{"".join(_row(h, r) for h, r in FORM_ROWS)}</w:tbl>')
    note = '<w:p><w:r><w:t xml:space="preserve">注：本表一式两份，A4 纸双面打印，资格审查时提交。</w:t></w:r></w:p>'
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{_W}"><w:body>'
                f"{paragraphs}{table}{note}</w:body></w:document>")
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>"
        ),
        "word/document.xml": document,
        "word/_rels/document.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "word/styles.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{_W}">'
            '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
            '<w:rPr><w:rFonts w:eastAsia="宋体"/><w:sz w:val="24"/></w:rPr></w:style>'
            '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>'
            '<w:pPr><w:jc w:val="center"/><w:spacing w:after="240"/></w:pPr>'
            '<w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="36"/></w:rPr></w:style></w:styles>'
        ),
        "docProps/core.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{title}</dc:title><dc:creator>示例市人力资源和社会保障局</dc:creator>"
            '<dcterms:created xsi:type="dcterms:W3CDTF">2026-08-24T09:00:00Z</dcterms:created>'
            '<dcterms:modified xsi:type="dcterms:W3CDTF">2026-08-24T09:00:00Z</dcterms:modified>'
            "</cp:coreProperties>"
        ),
        "docProps/app.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            "<Application>gongshi</Application></Properties>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 8, 24, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return out.getvalue()


def main() -> None:
    (DATA / "candidates" / f"{ZHICHENG}.yml").write_text(zhicheng_list(), encoding="utf-8")
    (DATA / "candidates" / f"{ZHAOPIN}.yml").write_text(zhaopin_list(), encoding="utf-8")
    folder = DATA / "campaigns" / ZHAOPIN
    folder.mkdir(exist_ok=True)
    (folder / "报名表.docx").write_bytes(form_docx())


if __name__ == "__main__":
    main()
