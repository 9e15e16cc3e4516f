"""The 名单检索 page (/search/): the search form with the filters' choices, rendered from the
published portal, and where the search's own files live on the site."""

from __future__ import annotations

from markupsafe import Markup

from builder.files import collector
from builder.model.portal import Portal
from builder.render.pages.common import ENV, PageSource
from builder.render.search import index as search_index
from builder.render.search.corpus import round_label
from builder.text.names.readings import text_initials

SEARCH_URL = "search/"
SEARCH_TITLE = "名单检索"
SEARCH_ASSET_DIR = "assets/search/"
"""The search's scripts and style sheet in the theme (theme_overrides/assets/search/)."""
SCRIPTS = tuple(f"{SEARCH_ASSET_DIR}gongshi-search-{part}.js" for part in ("rules", "index", "ui"))
"""The browser half of the search, in load order: the text and query rules, the index and its
engine, the box and the 名单检索 page (one namespace, window.GongshiSearch; each file reads what
the earlier ones defined); each page loads their content-named copies."""
STYLE = f"{SEARCH_ASSET_DIR}gongshi-search.css"


def render_search_page(portal: Portal, listed: frozenset[str]) -> str:
    """The page's body. Without the cyclic collector, as the feed (builder.render.feed): its
    thousands of options are small strings made while the whole portal is alive (~0.5 s of
    full collections at 200,000 candidates, py-spy)."""
    with collector.paused():
        return _render_search_page(portal, listed)


def _render_search_page(portal: Portal, listed: frozenset[str]) -> str:
    rounds = [r for r in portal.rounds if r.id in listed]
    years = sorted({r.campaign.year for r in portal.rounds}, reverse=True)
    # Units that recommended someone on a published list: the filter's choices.
    recommenders = sorted(
        {p.recommended_by for r in rounds for p in r.people if p.recommended_by},
        key=lambda u: (text_initials(u), u),
    )
    return ENV.get_template("search/page.html").render(
        rounds=[(r.id, round_label(r)) for r in portal.rounds],
        years=years,
        recommenders=recommenders,
        statuses=search_index.STATUSES,
    )


def search_page(portal: Portal, listed: frozenset[str]) -> PageSource:
    """The /search/ page as a generated page like any other."""
    return PageSource(SEARCH_URL, SEARCH_TITLE, Markup(render_search_page(portal, listed)))
