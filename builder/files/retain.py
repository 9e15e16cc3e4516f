"""The search files and scripts a new release keeps serving for pages of earlier releases.

A visitor who opened a page before a release still runs that page's scripts, which load the
manifest it knew and then the shards that manifest names; a page loaded just before the switch
asks for the scripts it names. Those files are named by their content (builder.files.contentname),
so a new release can carry them beside its own without any clash: `retain` hard-links into the
new release every file under `RETAINED` that an earlier release of the window has and the new one
lacks. Nothing else is carried: an earlier page, form or list never comes back (a list withdrawn,
or data taken down, stays down).

Hard links rather than a store shared by releases: each release stays one complete, self-standing
directory that nginx serves through `current`, that rsync copies to a mirror as it is, that a
rollback switches to, and that an upload to object storage reads; a file lives as long as one
release that links it, so removing an old release can never take a file from a newer one, and
nothing is deleted by its age. Which earlier releases make the window (the last N days, and never
one whose commit was taken off the published branch, such as a push of data published by mistake)
is the server's choice (builder.server).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from builder.files.reuse import link, site_files

RETAINED = ("assets/", "search/")
"""Where the scripts, style sheets and search files live."""


def retain(site: Path, earlier: Sequence[Path]) -> list[str]:
    """Hard-link into `site` each file under RETAINED that one of the `earlier` release
    directories (newest first) has and `site` does not; the site paths added, in order. Each
    earlier release holds what it retained itself, so the files of a whole window are reached."""
    added: list[str] = []
    have = set(site_files(site))
    for source in earlier:
        for rel in site_files(source):
            if rel in have or not rel.startswith(RETAINED) or os.path.islink(source / rel):
                continue
            link(source, site, rel)
            have.add(rel)
            added.append(rel)
    return added
