"""A round's pages in the disk store (builder.render.pages): the key is a digest of exactly what
the renderers read, and an entry of any other shape is a miss."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from markupsafe import Markup

from builder.model.contract import Candidate, CandidateList
from builder.model.urls import Column
from builder.render.pages import _entry_of, _pages_of, stable_digest
from builder.render.pages.common import PageSource, PageTags

PAGES = [
    PageSource("campaigns/a/", "通知", Markup('<p class="x">正文 “引号” \\n</p>'), round="a",
               crumbs=(("评选", "campaigns/"),), kind="notice",
               tags=PageTags(Column("通知公告", "公告"), article="通知", published=dt.date(2026, 5, 1))),
    PageSource("campaigns/a/gongshi/", "名单", Markup(""), round="a", kind="list"),
    PageSource("campaigns/a/x/", "第三", Markup("<p>\n\n😀</p>")),
]


def test_pages_come_back_equal() -> None:
    data = _entry_of(PAGES)
    assert data is not None
    again = _pages_of(data)
    assert again == PAGES
    assert again is not None and all(type(p.html) is Markup for p in again)


def _wrong(data: bytes) -> list[bytes]:
    head, _, rest = data.partition(b"\n")
    return [
        b"",
        head,  # no pages' HTML at all
        data[:-1],  # truncated
        data + b"x",  # one byte too many
        head + b"\n" + rest[:3] + b"\xff" + rest[4:],  # not UTF-8
        head.replace(b'"\\u0000h":""', b'"\\u0000h":"<p>"', 1) + b"\n" + rest,  # HTML in the head
        b'[1,2]\n' + rest,
        b'{"\\u0000t":[[],[]]}\n',  # no pages: fine as a shape, but of another round
        b"\x00\n" + rest,
    ]


def test_an_entry_of_another_shape_is_a_miss() -> None:
    data = _entry_of(PAGES)
    assert data is not None
    for i, bad in enumerate(_wrong(data)[:-2]):
        assert _pages_of(bad) is None, i
    assert _pages_of(_wrong(data)[-2]) == []
    assert _pages_of(_wrong(data)[-1]) is None


def test_a_page_with_a_lone_surrogate_is_not_stored() -> None:
    assert _entry_of([dataclasses.replace(PAGES[0], html=Markup("\ud800"))]) is None


def _listing(**change: object) -> CandidateList:
    person = {"name": "张三", "unit": "某单位", **change}
    return CandidateList.model_validate({"campaign": "a-b", "candidates": [person]})


@pytest.mark.parametrize("change", [
    {"name": "张四"}, {"unit": "某单位二"}, {"born": "1980-05"}, {"status": "入选"},
    {"extra": {"准考证号": "001"}}, {"pinyin": "Zhang San"},
])
def test_the_key_changes_with_any_field_of_a_model(change: dict[str, object]) -> None:
    base = stable_digest((_listing(), dt.date(2026, 5, 1)))
    assert stable_digest((_listing(), dt.date(2026, 5, 1))) == base
    assert stable_digest((_listing(**change), dt.date(2026, 5, 1))) != base
    assert stable_digest((_listing(), dt.date(2026, 5, 2))) != base


def test_the_key_tells_a_model_from_its_copies_only_by_value() -> None:
    listing = _listing()
    person = listing.candidates[0]
    copied = listing.model_copy(update={"candidates": (person.model_copy(update={"born": None}),)})
    assert stable_digest(copied) == stable_digest(listing)
    retired = listing.model_copy(update={"candidates": (person.model_copy(update={"unit": None}),)})
    assert stable_digest(retired) != stable_digest(listing)
    # A value pydantic cannot write as JSON is keyed all the same, and apart.
    odd = Candidate.model_validate({"name": "张\ud800三"})
    assert stable_digest(odd) != stable_digest(Candidate.model_validate({"name": "张三"}))


def test_plain_items_of_a_tuple_keep_their_type_in_the_key() -> None:
    assert stable_digest((("a", True),)) != stable_digest((("a", 1),))
    assert stable_digest(((1, 2),)) == stable_digest([[1, 2]])  # as before: both sequences
    assert stable_digest((Markup("a"),)) != stable_digest(("a",))
