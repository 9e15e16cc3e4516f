"""Ending a build's process without freeing its objects one by one.

A build holds millions of small objects until it ends (the data, the model, the search
postings). At interpreter exit Python frees each of them: ~2 s after a correction's build step
at 50,000 candidates (the push waits for it) and more after a 200,000-candidate build. The
operating system takes the whole heap back at once instead when the process ends with
`os._exit`, after what a normal exit would still have done that anyone can see: the exit
handlers (`atexit`: logging's flush, multiprocessing's joins, a preview's temporary folder)
and the standard streams' buffers.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading


def exit_now(code: int) -> None:
    """Exit with `code` as above; with another thread still running, exit normally instead
    (its end would be cut short)."""
    if threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        # Closed, or a closed pipe: nothing more could reach it at a normal exit either.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
