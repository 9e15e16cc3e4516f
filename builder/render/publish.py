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
    feed, search) until that date, a candidate list ahead of its publicity period is dropped
    from its round, and a result ahead of its decision day is not there at all (`undecided`),
    so no later stage (search index included) can leak them.
    """
    rounds = []
    for r in portal.rounds:
        if r.campaign.published is not None and r.campaign.published > today:
            continue
        if not decided(r, today):
            r = undecided(r)
        if list_published(r, today):
            rounds.append(_not_selected_withheld(r))
        else:
            rounds.append(dataclasses.replace(r, candidates=None))
    return dataclasses.replace(portal, rounds=tuple(rounds))


def decision_day(r: Round) -> dt.date | None:
    """The day the round's result takes effect: its decision's date (`award.date`), or for a
    list the notice itself publishes as the final result (`announced`: a 命名, an announced
    list), the notice's publication date. None while no decision is recorded."""
    c = r.campaign
    if c.award is not None:
        return c.award.date
    if c.announced:
        return c.published
    return None


def decided(r: Round, today: dt.date) -> bool:
    day = decision_day(r)
    return day is not None and today >= day


def undecided(r: Round) -> Round:
    """The round as the public may see it before its decision day: no decision (its date,
    title and 文号 committed ahead stay off the site) and everyone on the list as on the 公示
    (拟入选), 入选 and 未入选 alike; a 撤销 stands, it is published when it happens.

    HR staff may commit the result ahead of the decision; nothing built from this round (page,
    print, search files, feed, calendar, the browser's own date recomputation) can then show
    it, and the daily rebuild publishes it on its day.
    """
    c = r.campaign
    listing = r.candidates
    if listing is not None and any(p.status in ("入选", "未入选") for p in listing.candidates):
        listing = listing.model_copy(update={"candidates": tuple(
            p.model_copy(update={"status": "拟入选"}) if p.status in ("入选", "未入选") else p
            for p in listing.candidates
        )})
    if c.award is not None:
        c = c.model_copy(update={"award": None})
    if c is r.campaign and listing is r.candidates:
        return r
    return dataclasses.replace(r, campaign=c, candidates=listing)


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
