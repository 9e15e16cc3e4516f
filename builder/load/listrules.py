"""The rules of a valid candidate list (builder.load.rules.candidates and .columns), remembered
in the disk store by exactly what they read.

A publishing server builds each push in a new process, and at 200,000 candidates these rules
were ≈ 4 s of a one-line correction's load, though the correction changed one campaign file.
What they report depends only on the list file (its bytes, its path, the model it was
validated as: the parsed file's `source`), its stem, whether the campaign it names exists, the
folder messages name, and its round's campaign (quota table, decision, 公示); the key is those
and nothing else, so any change of one of them is a miss, never a stale hit. The code that
makes the problems is covered by the store's code digest.

Only a list that validated, with a campaign that validated or none, is remembered: a salvaged
stand-in (a file with errors) is checked every time, as the build stops anyway.
"""

from __future__ import annotations

import hashlib

from builder.files import diskcache
from builder.load.parsecache import ParsedFile, are_problems
from builder.load.rules import columns as column_rules
from builder.load.rules.candidates import CandidateFile, check_candidates, check_round_warnings
from builder.model.contract import Campaign, CandidateList
from builder.text.problems import Problem, Problems, Severity

NAMESPACE = "list-rules"
STORED = diskcache.Codec(Problem, Severity)
"""A list's problems: a list of `Problem`s, in the order the rules reported them."""


def key(parsed: ParsedFile[CandidateList], file: CandidateFile, campaign: Campaign | None) -> bytes:
    """Everything the rules read besides the list file's own content: see the module."""
    made_from = (
        parsed.source, file.stem, file.campaigns_dir,
        file.campaign_ref is not None and file.campaign_ref in file.campaign_ids,
        file.campaign_ref,
        # The campaign's digest: on a publishing server derived from its file (as the list's
        # `source`), not from its JSON (≈ 0.15 s for 1,000 campaigns at 200,000 candidates).
        None if campaign is None else diskcache.model_digest(campaign),
    )
    return hashlib.blake2b(repr(made_from).encode("utf-8", "surrogatepass"), digest_size=20).digest()


def checked(
    parsed: ParsedFile[CandidateList], people: CandidateList, file: CandidateFile,
    campaign: Campaign | None,
) -> list[Problem]:
    """The problems of `file` (the list `people`, parsed as `parsed`) with its round's
    `campaign` (None: the list names no campaign there is), as check_candidates, the columns'
    warnings and the round's warnings report them."""
    memo = bool(parsed.source) and diskcache.enabled()
    made_from = key(parsed, file, campaign) if memo else b""
    if memo:
        stored = diskcache.get(NAMESPACE, made_from, STORED)
        if isinstance(stored, list) and are_problems(stored):
            return list(stored)
    found = Problems()
    check_candidates(file, found)
    column_rules.warnings(people, file.entries, file.doc, found)
    if campaign is not None:
        check_round_warnings(campaign, file.entries, file.doc, found)
    if memo:
        diskcache.put(NAMESPACE, made_from, found.items, STORED)
    return found.items
