"""What the public may see on a date: the publishing policy, applied once to the whole portal.

Every output is made from `published_portal(portal, today)`, so no later stage (pages, search
index, calendar, feed) can show a notice before its date or a list before its publicity period.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from builder.model.portal import Portal, Round


def published_portal(portal: Portal, today: dt.date) -> Portal:
    """The portal as the public may see it on `today`.

    A notice committed ahead of its `published` date is left out everywhere (pages, calendar,
    feed, search) until that date, and a candidate list ahead of its publicity period is
    dropped from its round, so no later stage (search index included) can leak it.
    """
    rounds = tuple(
        _not_selected_withheld(r) if list_published(r, today)
        else dataclasses.replace(r, candidates=None)
        for r in portal.rounds
        if r.campaign.published is None or r.campaign.published <= today
    )
    return dataclasses.replace(portal, rounds=rounds)


def _not_selected_withheld(r: Round) -> Round:
    """The round without its 未入选 entries, unless the list opts in to publishing them.

    A 公示 shows who is proposed and the archive who was awarded; naming those not selected,
    permanently and searchably, is unusual in Chinese practice and can harm them. Dropping them
    here keeps them off every page, the search index and the feed alike; the list page says how
    many were left out, so nothing vanishes silently.
    """
    listing = r.candidates
    if listing is None or listing.show_not_selected:
        return r
    kept = tuple(p for p in listing.candidates if p.status != "未入选")
    if len(kept) == len(listing.candidates):
        return r
    return dataclasses.replace(
        r,
        candidates=listing.model_copy(update={"candidates": kept}),
        withheld=len(listing.candidates) - len(kept),
    )


def list_published(r: Round, today: dt.date) -> bool:
    """Whether the round's candidate list may be shown on `today`.

    A list committed ahead of its publicity period stays off the site (names, counts and links)
    until the period starts: the site is rebuilt daily, and publishing early would leak it.
    """
    if not r.people:
        return False
    start = r.publicity_start
    return start is None or today >= start
