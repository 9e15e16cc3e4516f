"""The anchors of a round's people on its list page, remembered in the disk store: the list
page and the search entries both link to them."""

from __future__ import annotations

import hashlib

from builder.files import diskcache
from builder.model.listcolumns import identity
from builder.model.portal import Round
from builder.model.urls import candidate_anchor

_ANCHORS = diskcache.Codec()
"""A round's anchors: a list of strings."""


def round_anchors(r: Round) -> list[str]:
    """The anchor of each of the round's people on its list page (candidate_anchor), in order.
    An anchor reads its name's likeliest pinyin: for every name of the portal, ≈ 2 s of a
    correction's build step at 50,000 candidates, in the new process a publishing server builds
    in, though the correction changed one round. With the disk store on (builder.files.diskcache),
    a round's anchors are kept, keyed by exactly what they are made from (each person's name,
    pinyin and identity in the list; the store's code digest covers how)."""
    listing = r.candidates
    if not diskcache.enabled():
        return [candidate_anchor(p, listing) for p in r.people]
    made_from = [(p.name, p.pinyin, identity(p, listing)) for p in r.people]
    key = hashlib.sha256(repr(made_from).encode("utf-8", "surrogatepass")).digest()
    stored = diskcache.get("anchors", key, _ANCHORS)
    if (isinstance(stored, list) and len(stored) == len(made_from)
            and all(type(anchor) is str for anchor in stored)):
        return stored
    anchors = [candidate_anchor(p, listing) for p in r.people]
    diskcache.put("anchors", key, anchors, _ANCHORS)
    return anchors
