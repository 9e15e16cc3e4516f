"""The one surname table: which surnames are compound, and how surnames are read in names.

Everything that needs a name's surname asks this module (`split_name`): the 姓氏笔画 order
(builder.text.names.strokes), the pinyin order and anchors (builder.text.names.order, builder.render.pages.common)
and the search index (builder.text.names.readings). So a compound surname is one surname in every
output, and a name sorts under the letter it is found by.

Readings: where a surname's name reading differs from the character's usual reading.

pypinyin reads characters as common words do and has no surname mode: 单田芳 comes out dān,
曾国藩 céng, 解缙 jiě, 仇英 chóu. A person searching for Shan Tianfang types "shan", so the
index must carry the surname reading. This table gives it.

Sources (the readings below are copied from these; tone marks kept as printed there):
- 《现代汉语词典》第7版（商务印书馆，2016）: the entries that mark a reading with 〈名〉姓, e.g.
  单 Shàn, 曾 Zēng, 解 Xiè, 仇 Qiú, 区 Ōu, 朴 Piáo, 查 Zhā, 覃 Qín and 覃 Tán, 翟 Zhái,
  缪 Miào, 盖 Gě, 乐 Lè and 乐 Yuè, and the compound-surname entries 尉迟 Yùchí, 万俟 Mòqí,
  长孙 Zhǎngsūn, 令狐 Línghú, 澹台 Tántái, 单于 Chányú.
- 《新华字典》第12版（商务印书馆，2020）: the "姓" notes under polyphonic characters, which
  also give 盖 Gài as a surname reading besides Gě, and 谌 Chén/Shèn, 隗 Wěi/Kuí, 郇 Huán/Xún,
  莘 Shēn/Xīn, 贲 Bēn, 召 Shào, 员 Yùn, 繁 Pó, 种 Chóng, 秘 Bì, 句 Gōu, 佴 Nài, 祭 Zhài.
- 《百家姓》 for the inventory of compound surnames (复姓); their readings are the dictionary
  entries above where the dictionaries have them, otherwise the conventional readings used in
  annotated editions of 《百家姓》 (e.g. 子车 Zǐjū, 仉督 Zhǎngdū, 夹谷 Jiágǔ).
- pinyin-pro 3.29.4 (npm, MIT licence; `dist/esm/data/surname.mjs`, its table `Surnames` of
  492 surnames of 《百家姓》 with their readings, which its `surname` mode reads names by).
  Every entry there whose reading differs from pypinyin 0.55's default reading of the character
  is in this table (compared 2026-12-01: 25 single surnames and 3 compounds; 能 Nài, 乜 Niè,
  六 Lù, 句龙 Gōulóng, 毌丘 Guànqiū and 榖梁 Gǔliáng were added from it, the rest were here
  already). tests/test_names_surnames.py pins a handful of them.
- GB/T 28039-2011《中国人名汉语拼音字母拼写规则》§5.1.1: surname and given name are
  written separately and a compound surname is written as one word (Ōuyáng Wén, Sīmǎ Xiàngnán),
  which is why a compound surname must be recognised before the given name is read; §3.3
  defines 双姓 (two surnames side by side), which is read as two single surnames.

Two real readings (乐 Yuè/Lè, 覃 Qín/Tán, 盖 Gě/Gài, 谌 Chén/Shèn …) are different families
that write the same character; nothing in a list of names says which one a person belongs to,
so both are indexed. The first reading listed is the one shown first and used for initials
ordering; a candidate's `pinyin:` override in the data settles it for that person.
"""

from __future__ import annotations

from builder.text.names.text import normalize, runs

# Single-character surnames whose name reading is not (only) pypinyin's default reading.
SINGLE_SURNAMES: dict[str, tuple[str, ...]] = {
    # The readings called out in the portal's design and issue; 现汉7 / 新华12 "姓" entries.
    "单": ("Shàn",),
    "曾": ("Zēng",),
    "解": ("Xiè",),
    "仇": ("Qiú",),
    "区": ("Ōu",),
    "朴": ("Piáo",),
    "查": ("Zhā",),
    "覃": ("Qín", "Tán"),
    "翟": ("Zhái",),
    "缪": ("Miào",),
    "盖": ("Gě", "Gài"),
    "乐": ("Yuè", "Lè"),
    # Further polyphonic surnames with a dictionary "姓" reading (现汉7 / 新华12).
    "尉": ("Wèi",),
    "华": ("Huà",),
    "任": ("Rén",),
    "种": ("Chóng",),
    "秘": ("Bì",),
    "召": ("Shào",),
    "员": ("Yùn",),
    "繁": ("Pó",),
    "宿": ("Sù",),
    "过": ("Guō",),
    "那": ("Nā",),
    "谌": ("Chén", "Shèn"),
    "折": ("Shé",),
    "隗": ("Wěi", "Kuí"),
    "郇": ("Huán", "Xún"),
    "莘": ("Shēn", "Xīn"),
    "贲": ("Bēn",),
    "句": ("Gōu",),
    "佴": ("Nài",),
    "祭": ("Zhài",),
    "燕": ("Yān",),
    "纪": ("Jǐ",),
    "哈": ("Hǎ",),
    "柏": ("Bǎi",),
    "薄": ("Bó",),
    "蔚": ("Yù", "Wèi"),
    "厍": ("Shè",),
    "长": ("Cháng",),
    "重": ("Chóng",),
    "朝": ("Cháo",),
    "行": ("Xíng", "Háng"),
    "石": ("Shí",),
    "都": ("Dū",),
    "冯": ("Féng",),
    "便": ("Pián",),
    "阚": ("Kàn",),
    "沈": ("Shěn",),
    "车": ("Chē",),
    "万": ("Wàn",),
    "殷": ("Yīn",),
    "鲜": ("Xiān",),
    "强": ("Qiáng",),
    "叶": ("Yè",),
    "宁": ("Nìng",),
    "曲": ("Qū",),
    "卜": ("Bǔ",),
    "陆": ("Lù",),
    "和": ("Hé",),
    "相": ("Xiàng",),
    "应": ("Yīng",),
    "占": ("Zhān",),
    "干": ("Gān",),
    "红": ("Hóng",),
    "家": ("Jiā",),
    # From pinyin-pro's surname table (see the module docstring).
    "能": ("Nài",),
    "乜": ("Niè",),
    "六": ("Lù",),
}

# Compound surnames (复姓), with their name readings. Until this module existed the stroke order
# and the search each kept a table, and the two differed on 13 entries; this is their union:
# - 东门 仉督 公良 南门 司寇 夹谷 子车 宗政 归海 段干 闾丘 鲜于 were only in the search table.
#   All twelve are 复姓 of 《百家姓》; the stroke order had left them out, so it sorted, e.g.,
#   闾丘露薇 under 闾 with given name 丘露薇. A compound surname is one surname for sorting too
#   (GB/T 28039-2011 §5.1.1 writes it as one word), so they are compound everywhere now.
# - 独孤 was only in the stroke table. It is not in 《百家姓》 but is a well-attested 复姓
#   (独孤信, 独孤皇后; 现汉7 / 新华12 give no other reading of 独 than dú), and 独 is no single
#   surname anyone confuses it with, so the search gains it with its plain reading Dúgū.
COMPOUND_SURNAMES: dict[str, tuple[str, ...]] = {
    "万俟": ("Mòqí",),
    "司马": ("Sīmǎ",),
    "上官": ("Shàngguān",),
    "欧阳": ("Ōuyáng",),
    "夏侯": ("Xiàhóu",),
    "诸葛": ("Zhūgě",),
    "闻人": ("Wénrén",),
    "东方": ("Dōngfāng",),
    "赫连": ("Hèlián",),
    "皇甫": ("Huángfǔ",),
    "尉迟": ("Yùchí",),
    "公羊": ("Gōngyáng",),
    "澹台": ("Tántái",),
    "公冶": ("Gōngyě",),
    "宗政": ("Zōngzhèng",),
    "濮阳": ("Púyáng",),
    "淳于": ("Chúnyú",),
    "单于": ("Chányú",),
    "太叔": ("Tàishū",),
    "申屠": ("Shēntú",),
    "公孙": ("Gōngsūn",),
    "仲孙": ("Zhòngsūn",),
    "轩辕": ("Xuānyuán",),
    "令狐": ("Línghú",),
    "钟离": ("Zhōnglí",),
    "宇文": ("Yǔwén",),
    "长孙": ("Zhǎngsūn",),
    "慕容": ("Mùróng",),
    "鲜于": ("Xiānyú",),
    "闾丘": ("Lǘqiū",),
    "司徒": ("Sītú",),
    "司空": ("Sīkōng",),
    "亓官": ("Qíguān",),
    "司寇": ("Sīkòu",),
    "仉督": ("Zhǎngdū",),
    "子车": ("Zǐjū",),
    "颛孙": ("Zhuānsūn",),
    "端木": ("Duānmù",),
    "巫马": ("Wūmǎ",),
    "公西": ("Gōngxī",),
    "漆雕": ("Qīdiāo",),
    "乐正": ("Yuèzhèng",),
    "壤驷": ("Rǎngsì",),
    "公良": ("Gōngliáng",),
    "拓跋": ("Tuòbá",),
    "夹谷": ("Jiágǔ",),
    "宰父": ("Zǎifǔ",),
    "谷梁": ("Gǔliáng",),
    "段干": ("Duàngān",),
    "百里": ("Bǎilǐ",),
    "东郭": ("Dōngguō",),
    "南门": ("Nánmén",),
    "呼延": ("Hūyán",),
    "归海": ("Guīhǎi",),
    "羊舌": ("Yángshé",),
    "微生": ("Wēishēng",),
    "梁丘": ("Liángqiū",),
    "左丘": ("Zuǒqiū",),
    "东门": ("Dōngmén",),
    "西门": ("Xīmén",),
    "南宫": ("Nángōng",),
    "第五": ("Dìwǔ",),
    "独孤": ("Dúgū",),
    # From pinyin-pro's surname table (see the module docstring); 榖梁 is the traditional
    # spelling of 谷梁 that it lists.
    "句龙": ("Gōulóng",),
    "毌丘": ("Guànqiū",),
    "榖梁": ("Gǔliáng",),
}

# Compounds whose first character is also a common single surname, so a name starting with
# them is as often single surname + given name (单于伟 is usually Shàn Yúwěi). Both splits are
# indexed; the compound one first.
AMBIGUOUS_COMPOUNDS: frozenset[str] = frozenset({"单于", "东方", "百里", "第五", "南宫", "司空"})


def _plain(reading: str) -> str:
    """Lowercase, toneless, ü as v: the index spelling of a dictionary reading."""
    return normalize(reading)


def surname_readings(surname: str) -> tuple[str, ...] | None:
    """The index spellings of a surname's name readings, or None if the table has no entry."""
    table = COMPOUND_SURNAMES if len(surname) > 1 else SINGLE_SURNAMES
    readings = table.get(surname)
    if readings is None:
        return None
    return tuple(dict.fromkeys(_plain(r) for r in readings))


def split_name(name: str) -> list[tuple[str, str]]:
    """Possible (surname, given name) splits of a name, the likeliest first.

    A compound surname is recognised first, and only when a given name follows it: a name of two
    characters is always single + single (欧阳 is 欧 + 阳). An ambiguous compound (单于伟) gives
    the single-surname split too. A name written in several parts (阿依古丽·买买提, a
    transliterated minority name) has no Han surname: its only split is ("", name).
    """
    name = name.strip()
    if len([run for kind, run in runs(normalize(name)) if kind == "han"]) > 1:
        return [("", name)]
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        splits = [(name[:2], name[2:])]
        if name[:2] in AMBIGUOUS_COMPOUNDS:
            splits.append((name[:1], name[1:]))
        return splits
    return [(name[:1], name[1:])]
