"""The search corpus of a published portal: one entry per name a visitor may type, per round and
per form, plus the readable text of every page (`page_text`, fed by the engine's adapter).

Pure: the portal (as builder.render.publish leaves it) in, a SearchCorpus out; no engine, no files.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import re
from html.parser import HTMLParser

from builder.files import collector, diskcache
from builder.files.cache import Lru
from builder.model import listcolumns
from builder.model.contract import Candidate, CandidateList
from builder.model.portal import Portal, Round
from builder.model.urls import campaign_url, candidate_anchor, file_path, gongshi_url
from builder.render.pages.anchors import round_anchors
from builder.render.pages.document import basis, own_doc_number
from builder.render.search import index as search_index


class _TextOf(HTMLParser):
    """The readable text of a page body (what a visitor can search for).

    Left out besides scripts and styles: the words that depend on the day, which the browser
    rewrites from the visitor's clock (a status, its detail, a countdown, a step's state, the
    build date; gongshi-time.js). They say nothing about the page's content, and kept in they
    would make every day's search files new although no data changed."""

    SKIP = frozenset({"script", "style", "template", "svg", "noscript"})
    OF_THE_DAY = frozenset({"data-gs-label", "data-gs-detail", "data-gs-countdown",
                            "data-gs-step-state", "data-gs-now"})
    OF_THE_DAY_CLASS = "gs-built"
    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                      "source", "track", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.open: list[tuple[str, bool]] = []
        """The elements open around the text, and whether each is left out."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append(" ")
        if tag in self.VOID:
            return
        skip = tag in self.SKIP or any(
            name in self.OF_THE_DAY or (name == "class" and self.OF_THE_DAY_CLASS in (value or "").split())
            for name, value in attrs
        )
        self.open.append((tag, skip))
        self.skipping += skip

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(" ")
        # Close up to the matching element (an end tag the parser did not see opened is ignored).
        for at in range(len(self.open) - 1, -1, -1):
            if self.open[at][0] == tag:
                self.skipping -= sum(skip for _, skip in self.open[at:])
                del self.open[at:]
                break

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


# Keyed by the HTML's digest, so the cache holds texts, not pages. Bounded by pages: a site has
# a couple per round (~220 at 10,000 candidates) and the bound is far above that; what it
# evicts is a serve session's earlier versions of edited pages. Texts average ~1.3 KB, so even
# a full cache stays in the tens of MB.
page_texts: Lru[str] = Lru(4096)


def page_text(html: str) -> str:
    """The page's readable text; HTMLParser is run once per distinct page body (on a publishing
    server, once over its builds: builder.files.diskcache)."""
    key = hashlib.sha256(html.encode("utf-8", "surrogatepass")).hexdigest()
    return page_texts.get(key, lambda: _stored_text(key, html))


_TEXT = diskcache.Codec()


def _stored_text(key: str, html: str) -> str:
    # A server's build step is a new process each time: every page's HTML was parsed again
    # (3 s of a correction at 50,000 candidates), though only the corrected round's changed.
    return diskcache.remembered("page-text", key.encode(), _TEXT, str, lambda: _page_text(html))


def _page_text(html: str) -> str:
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def round_label(r: Round) -> str:
    series = r.campaign.series_name
    year = str(r.campaign.year)
    return series if year in series else f"{year}年{series}"


def round_entries(r: Round, n: int) -> list[search_index.CandidateEntry]:
    """The search entries of the round's people (`n`: the round's number in the corpus)."""
    return _round_entries(r, n)[0]


def _round_entries(r: Round, n: int) -> tuple[list[search_index.CandidateEntry], bytes | None]:
    """round_entries, and the digest of their stored text (_entries_data), which says what they
    are (KnownCandidates), or None (no store, or not storable). With the disk store on
    (builder.files.diskcache), kept there by the digest of the round's list, which is all they
    are made from (each person, the list's columns, the anchors they read), so that a server's
    correction builds only the changed rounds' (≈ 1 s at 200,000 candidates, py-spy)."""
    listing = r.candidates
    if not diskcache.enabled():
        return _made_entries(r, n), None
    if listing is None:
        made = _made_entries(r, n)
        data = _entries_data(made)
        return made, None if data is None else hashlib.sha256(data).digest()
    key = diskcache.model_digest(listing)
    data = diskcache.get_raw("round-entries", key)
    stored = _entries_read(data, n) if data is not None else None
    if stored is not None and data is not None:
        return stored, hashlib.sha256(data).digest()
    made = _made_entries(r, n)
    data = _entries_data(made)
    if data is None:
        return made, None
    diskcache.put_raw("round-entries", key, data)
    return made, hashlib.sha256(data).digest()


def _made_entries(r: Round, n: int) -> list[search_index.CandidateEntry]:
    return [entry for person, anchor in zip(r.people, round_anchors(r), strict=True)
            for entry in entries_of(person, n, r.candidates, anchor=anchor)]


_ROW = tuple(f.name for f in dataclasses.fields(search_index.CandidateEntry))[1:]
"""An entry's fields as stored, in order: all but its round's number."""
_STR: tuple[type, ...] = (str,)
_MAYBE: tuple[type, ...] = (str, type(None))
_ROW_TYPES: dict[str, tuple[type, ...]] = {
    "name": _STR, "unit": _STR, "recommended_by": _MAYBE, "gender": _MAYBE, "status": _STR,
    "anchor": _STR, "pinyin": _MAYBE, "text": _STR, "codes": (list,), "alias": _MAYBE,
}
"""The type of each stored field (a missing or added field fails at import: see _KINDS)."""
_KINDS = tuple(_ROW_TYPES[name] for name in _ROW)
_CODES = _ROW.index("codes")


def _entries_data(entries: list[search_index.CandidateEntry]) -> bytes | None:
    """A round's entries as plain JSON: one list of field values an entry (a tagged object an
    entry, as `diskcache.Codec` writes them, would cost more to read than making them)."""
    rows = [[getattr(e, name) for name in _ROW] for e in entries]
    try:
        return json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: not stored
        return None


def _entries_read(data: bytes, n: int) -> list[search_index.CandidateEntry] | None:
    """The entries `_entries_data` stored, numbered `n`; None for anything of another shape.

    Checked a field at a time, by the set of its values' types (in C), not value by value: at
    200,000 candidates the check of each value was ~0.35 s of a correction's 0.7 s of reading
    the unchanged rounds' entries (py-spy)."""
    try:
        rows = json.loads(data)
    except ValueError:
        return None
    if type(rows) is not list or not set(map(type, rows)) <= {list} or not set(map(len, rows)) <= {len(_ROW)}:
        return None
    if not rows:
        return []
    columns = list(zip(*rows, strict=True))
    for values, kinds in zip(columns, _KINDS, strict=True):
        if not set(map(type, values)) <= set(kinds):
            return None
    codes = columns[_CODES]
    if not set(map(type, itertools.chain.from_iterable(codes))) <= {str}:
        return None
    columns[_CODES] = tuple(map(tuple, codes))
    return list(map(search_index.CandidateEntry, itertools.repeat(n), *columns))


def entries_of(
    person: Candidate, round_no: int, listing: CandidateList | None = None, *, anchor: str | None = None
) -> list[search_index.CandidateEntry]:
    """The search entries of one list entry: itself, and the other names it is found by.

    A collective is found by its leader's name too, and a foreign expert by the Chinese
    transliteration: each such name is an entry of its own that leads to the same row (its
    anchor), shown with what it stands for (the collective's name in place of a unit); a
    foreign expert's hit shows both forms of the name (`alias`), whichever was found.
    """
    if anchor is None:
        anchor = candidate_anchor(person, listing)
    own = search_index.CandidateEntry(
        round=round_no,
        name=person.name,
        unit=person.unit or "",
        recommended_by=person.recommended_by,
        gender=person.gender,
        status=person.status,
        anchor=anchor,
        pinyin=person.pinyin,
        text=free_text(person, listing),
        codes=listcolumns.codes(person, listing),
    )
    out = [own]
    if person.is_collective and person.leader and person.leader != person.name:
        out.append(dataclasses.replace(
            own, name=person.leader, unit=person.name, recommended_by=person.unit or None, gender=None,
            pinyin=None,
        ))
    if person.name_zh and person.name_zh != person.name:
        out[0] = own = dataclasses.replace(own, alias=person.name_zh)
        out.append(dataclasses.replace(own, name=person.name_zh, pinyin=None, alias=person.name))
    return out


def free_text(person: Candidate, listing: CandidateList | None = None) -> str:
    """What a candidate is found by besides names and units (field x, ranked below both): the
    list's free-text columns, 专业领域 and 主要业绩 first, then the list's own 文本 columns
    (招聘单位, 毕业院校, 评审资格 …). Its 编号 columns are `codes`, looked up exactly."""
    parts = [person.field, person.achievements, person.title, person.position, person.category,
             *person.other_positions, *person.honours, *listcolumns.texts(person, listing)]
    return "\n".join(p for p in parts if p)


def doc_numbers(r: Round) -> str:
    """The 文号 the round's list page is found by, as the page states them: its own (a 公示's,
    or the notice's when the notice is the page itself), its decision's once decided, and the
    notice it rests on, cited as its basis (依据), never as its own."""
    award = r.campaign.award
    cited = basis(r)
    return " ".join(n for n in (
        own_doc_number(r), award.doc_number if award else None,
        f"依据 {cited.doc_number}" if cited and cited.doc_number else None,
    ) if n)


def build_corpus(
    portal: Portal, listed: frozenset[str], current: frozenset[str]
) -> tuple[search_index.SearchCorpus, dict[str, int]]:
    """The search corpus of the rounds `portal` has; `listed` are the rounds whose list is on the
    site, `current` those the public may still act on (timeline.is_current on the build day)."""
    # An entry a name, all kept: no collection can find anything meanwhile (builder.files.collector).
    with collector.paused():
        return _build_corpus(portal, listed, current)


def _build_corpus(
    portal: Portal, listed: frozenset[str], current: frozenset[str]
) -> tuple[search_index.SearchCorpus, dict[str, int]]:
    corpus = search_index.SearchCorpus()
    round_no: dict[str, int] = {}
    # Each listed round's number and the digest of its entries' stored text: what the
    # candidates are, known without digesting them again (index.candidates_key).
    digests: list[tuple[int, bytes]] | None = [] if diskcache.enabled() else None
    for r in portal.rounds:
        n = len(corpus.rounds)
        round_no[r.id] = n
        shown = r.id in listed
        corpus.rounds.append(
            search_index.RoundEntry(
                id=r.id,
                title=r.campaign.title,
                year=r.campaign.year,
                list_url=gongshi_url(r.id) if shown else None,
                notice_url=campaign_url(r.id),
                label=round_label(r),
                doc_numbers=doc_numbers(r),
                notice_bears=r.campaign.doc_number or "",
                list_bears=" ".join(n for n in (
                    own_doc_number(r), r.campaign.award.doc_number if r.campaign.award else None,
                ) if n),
                current=r.id in current,
            )
        )
        # A list committed ahead of its publicity period is not on the site yet (the portal
        # generates no list page), so its names must not be in the index either.
        if shown:
            entries, digest = _round_entries(r, n)
            corpus.candidates.extend(entries)
            if digest is None:
                digests = None
            elif digests is not None:
                digests.append((n, digest))
        for form in r.forms:
            corpus.forms.append(
                search_index.FormEntry(
                    url=file_path(r.id, form),
                    title=form.title,
                    round=n,
                    format=form.format,
                    note=form.note,
                )
            )
    if digests is not None:
        corpus.known = search_index.KnownCandidates(tuple(corpus.candidates), _known_digest(digests))
    return corpus, round_no


def _known_digest(digests: list[tuple[int, bytes]]) -> str:
    """The candidates of the listed rounds numbered so, whose entries' stored text
    (_entries_data: every field but the round's number, which is `n`) has these digests."""
    body = repr(("round-entries", _ROW, digests))
    return hashlib.sha256(body.encode()).hexdigest()


def page_entry(
    corpus: search_index.SearchCorpus, url: str, title: str, html: str, kind: str,
    round_no: int | None,
) -> search_index.PageEntry:
    """A built page as the search knows it, whichever engine built it. A list page's body is its
    candidates, which are indexed one by one; its title and its round's 文号 are enough.

    The 文号 a page bears (field w) rank it first for a 文号 query: a notice bears its own; a
    list page bears its own (a 公示's) and its decision's, and only cites the notice's as its
    basis (依据)."""
    r = corpus.rounds[round_no] if round_no is not None else None
    bears = ""
    if r is not None and kind == "notice":
        bears = r.notice_bears
    elif r is not None and kind == "list":
        bears = r.list_bears
    return search_index.PageEntry(
        url=url, title=title, text=(r.doc_numbers if r else "") if kind == "list" else page_text(html),
        kind=kind, round=round_no, bears=bears,
    )
