"""Deterministic synthetic portal data: N candidates over N/100 rounds, plus fixed search probes.

Everything is drawn from one seeded `random.Random`, so a seed and an N always give byte-identical
files. The "big" round (500 candidates, in publicity on `TODAY`) is drawn from its own stream that
does not depend on N, so the page-weight figure of a 500-candidate list and the 50 search queries
(which target probes planted in that round) are the same at every N; only the other rounds grow.

Cities, counties and companies are fictional (云岚市, 澄川市 …) so no real person or employer is
implied; provinces are real because real units carry them (内蒙古…集团).
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

SEED = 20260615
TODAY = dt.date(2026, 6, 17)
"""Build date of every benchmark site: the big round's publicity (from 2026-06-15, 7 working
days across the 端午 holiday) is running, so list pages show their live state."""
BIG_ROUND_SIZE = 500
BIG_ROUND_ID = "2026-yunlan-xueshu-daitouren"

# --- Surnames -------------------------------------------------------------------------------------
# Order: the top 100 of 公安部户政管理研究中心《2020年全国姓名报告》. Shares (percent of the
# population): approximate values from the national surname ranking published by 公安部治安管理局
# in 2007 (李 7.4, 王 7.2, 张 6.8 …), rounded; together they cover about 85% of people, and the
# draw is renormalised over this table, which is what makes 王/李/张 collide as often as in real
# lists (the point for search ranking).
SURNAME_SHARES: tuple[tuple[str, float], ...] = (
    ("王", 7.25), ("李", 7.19), ("张", 6.83), ("刘", 5.38), ("陈", 4.53), ("杨", 3.08),
    ("黄", 2.23), ("赵", 2.29), ("吴", 2.05), ("周", 1.98), ("徐", 1.67), ("孙", 1.54),
    ("马", 1.48), ("朱", 1.37), ("胡", 1.31), ("郭", 1.15), ("何", 1.14), ("林", 1.07),
    ("罗", 0.89), ("高", 1.07), ("郑", 0.86), ("梁", 0.85), ("谢", 0.80), ("宋", 0.73),
    ("唐", 0.71), ("许", 0.67), ("韩", 0.64), ("邓", 0.62), ("冯", 0.63), ("曹", 0.58),
    ("彭", 0.56), ("曾", 0.54), ("肖", 0.53), ("田", 0.52), ("董", 0.51), ("潘", 0.50),
    ("袁", 0.51), ("蔡", 0.47), ("蒋", 0.48), ("余", 0.47), ("于", 0.49), ("杜", 0.45),
    ("叶", 0.44), ("程", 0.42), ("魏", 0.40), ("苏", 0.40), ("吕", 0.39), ("丁", 0.37),
    ("任", 0.37), ("卢", 0.35), ("姚", 0.35), ("沈", 0.36), ("钟", 0.32), ("姜", 0.33),
    ("崔", 0.32), ("谭", 0.31), ("陆", 0.30), ("范", 0.29), ("汪", 0.29), ("廖", 0.27),
    ("石", 0.27), ("金", 0.28), ("韦", 0.26), ("贾", 0.27), ("夏", 0.26), ("付", 0.25),
    ("方", 0.25), ("邹", 0.24), ("熊", 0.23), ("白", 0.24), ("孟", 0.24), ("秦", 0.23),
    ("邱", 0.23), ("侯", 0.20), ("江", 0.22), ("尹", 0.22), ("薛", 0.21), ("闫", 0.21),
    ("段", 0.20), ("雷", 0.20), ("龙", 0.20), ("黎", 0.19), ("史", 0.19), ("陶", 0.19),
    ("贺", 0.18), ("毛", 0.18), ("郝", 0.18), ("顾", 0.18), ("龚", 0.17), ("邵", 0.17),
    ("万", 0.16), ("覃", 0.15), ("武", 0.15), ("钱", 0.16), ("戴", 0.15), ("严", 0.16),
    ("莫", 0.14), ("孔", 0.14), ("向", 0.14), ("汤", 0.13), ("常", 0.13),
)
# Polyphonic surnames whose surname reading differs from the common one (单 shàn, 解 xiè, 仇
# qiú, 区 ōu, 朴 piáo, 查 zhā, 翟 zhái, 缪 miào, 盖 gě, 乐 yuè); rare, but they are exactly where a
# naive pinyin index goes wrong, so each gets a small share.
POLYPHONIC_SURNAMES: tuple[tuple[str, float], ...] = (
    ("单", 0.06), ("解", 0.05), ("仇", 0.04), ("区", 0.03), ("朴", 0.04), ("查", 0.04),
    ("翟", 0.06), ("缪", 0.03), ("盖", 0.02), ("乐", 0.03),
)
COMPOUND_SURNAMES: tuple[tuple[str, float], ...] = (
    ("欧阳", 0.05), ("司马", 0.01), ("上官", 0.01), ("诸葛", 0.01), ("尉迟", 0.005),
    ("万俟", 0.003), ("长孙", 0.003),
)
MINORITY_SHARE = 0.006
"""Names without a Han surname (Uyghur names with ·, Mongolian and Tibetan names)."""

UYGHUR_GIVEN = ("阿依古丽", "艾尔肯", "古丽娜尔", "热依拉", "买买提江", "努尔古丽", "阿不都拉",
                "迪丽娜尔", "吐尔洪", "帕提古丽")
UYGHUR_FATHER = ("买买提", "吐尔逊", "艾力", "阿不都", "热合曼", "司马义", "玉素甫", "伊明")
MONGOLIAN = ("巴特尔", "乌云其其格", "额尔敦", "其木格", "那顺", "斯琴", "宝音图", "萨仁高娃",
             "朝鲁门", "乌兰图雅")
TIBETAN = ("扎西多吉", "次仁卓玛", "格桑央金", "丹增尼玛", "达瓦次仁")

# Common given-name characters, drawn uniformly (磊 twice); 长 行 重 乐 朝 和 are polyphonic on purpose.
GIVEN_MALE = tuple("伟强磊军勇杰涛明超刚平辉鹏华飞斌宇浩凯健俊帆旭宁龙林波峰亮志建国文东海成晨立新永宏晓振家子博然泽轩睿鑫磊昊翔嘉毅锋长行重乐朝和远江山春德福庆胜")
GIVEN_FEMALE = tuple("芳娜敏静丽艳娟霞燕玲桂英秀兰华红梅琳婷雪倩颖洁慧莉萍璐欣怡佳琪悦晶蕾薇雯瑶月春云秋凤和乐朝青宁思雅露")

# --- Places (fictional cities; real provinces) ------------------------------------------------------
CITIES: tuple[tuple[str, str, str], ...] = (
    # (city, slug, province)
    ("云岚", "yunlan", "内蒙古"), ("澄川", "chengchuan", "河南"), ("北漪", "beiyi", "河北"),
    ("桐岭", "tongling", "山西"), ("沧澜", "canglan", "云南"), ("望舒", "wangshu", "湖南"),
    ("霁原", "jiyuan", "陕西"), ("曦和", "xihe", "山东"), ("青峦", "qingluan", "四川"),
    ("玉衡", "yuheng", "甘肃"), ("星澜", "xinglan", "江西"), ("松阜", "songfu", "吉林"),
    ("鹭汀", "luting", "福建"), ("岫川", "xiuchuan", "辽宁"), ("渚阳", "zhuyang", "浙江"),
    ("黛湖", "daihu", "安徽"), ("栖梧", "qiwu", "广西"), ("清樾", "qingyue", "贵州"),
)
COUNTY_A = tuple("桐柳松枫榆杉梓桂槐杏石白青金安永清平宁丰")
COUNTY_B = tuple("溪川山原河岭泉湖塘坪源阳丘林陵")
DISTRICTS = ("城关区", "新华区", "解放区", "长安区", "示范区", "高新区", "中站区", "东城区")
CITY_DEPARTMENTS = ("教育局", "卫生健康委员会", "住房和城乡建设局", "农业农村局", "林业局",
                    "水利局", "文化广电和旅游局", "工业和信息化局", "生态环境局", "科学技术局",
                    "体育局", "交通运输局", "公路事业发展中心", "市场监督管理局", "自然资源和规划局",
                    "应急管理局", "国有资产监督管理委员会", "大学", "职业技术学院", "日报社")
PROVINCE_DEPARTMENTS = ("教育厅", "卫生健康委员会", "工业和信息化厅", "农牧厅", "水利厅", "科学技术厅",
                        "自然资源厅", "交通运输厅", "国有资产监督管理委员会", "林业和草原局")

# --- Series of rounds -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Series:
    slug: str
    name: str  # "{city}" and "{province}" are filled in
    level: str  # city | province
    reserved: bool  # 盟市 rows reserve 2 seats for 高技能人才, as the 2013 notice does
    domain_bias: str


SERIES: tuple[Series, ...] = (
    Series("xueshu-daitouren", "{city}市学术技术带头人", "city", False, "research"),
    Series("zhuanjia", "{city}市优秀专家", "city", False, "research"),
    Series("qingnian-rencai", "{city}市青年拔尖人才", "city", False, "research"),
    Series("jineng-dashi", "{city}市技能大师", "city", False, "skills"),
    Series("jishu-nengshou", "{city}市技术能手", "city", False, "skills"),
    Series("weisheng-rencai", "{city}市卫生健康领军人才", "city", False, "medicine"),
    Series("jiaoyu-mingshi", "{city}市教学名师", "city", False, "education"),
    Series("yixian", "{province}深入生产第一线做出突出贡献科技人员", "province", True, "industry"),
    Series("tuchu-gongxian", "{province}有突出贡献的中青年专家", "province", False, "research"),
    Series("nongmu-rencai", "{province}农牧业优秀实用人才", "province", True, "agriculture"),
    Series("shouxi-jishi", "{province}首席技师", "province", True, "skills"),
)

ISSUERS_CITY = ("中共{city}市委组织部", "{city}市人力资源和社会保障局")
ISSUERS_PROVINCE = ("{province}人力资源和社会保障厅",)
DOC_PREFIX_CITY = "{c}人社文"
DOC_PREFIX_PROVINCE = "{p}人社发"
PROVINCE_ABBR = {"内蒙古": "内", "河南": "豫", "河北": "冀", "山西": "晋", "云南": "云", "湖南": "湘",
                 "陕西": "陕", "山东": "鲁", "四川": "川", "甘肃": "甘", "江西": "赣", "吉林": "吉",
                 "福建": "闽", "辽宁": "辽", "浙江": "浙", "安徽": "皖", "广西": "桂", "贵州": "黔"}
PROVINCE_FULL = {"内蒙古": "内蒙古自治区", "广西": "广西壮族自治区"}

# --- Units by kind of recommender -------------------------------------------------------------------
UNITS_BY_DEPT: dict[str, tuple[str, ...]] = {
    "教育局": ("{city}市第一中学", "{city}市实验中学", "{city}市第三中学", "{city}市实验小学",
              "{city}市特殊教育学校"),
    "卫生健康委员会": ("{city}市第一人民医院", "{city}市中心医院", "{city}市妇幼保健院",
                    "{city}市疾病预防控制中心", "{city}市中医院", "{city}市传染病医院"),
    "住房和城乡建设局": ("{city}市建筑设计研究院有限公司", "{city}市市政工程设计院",
                      "{city}城建集团有限公司"),
    "农业农村局": ("{city}市农业科学研究院", "{city}市农业技术推广中心", "{city}市畜牧工作站",
                "{city}市动物疫病预防控制中心"),
    "林业局": ("{city}市林业科学研究所", "{city}市国有林场"),
    "水利局": ("{city}市水利勘测设计院", "{city}市水文水资源勘测局"),
    "文化广电和旅游局": ("{city}市博物馆", "{city}市文化馆", "{city}市广播电视台"),
    "工业和信息化局": ("{province}{city}钢铁集团有限公司", "{city}电力工程有限公司",
                    "{province}{city}煤业集团有限责任公司", "{city}机床股份有限公司",
                    "{city}化工集团有限公司"),
    "生态环境局": ("{city}市环境监测站", "{city}市环境科学研究所"),
    "科学技术局": ("{city}市科学技术情报研究所", "{city}市生产力促进中心"),
    "体育局": ("{city}市体育运动学校",),
    "交通运输局": ("{city}市交通规划勘察设计院", "{city}公路桥梁建设集团有限公司"),
    "公路事业发展中心": ("{city}市公路养护中心",),
    "市场监督管理局": ("{city}市计量测试所", "{city}市产品质量检验所"),
    "自然资源和规划局": ("{city}市测绘院", "{city}市国土空间规划研究中心"),
    "应急管理局": ("{city}市安全生产技术服务中心",),
    "国有资产监督管理委员会": ("{city}投资集团有限公司", "{city}水务集团有限公司",
                          "{province}{city}钢铁集团有限公司"),
    "大学": ("{city}大学",),
    "职业技术学院": ("{city}职业技术学院",),
    "日报社": ("{city}日报社",),
}
PROVINCE_DEPT_UNITS = {"教育厅": "教育局", "工业和信息化厅": "工业和信息化局", "农牧厅": "农业农村局",
                       "水利厅": "水利局", "科学技术厅": "科学技术局", "自然资源厅": "自然资源和规划局",
                       "交通运输厅": "交通运输局", "林业和草原局": "林业局"}
UNITS_IN_COUNTY = ("{city}市{county}人民医院", "{city}市{county}第一高级中学",
                   "{city}市{county}农业技术推广站", "{city}市{county}中医院",
                   "{city}市{county}水利局", "{city}{county}化肥有限公司",
                   "{city}市{county}畜牧兽医站", "{city}市{county}职业教育中心")

# --- People's attributes ----------------------------------------------------------------------------
ETHNICITIES = (("汉族", 0.91), ("蒙古族", 0.025), ("回族", 0.015), ("满族", 0.015),
               ("壮族", 0.015), ("土家族", 0.01), ("苗族", 0.01))
EDUCATION = (("博士研究生", 0.12), ("硕士研究生", 0.38), ("大学本科", 0.42), ("大学专科", 0.08))
TITLES = {
    "medicine": ("主任医师", "副主任医师", "主任护师", "副主任药师", "主治医师"),
    "education": ("正高级教师", "高级教师", "教授", "副教授", "一级教师"),
    "research": ("研究员", "副研究员", "教授", "副教授", "正高级工程师", "高级工程师"),
    "industry": ("正高级工程师", "高级工程师", "高级经济师", "工程师"),
    "agriculture": ("推广研究员", "高级农艺师", "高级畜牧师", "高级兽医师", "农艺师"),
    "skills": ("高级技师", "技师", "高级工程师"),
}
FIELDS = {
    "medicine": ("临床医学", "心血管内科", "重症医学", "儿科学", "中医学", "公共卫生", "护理学",
                 "医学影像"),
    "education": ("中学数学教育", "语文教育", "物理教育", "特殊教育", "职业教育", "学前教育"),
    "research": ("材料科学", "计算机应用", "环境工程", "水文水资源", "分析化学", "机械工程",
                 "地质勘查"),
    "industry": ("冶金工程", "采矿工程", "电气工程", "化学工程", "机械制造", "土木工程"),
    "agriculture": ("作物育种", "植物保护", "畜牧兽医", "草原生态", "林业", "农业机械"),
    "skills": ("焊接", "数控加工", "电工", "钳工", "汽车维修", "化工操作"),
}
POSITIONS = ("科室主任", "副主任", "总工程师", "副总工程师", "教研组长", "首席技师", "技术负责人",
             "车间主任", "研究室主任", "项目负责人")
DEPT_DOMAIN = {
    "教育局": "education", "卫生健康委员会": "medicine", "住房和城乡建设局": "industry",
    "农业农村局": "agriculture", "林业局": "agriculture", "水利局": "research",
    "文化广电和旅游局": "research", "工业和信息化局": "industry", "生态环境局": "research",
    "科学技术局": "research", "体育局": "education", "交通运输局": "industry",
    "公路事业发展中心": "industry", "市场监督管理局": "research", "自然资源和规划局": "research",
    "应急管理局": "industry", "国有资产监督管理委员会": "industry", "大学": "research",
    "职业技术学院": "education", "日报社": "research",
}

AWARDS = ("省科技进步二等奖", "省科技进步三等奖", "市科技进步一等奖", "省教学成果一等奖",
          "全国技术能手称号", "省五一劳动奖章", "省优秀科技工作者称号", "市劳动模范称号",
          "省职工技术创新成果一等奖", "省农牧业丰收奖一等奖", "省医学科技奖二等奖")
SENTENCES: dict[str, tuple[str, ...]] = {
    "common": (
        "长期扎根{domain_place}一线，{years}年来始终坚持在本专业岗位上开展技术工作。",
        "主持或参与完成省部级科研项目{n}项、市级项目{m}项，相关成果已在全市推广应用。",
        "获{award}{n}项，作为主要完成人获{award2}。",
        "在省级以上刊物发表专业论文{m}篇，其中核心期刊{n}篇，出版专著{k}部。",
        "获授权发明专利{n}项、实用新型专利{k}项，其中{k}项已实现转化。",
        "牵头组建{field}技术团队，培养中级以上专业技术人员{m}名。",
        "先后承担{field}领域重点攻关任务，解决了多项制约生产的关键技术难题。",
        "近三年累计创造直接经济效益{n}千余万元，社会效益显著。",
    ),
    "medicine": (
        "带领科室开展新技术、新项目{m}项，填补本地区多项技术空白。",
        "疫情防控期间主动请缨参加援鄂医疗队，救治重症患者{m}名。",
        "年均完成三、四级手术{h}余例，无一例重大医疗差错。",
    ),
    "education": (
        "所带班级学生在省级竞赛中获奖{m}人次，教学质量连续多年位居全市前列。",
        "主持省级教研课题{n}项，编写校本教材{k}册，在全市推广。",
    ),
    "research": (
        "建立了本地区首个{field}数据库，为政府决策提供了重要技术支撑。",
        "作为项目负责人完成的{field}研究成果通过省级鉴定，达到国内先进水平。",
    ),
    "industry": (
        "主导完成生产线技术改造{n}项，产品合格率提高{k}个百分点，年节约成本{m}百万元。",
        "攻克高炉长寿、节能降耗等关键技术，相关工艺被行业采用。",
    ),
    "agriculture": (
        "选育{field}新品种{n}个，累计推广面积{m}万亩，带动农牧民增收。",
        "常年深入嘎查村和田间地头开展技术服务，培训农牧民{m}百余人次。",
    ),
    "skills": (
        "在省职业技能大赛中获得{field}项目一等奖，总结的操作法在全行业推广。",
        "作为技能大师工作室领办人，带徒{m}名，其中{n}人获得技师以上职业资格。",
    ),
}
PLACES = {"medicine": "临床", "education": "教学", "research": "科研", "industry": "生产",
          "agriculture": "农牧业生产", "skills": "生产"}
EXEMPT_REASONS = ("参加援鄂应急医疗队", "在市级定点医院发热门诊表现优秀", "疫情防控科研攻关团队成员")
WITHDRAW_NOTES = ("公示期间收到实名举报，经核查其申报材料中论文信息不实，{date}撤销其推荐资格",
                  "本人因工作调动申请退出，经推荐单位同意，{date}撤销",
                  "经复核不符合年龄条件，{date}撤销推荐资格")


# --- Search probes: fixed people planted in the big round ----------------------------------------------
@dataclass(frozen=True)
class Probe:
    name: str
    gender: str
    unit: str  # "{city}" is 云岚 (the big round's city)
    field: str = ""
    """专业领域 and 主要业绩 in place of generated ones (the free-text queries find these)."""
    achievements: str = ""
    name_zh: str = ""
    """The Chinese transliteration of a Latin name (the hit shows both forms)."""


PROBES: tuple[Probe, ...] = (
    Probe("单天放", "男", "{city}市第一人民医院"),
    Probe("解晓晖", "男", "{province}{city}钢铁集团有限公司"),
    Probe("仇嘉树", "男", "{city}大学"),
    Probe("区志鸿", "男", "{city}市中心医院"),
    Probe("朴成勋", "男", "{city}市农业科学研究院"),
    Probe("查文渊", "男", "{city}市水利勘测设计院"),
    Probe("覃柳青", "女", "{city}市妇幼保健院"),
    Probe("翟瑞麟", "男", "{city}职业技术学院"),
    Probe("缪思琦", "女", "{city}市实验中学"),
    Probe("曾长乐", "男", "{city}电力工程有限公司"),
    Probe("欧阳靖雯", "女", "{city}市疾病预防控制中心"),
    Probe("司马朝晖", "男", "{city}市测绘院"),
    Probe("上官行健", "男", "{city}机床股份有限公司"),
    Probe("诸葛云舒", "女", "{city}市博物馆"),
    Probe("尉迟明轩", "男", "{city}市建筑设计研究院有限公司"),
    Probe("万俟重阳", "男", "{province}{city}煤业集团有限责任公司"),
    Probe("长孙和平", "男", "{city}市畜牧工作站"),
    Probe("阿依古丽·买买提", "女", "{city}市中医院"),
    Probe("王建国", "男", "{city}化工集团有限公司"),
    Probe("刘长江", "男", "{city}市交通规划勘察设计院"),
    # Units that exist in no random round: the unit queries must find exactly these.
    Probe("陈朝阳", "男", "{province}琅原农业科学研究院草原研究所"),
    Probe("杨乐天", "男", "岱川职业技术学院"),
    Probe("黄思远", "女", "{province}澹州煤业集团有限责任公司"),
    Probe("吴慧敏", "女", "汀兰妇幼保健院"),
    Probe("孙立新", "男", "{province}峄阳钢铁集团有限公司"),
    # Digits and Latin script in units and names; free text found by what it says.
    Probe("何振华", "男", "中国电科20所"),
    Probe("林晓雪", "女", "岱川大学2018-1团支部"),
    Probe("Miguel A. Esteban", "男", "{city}大学", name_zh="米格尔·埃斯特万"),
    Probe("苗青禾", "女", "{city}市林业科学研究所", field="沙棘良种选育",
          achievements="主持沙棘良种选育与丰产栽培研究，选育的沙棘新品种通过省级审定，累计推广一万余亩。"),
    # A homophone of the given name is typed (曾小燕); units with numbers in Chinese numerals.
    Probe("曾晓燕", "女", "{city}市第三人民医院"),
    Probe("邵文博", "男", "中国航天科工集团〇六一基地"),
    Probe("蒋思远", "女", "{city}市六六八纺织厂"),
)
BIG_ROUND_DOC_NUMBER = "云人社文〔2026〕2号"
"""The big round's 文号, fixed for the 文号 queries (other rounds draw numbers from 3 up)."""


@dataclass(frozen=True)
class Query:
    text: str
    kind: str
    expect: str
    """A result shown among the first ten must contain this text (a name, unit or phrase)."""


QUERIES: tuple[Query, ...] = (
    # Chinese: full names, incl. polyphonic, compound, minority and a common name
    Query("单天放", "中文姓名", "单天放"), Query("欧阳靖雯", "中文姓名", "欧阳靖雯"),
    Query("尉迟明轩", "中文姓名", "尉迟明轩"), Query("阿依古丽·买买提", "中文姓名", "阿依古丽·买买提"),
    Query("王建国", "中文姓名", "王建国"), Query("曾长乐", "中文姓名", "曾长乐"),
    Query("朴成勋", "中文姓名", "朴成勋"), Query("覃柳青", "中文姓名", "覃柳青"),
    # Chinese: part of a name
    Query("靖雯", "中文部分", "欧阳靖雯"), Query("天放", "中文部分", "单天放"),
    Query("诸葛", "中文部分", "诸葛云舒"), Query("翟瑞", "中文部分", "翟瑞麟"),
    # full pinyin, with the surname reading of polyphonic surnames
    Query("shantianfang", "全拼", "单天放"), Query("xiexiaohui", "全拼", "解晓晖"),
    Query("qiujiashu", "全拼", "仇嘉树"), Query("ouzhihong", "全拼", "区志鸿"),
    Query("zhairuilin", "全拼", "翟瑞麟"), Query("miaosiqi", "全拼", "缪思琦"),
    Query("yuchimingxuan", "全拼", "尉迟明轩"), Query("moqichongyang", "全拼", "万俟重阳"),
    Query("zhangsunheping", "全拼", "长孙和平"), Query("zengchangle", "全拼", "曾长乐"),
    # pinyin with spaces, capitals, tone marks
    Query("zha wenyuan", "全拼", "查文渊"), Query("Ōuyáng Jìngwén", "全拼", "欧阳靖雯"),
    Query("Shan Tianfang", "全拼", "单天放"),
    # pinyin prefix
    Query("shantianf", "拼音前缀", "单天放"), Query("ouyangj", "拼音前缀", "欧阳靖雯"),
    Query("zhugey", "拼音前缀", "诸葛云舒"), Query("qinliuq", "拼音前缀", "覃柳青"),
    # initials
    Query("stf", "首字母", "单天放"), Query("xxh", "首字母", "解晓晖"), Query("oyjw", "首字母", "欧阳靖雯"),
    Query("ycmx", "首字母", "尉迟明轩"), Query("zgys", "首字母", "诸葛云舒"),
    Query("sgxj", "首字母", "上官行健"),
    # mixed Chinese + pinyin
    Query("单tf", "混合", "单天放"), Query("欧阳jw", "混合", "欧阳靖雯"), Query("解xiaohui", "混合", "解晓晖"),
    Query("覃liuqing", "混合", "覃柳青"), Query("缪siqi", "混合", "缪思琦"), Query("司马zh", "混合", "司马朝晖"),
    # any part of a unit's name
    Query("琅原农业科学", "单位", "琅原农业科学研究院草原研究所"),
    Query("岱川职业技术", "单位", "岱川职业技术学院"),
    Query("澹州煤业", "单位", "澹州煤业集团有限责任公司"), Query("汀兰妇幼", "单位", "汀兰妇幼保健院"),
    Query("峄阳钢铁", "单位", "峄阳钢铁集团有限公司"), Query("草原研究所", "单位", "琅原农业科学研究院草原研究所"),
    # words of notices
    Query("学术技术带头人", "通知", "学术技术带头人"), Query("异议", "通知", "异议"),
    Query("高技能人才", "通知", "高技能人才"),
    # forgiving: 模糊音 (sh/s, ang/an, ing/in), the everyday reading of the surname's character,
    # the given name alone, English name order, traditional characters
    Query("santianfan", "模糊音", "单天放"), Query("ouyanjinwen", "模糊音", "欧阳靖雯"),
    Query("dantianfang", "姓氏常用读音", "单天放"), Query("choujiashu", "姓氏常用读音", "仇嘉树"),
    Query("tianfang", "只输名", "单天放"), Query("ruilin", "只输名", "翟瑞麟"),
    Query("Tianfang Shan", "英文顺序", "单天放"), Query("Shan Tian-fang", "英文顺序", "单天放"),
    Query("單天放", "繁体", "单天放"), Query("歐陽靖雯", "繁体", "欧阳靖雯"),
    # a notice's 文号, whole and in part
    Query(BIG_ROUND_DOC_NUMBER, "文号", "2026年云岚市学术技术带头人"),
    Query("〔2026〕2号", "文号", "2026年云岚市学术技术带头人"),
    # digits in units, Latin names (any part, any case)
    Query("中国电科20所", "数字与外文", "中国电科20所"), Query("20所", "数字与外文", "中国电科20所"),
    Query("2018-1团支部", "数字与外文", "2018-1团支部"), Query("esteban", "数字与外文", "Miguel A. Esteban"),
    # a candidate's 专业领域 and 主要业绩
    Query("沙棘良种选育", "专业领域与业绩", "苗青禾"), Query("丰产栽培", "专业领域与业绩", "苗青禾"),
    # Issue 23: a homophone typed (name, title), numbers written the other way, both forms of a
    # foreign name in the hit.
    Query("曾小燕", "同音字", "曾晓燕"), Query("学术技术代头人", "同音字", "学术技术带头人"),
    Query("061基地", "数字写法", "中国航天科工集团〇六一基地"), Query("668纺织", "数字写法", "六六八纺织厂"),
    Query("中国电科二十所", "数字写法", "中国电科20所"),
    Query("埃斯特万", "外文姓名", "Miguel A. Esteban"),
)


# --- Generation -------------------------------------------------------------------------------------
@dataclass
class RoundPlan:
    id: str
    series: Series
    city: str
    city_slug: str
    province: str
    year: int
    size: int
    published: dt.date
    deadline: dt.date
    publicity_start: dt.date
    working_days: int
    decided: bool
    quotas: bool
    default_row: bool
    form: bool
    order: str
    recommenders: list[tuple[str, str]] = field(default_factory=list)  # (unit, group)


def _weighted(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


class _Names:
    def __init__(self) -> None:
        self.table = SURNAME_SHARES + POLYPHONIC_SURNAMES + COMPOUND_SURNAMES
        self.surnames = [k for k, _ in self.table]
        self.weights = [w for _, w in self.table]

    def draw(self, rng: random.Random, gender: str) -> str:
        if rng.random() < MINORITY_SHARE:
            kind = rng.random()
            if kind < 0.45:
                return f"{rng.choice(UYGHUR_GIVEN)}·{rng.choice(UYGHUR_FATHER)}"
            if kind < 0.85:
                return rng.choice(MONGOLIAN)
            return rng.choice(TIBETAN)
        surname = rng.choices(self.surnames, weights=self.weights)[0]
        pool = GIVEN_MALE if gender == "男" else GIVEN_FEMALE
        length = 1 if rng.random() < 0.14 else 2
        return surname + "".join(rng.choice(pool) for _ in range(length))


NAMES = _Names()


def _county_names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        if rng.random() < 0.3:
            candidate = rng.choice(DISTRICTS)
        else:
            candidate = rng.choice(COUNTY_A) + rng.choice(COUNTY_B) + rng.choice(("县", "县", "市"))
        if candidate not in names:
            names.append(candidate)
    return names


def _recommenders(rng: random.Random, plan: RoundPlan) -> list[tuple[str, str]]:
    if plan.series.level == "city":
        counties = [(c, "县市区") for c in _county_names(rng, rng.randint(5, 11))]
        depts = rng.sample(CITY_DEPARTMENTS, rng.randint(8, len(CITY_DEPARTMENTS)))
        return counties + [(d, "市直单位") for d in depts]
    cities = [c for c, _, _ in CITIES if c != plan.city]
    chosen = rng.sample(cities, rng.randint(6, 12))
    depts = rng.sample(PROVINCE_DEPARTMENTS, rng.randint(4, len(PROVINCE_DEPARTMENTS)))
    region = plan.province in PROVINCE_FULL
    return [(f"{c}市", "盟市" if region else "设区市") for c in chosen] + [
        (d, "自治区直属行业主管部门" if region else "省直行业主管部门") for d in depts]


def _unit_for(rng: random.Random, plan: RoundPlan, recommender: str) -> tuple[str, str]:
    """(work unit, domain) for someone nominated by `recommender`."""
    fill = {"city": plan.city, "province": plan.province}
    if recommender.startswith(plan.city + "市"):
        return recommender, "research"  # a unit nominating itself under the default row
    recommender = PROVINCE_DEPT_UNITS.get(recommender, recommender)
    base = recommender.removesuffix("市") if recommender.endswith("市") and len(recommender) == 3 else None
    if recommender in UNITS_BY_DEPT:
        return rng.choice(UNITS_BY_DEPT[recommender]).format(**fill), DEPT_DOMAIN[recommender]
    if base is not None and plan.series.level == "province":
        key = rng.choice(list(UNITS_BY_DEPT))
        return (rng.choice(UNITS_BY_DEPT[key]).format(city=base, province=plan.province),
                DEPT_DOMAIN[key])
    template = rng.choice(UNITS_IN_COUNTY)
    domain = ("medicine" if "医院" in template else "education" if ("中学" in template or "教育" in template)
              else "agriculture" if ("农业" in template or "畜牧" in template) else "industry")
    return template.format(city=plan.city, county=recommender), domain


def _achievements(rng: random.Random, domain: str, field_name: str) -> str:
    bank = list(SENTENCES["common"]) + list(SENTENCES[domain]) * 2
    text = ""
    tries = 0
    while len(text) < 150 and tries < 40:
        tries += 1
        sentence = rng.choice(bank).format(
            domain_place=PLACES[domain], years=rng.randint(8, 30), n=rng.randint(2, 9),
            m=rng.randint(10, 60), k=rng.randint(1, 5), h=rng.randint(200, 900), award=rng.choice(AWARDS),
            award2=rng.choice(AWARDS), field=field_name,
        )
        if sentence in text or len(text) + len(sentence) > 300:
            continue
        text += sentence
    return text


def _notice(rng: random.Random, plan: RoundPlan, title: str) -> str:
    region = plan.province in PROVINCE_FULL
    if plan.series.level == "city":
        who = "各县市区委组织部、人力资源和社会保障局，市直有关单位"
    elif region:
        who = "各盟市人力资源和社会保障局，自治区各部、委、办、厅、局人事处，各大企事业单位人事部门"
    else:
        who = "各设区市人力资源和社会保障局，省直各部门人事处，各大企事业单位人事部门"
    parts = [
        f"{who}：",
        f"为深入实施人才强{'市' if plan.series.level == 'city' else '区'}战略，进一步激励广大专业技术人员和高技能人才"
        f"扎根岗位、创新创造，经研究，决定开展{plan.year}年{title}推荐选拔工作。现将有关事项通知如下：",
        "### 一、选拔范围和对象",
        "在本地区企事业单位中从事科研、生产、教育、卫生、农牧业和技能岗位工作，"
        "并在各自岗位上做出突出贡献、取得显著成绩的专业技术人员和高技能人才。"
        "已获得同类或更高层次称号的人员，原则上不再纳入推荐范围。",
        "### 二、推荐条件",
        "热爱祖国，遵纪守法，具有良好的职业道德和敬业精神；一般应具有高级专业技术职务或硕士研究生以上学历，"
        f"年龄在{rng.choice((45, 50, 55))}周岁以下；并具备下列条件之一：",
        "1. 获得省、部级二等以上科技奖励的主要完成者；\n"
        "2. 在重点工程项目、重大科研项目中取得显著成就的主要技术承担者；\n"
        "3. 在技术革新、技术改造、推广应用先进技术等工作中有重大建树者；\n"
        "4. 在教育、卫生、文化等工作中成绩显著，被本行业公认为骨干的人员。",
        "### 三、推荐程序",
        "1. 基层推荐。符合条件的人员向所在单位申报，所在单位审查后，经群众评议、领导班子集体研究确定人选。\n"
        "2. 资格审查。各推荐单位按照分配的名额确定推荐人选，报送市人力资源和社会保障局。\n"
        "3. 评审公示。组织专家评审，提出拟入选名单，经社会公示无异议后，报批并发文公布。",
        "### 四、其他要求",
        f"推荐材料务必于{plan.deadline.year}年{plan.deadline.month}月{plan.deadline.day}日前报送，"
        "逾期不予受理。所有书面材料均使用A4规格纸张，每位人选的材料单独装袋。",
    ]
    if plan.series.reserved:
        parts.append(f"各{'盟市' if region else '设区市'}推荐人数不得超过分配名额，其中预留高技能人才名额，"
                     "如无高技能人才人选，该部分名额不得挪作他用。")
    return "\n\n".join(parts) + "\n"


def _plans(rng: random.Random, big_rng: random.Random, n: int) -> list[RoundPlan]:
    rounds = max(2, n // 100)
    big = min(BIG_ROUND_SIZE, n // 2)
    rest = n - big
    weights = [rng.uniform(0.35, 1.65) for _ in range(rounds - 1)]
    total = sum(weights)
    sizes = [max(5, round(rest * w / total)) for w in weights]
    diff = rest - sum(sizes)
    i = 0
    while diff != 0:  # spread the rounding error one candidate at a time
        step = 1 if diff > 0 else -1
        if sizes[i % len(sizes)] + step >= 5:
            sizes[i % len(sizes)] += step
            diff -= step
        i += 1
    plans = [_plan(big_rng, BIG_ROUND_ID, SERIES[0], CITIES[0], 2026, big, big_round=True)]
    seen = {BIG_ROUND_ID}
    for index, size in enumerate(sizes):
        series = SERIES[index % len(SERIES)]
        city = rng.choice(CITIES)
        year = 2005 + (index * 7 + rng.randint(0, 6)) % 22  # 2005–2026, all years chinesecalendar knows
        rid = f"{year}-{city[1]}-{series.slug}"
        suffix = 2
        while rid in seen:
            rid = f"{year}-{city[1]}-{series.slug}-{suffix}"
            suffix += 1
        seen.add(rid)
        plans.append(_plan(rng, rid, series, city, year, size, big_round=False))
    return plans


def _plan(rng: random.Random, rid: str, series: Series, city: tuple[str, str, str], year: int,
          size: int, *, big_round: bool) -> RoundPlan:
    if big_round:
        published = dt.date(2026, 3, 10)
        deadline = dt.date(2026, 4, 30)
        start = dt.date(2026, 6, 15)
        days = 7
        decided = False
    else:
        published = dt.date(year, rng.randint(1, 6), rng.randint(1, 28))
        deadline = published + dt.timedelta(days=rng.randint(25, 70))
        start = deadline + dt.timedelta(days=rng.randint(30, 90))
        days = rng.choice((5, 5, 7, 7, 10))
        if year == 2026 and start >= dt.date(2026, 5, 1):
            start = dt.date(2026, rng.randint(3, 4), rng.randint(1, 28))
            deadline = start - dt.timedelta(days=20)
            published = deadline - dt.timedelta(days=40)
        decided = start < TODAY - dt.timedelta(days=40)
    plan = RoundPlan(
        id=rid, series=series, city=city[0], city_slug=city[1], province=city[2], year=year,
        size=size, published=published, deadline=deadline, publicity_start=start, working_days=days,
        decided=decided, quotas=big_round or rng.random() < 0.85,
        default_row=(not big_round) and rng.random() < 0.3, form=big_round or rng.random() < 0.5,
        order="stroke" if big_round else rng.choice(("stroke", "stroke", "pinyin", "listed")),
    )
    plan.recommenders = _recommenders(rng, plan)
    return plan


class _LiteralDumper(yaml.CSafeDumper if hasattr(yaml, "CSafeDumper") else yaml.SafeDumper):  # type: ignore[misc]
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_LiteralDumper.add_representer(str, _str)


def _dump(data: dict[str, Any], path: Path, header: str) -> None:
    text = yaml.dump(data, Dumper=_LiteralDumper, allow_unicode=True, sort_keys=False, width=4096)
    path.write_text(header + text, encoding="utf-8")


def _people(rng: random.Random, plan: RoundPlan, *, probes: bool) -> list[dict[str, Any]]:
    people: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    units = [u for u, _ in plan.recommenders]
    extra_units = [f"{plan.city}市{d}" for d in ("档案局", "统计局", "气象局", "地震局", "供销合作社")]
    fill = {"city": plan.city, "province": plan.province}
    planted = list(PROBES) if probes else []
    slots = sorted(rng.sample(range(plan.size), len(planted))) if planted else []
    exemption = plan.series.domain_bias in ("medicine", "research") or plan.id == BIG_ROUND_ID
    for index in range(plan.size):
        probe = planted[slots.index(index)] if index in slots else None
        gender = probe.gender if probe else rng.choice(("男", "男", "女"))
        if plan.default_row and rng.random() < 0.05:
            recommender = rng.choice(extra_units)
        else:
            recommender = rng.choice(units)
        unit, domain = _unit_for(rng, plan, recommender)
        if probe is not None:
            unit = probe.unit.format(**fill)
        if plan.series.domain_bias in ("skills", "agriculture") and rng.random() < 0.4:
            domain = plan.series.domain_bias
        field_name = rng.choice(FIELDS[domain])
        name = probe.name if probe else NAMES.draw(rng, gender)
        while (name, unit) in seen:
            name = NAMES.draw(rng, gender)
        seen.add((name, unit))
        person: dict[str, Any] = {"name": name, "gender": gender}
        if probe is not None and probe.name_zh:
            person["name_zh"] = probe.name_zh
        birth_year = plan.year - rng.randint(30, 56)
        person["born"] = f"{birth_year}-{rng.randint(1, 12):02d}"
        if "·" in name:
            person["ethnicity"] = "维吾尔族"
        elif name in MONGOLIAN:
            person["ethnicity"] = "蒙古族"
        elif name in TIBETAN:
            person["ethnicity"] = "藏族"
        else:
            person["ethnicity"] = _weighted(rng, ETHNICITIES)
        person["education"] = _weighted(rng, EDUCATION)
        person["title"] = rng.choice(TITLES[domain])
        if rng.random() < 0.35:
            person["position"] = rng.choice(POSITIONS)
        person["unit"] = unit
        if plan.quotas:
            person["recommended_by"] = recommender
        if plan.series.reserved and rng.random() < 0.2:
            person["category"] = "高技能人才"
        person["field"] = probe.field if probe and probe.field else field_name
        text = _achievements(rng, domain, field_name)
        if probe and probe.achievements:
            # The probe's sentence first; whole generated sentences after it, within 300.
            text = probe.achievements + text
            while len(text) > 300:
                text = text[: text.rindex("。", 0, len(text) - 1) + 1]
        person["achievements"] = text + "\n"
        if plan.quotas and exemption and rng.random() < 0.02:
            person["quota_exempt"] = rng.choice(EXEMPT_REASONS)
        withdrawn = rng.random() < 0.01 and probe is None
        if withdrawn:
            person["status"] = "撤销"
            when = plan.publicity_start + dt.timedelta(days=rng.randint(1, 4))
            note = rng.choice(WITHDRAW_NOTES).format(date=f"{when.year}年{when.month}月{when.day}日")
            person["status_note"] = note
        elif plan.decided:
            person["status"] = "入选" if rng.random() < 0.88 else "未入选"
        people.append(person)
    return people


def _quota_table(rng: random.Random, plan: RoundPlan, people: list[dict[str, Any]]) -> dict[str, Any]:
    """Seats that the drawn candidates respect, with a little slack as real tables have."""
    counted: Counter[str] = Counter()
    others: Counter[str] = Counter()
    for p in people:
        if p.get("quota_exempt") or p.get("status") == "撤销":
            continue
        counted[p["recommended_by"]] += 1
        if p.get("category") != "高技能人才":
            others[p["recommended_by"]] += 1
    listed = {u for u, _ in plan.recommenders}
    rows = []
    for unit, group in plan.recommenders:
        reserved = 2 if plan.series.reserved and group in ("盟市", "设区市") else 0
        seats = max(counted[unit], others[unit] + reserved) + rng.choice((0, 0, 1, 2))
        row: dict[str, Any] = {"unit": unit, "group": group, "seats": seats}
        if reserved:
            row["reserved"] = {"高技能人才": reserved}
        rows.append(row)
    table: dict[str, Any] = {"target": sum(counted.values())}
    table["allocations"] = rows
    unlisted = [c for u, c in counted.items() if u not in listed]
    if plan.default_row:
        table["default"] = {"group": "其他单位", "seats": max([3, *unlisted])}
    if any(p.get("quota_exempt") for p in people):
        table["exemption"] = ("对在疫情防控方面贡献突出的专家人才，特别是参加援鄂应急医疗队、"
                              "在定点医院及发热门诊表现优秀的医护人员，符合申报条件的，不受指标限制。")
    return table


FORM_NAME = "推荐人选花名册.csv"
FORM_HEADER = "序号,姓名,性别,出生年月,民族,学历,职称,工作单位,推荐单位,专业领域\n"


def _campaign(rng: random.Random, plan: RoundPlan, people: list[dict[str, Any]]) -> dict[str, Any]:
    fill = {"city": plan.city, "province": plan.province}
    series_name = plan.series.name.format(
        city=plan.city, province=PROVINCE_FULL.get(plan.province, plan.province + "省"))
    title = f"关于开展{plan.year}年{series_name}推荐选拔工作的通知"
    if plan.series.level == "city":
        issuers = [i.format(**fill) for i in ISSUERS_CITY]
        doc_number = f"{plan.city[0]}人社文〔{plan.year}〕{rng.randint(3, 120)}号"
        if plan.id == BIG_ROUND_ID:
            doc_number = BIG_ROUND_DOC_NUMBER
        department = f"{plan.city}市人力资源和社会保障局专业技术人员管理科"
        phone = f"0{rng.randint(310, 999)}-{rng.randint(2100000, 8999999)}"
    else:
        full = PROVINCE_FULL.get(plan.province, plan.province + "省")
        issuers = [i.format(province=full) for i in ISSUERS_PROVINCE]
        doc_number = f"{PROVINCE_ABBR[plan.province]}人社发〔{plan.year}〕{rng.randint(3, 120)}号"
        department = f"{full}人力资源和社会保障厅专业技术人员管理处"
        phone = f"0{rng.randint(310, 999)}-{rng.randint(2100000, 8999999)}"
    data: dict[str, Any] = {
        "id": plan.id,
        "title": title,
        "series": series_name,
        "year": plan.year,
        "issuer": issuers,
        "doc_number": doc_number,
        "published": plan.published,
        "summary": f"开展{plan.year}年{series_name}推荐选拔工作，推荐材料于"
                   f"{plan.deadline.month}月{plan.deadline.day}日前报送。",
        "sample": True,
        "notice": _notice(rng, plan, series_name),
        "deadlines": [{"date": plan.deadline, "time": "17:30", "title": "推荐材料报送截止",
                       "note": "逾期不予受理"}],
    }
    if plan.quotas:
        data["quotas"] = _quota_table(rng, plan, people)
    if plan.form:
        data["forms"] = [{"title": f"{plan.year}年{series_name}推荐人选花名册", "file": FORM_NAME,
                          "note": "请同时报送电子版"}]
    data["contact"] = {"department": department, "address": f"{plan.city}市人社大厦{rng.randint(2, 12)}0{rng.randint(1, 9)}房间",
                       "phone": phone}
    data["publicity"] = {
        "start": plan.publicity_start,
        "working_days": plan.working_days,
        "objections": {
            "phone": phone,
            "address": department,
            "rules": "以单位名义反映情况的，须加盖单位公章；以个人名义反映的，须署真实姓名并提供联系方式。"
                     "反映情况要实事求是，对匿名或无具体事实的反映不予受理。\n",
        },
    }
    if plan.decided:
        data["award"] = {
            "date": plan.publicity_start + dt.timedelta(days=rng.randint(30, 60)),
            "doc_number": f"{doc_number.split('〔')[0]}〔{plan.year}〕{rng.randint(121, 240)}号",
            "title": f"关于公布{plan.year}年{series_name}名单的通知",
        }
    return data


def generate(n: int, out: Path, *, seed: int = SEED) -> Path:
    """Write a complete data directory (campaigns/, candidates/) with `n` candidates to `out`."""
    if n < 100:
        raise ValueError("the generator needs at least 100 candidates (one big round + one more)")
    rng = random.Random(f"{seed}-{n}")
    # The big round has its own stream, independent of n: same 500 people at every size.
    big_rng = random.Random(f"{seed}-big")
    if out.exists():
        shutil.rmtree(out)
    (out / "campaigns").mkdir(parents=True)
    (out / "candidates").mkdir()
    plans = _plans(rng, big_rng, n)
    for plan in plans:
        local = big_rng if plan.id == BIG_ROUND_ID else rng
        people = _people(local, plan, probes=plan.id == BIG_ROUND_ID)
        campaign = _campaign(local, plan, people)
        _dump(campaign, out / "campaigns" / f"{plan.id}.yml",
              "# 基准测试合成数据（bench/generate.py 生成），人名和单位均为虚构\n")
        series_name = campaign["series"]
        listing = {
            "campaign": plan.id,
            "title": f"{plan.year}年{series_name}{'名单' if plan.decided else '拟推荐人选名单'}",
            "order": plan.order,
            "candidates": people,
        }
        _dump(listing, out / "candidates" / f"{plan.id}.yml",
              "# 基准测试合成数据（bench/generate.py 生成），人名和单位均为虚构\n")
        if plan.form:
            folder = out / "campaigns" / plan.id
            folder.mkdir()
            (folder / FORM_NAME).write_text("\ufeff" + FORM_HEADER, encoding="utf-8")
    return out


def candidates_by_round(out: Path) -> dict[str, int]:
    """How many candidates each generated round holds (for reports)."""
    counts: dict[str, int] = defaultdict(int)
    for path in sorted((out / "candidates").glob("*.yml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        counts[path.stem] = len(data["candidates"])
    return dict(counts)
