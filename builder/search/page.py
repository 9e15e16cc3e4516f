"""The 名单检索 page (/search/): the search form with the filters' choices, rendered from the
published portal."""

from __future__ import annotations

from builder.names.readings import text_initials
from builder.pages.common import ENV
from builder.portal import Portal
from builder.search import index as search_index
from builder.search.corpus import round_label


def render_search_page(portal: Portal, listed: frozenset[str]) -> str:
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
