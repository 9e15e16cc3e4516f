"""When a build may hand half of a stage to a worker process on the machine's other core.

Three stages do (the load's parse, the rounds' pages, the output checks' summaries), and only
for a build from nothing: a publishing server's disk store already holds what did not change,
so working it out again would take a core from the build for nothing."""

from __future__ import annotations

import multiprocessing
import os
import threading

from builder.files import diskcache


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def may_work_ahead() -> bool:
    """A second core, and no disk store."""
    return cores() >= 2 and not diskcache.enabled()


def may_fork() -> bool:
    """`may_work_ahead`, and a fork is safe (`may_fork_now`)."""
    return may_work_ahead() and may_fork_now()


def may_fork_now() -> bool:
    """A second core, and a fork is safe: it copies only the calling thread, so there must be
    no other."""
    return cores() >= 2 and threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()
