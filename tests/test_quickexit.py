"""builder.files.quickexit: a build's process ends without freeing its objects one by one, yet does
what a normal exit does that anyone can see (exit handlers, buffered output, the exit code)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

PROGRAM = textwrap.dedent("""
    import atexit, sys, threading, time
    from builder.files.quickexit import exit_now

    class Held:
        def __del__(self):
            sys.stderr.write("torn down\\n")

    held = [Held()]
    atexit.register(lambda: sys.stderr.write("exit handler\\n"))
    sys.stdout.write("buffered, no newline")
    if sys.argv[1] == "thread":
        # Still running when the program ends: a quick exit would cut it short.
        threading.Thread(target=lambda: (time.sleep(0.5), sys.stderr.write("thread done\\n"))).start()
    (sys.exit if sys.argv[1] == "normal" else exit_now)(3)
""")


def run(how: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", PROGRAM, how], cwd=REPO, capture_output=True,
                          text=True, check=False)


def test_a_normal_exit_frees_every_object_which_exit_now_skips() -> None:
    normal = run("normal")
    assert "torn down" in normal.stderr  # what the test would miss if Python stopped doing it
    quick = run("quick")
    assert quick.returncode == 3
    assert quick.stdout == "buffered, no newline"
    assert "exit handler" in quick.stderr
    assert "torn down" not in quick.stderr


def test_another_thread_running_gets_a_normal_exit() -> None:
    done = run("thread")
    assert done.returncode == 3
    assert done.stdout == "buffered, no newline"
    assert "thread done" in done.stderr
    assert "exit handler" in done.stderr


def test_a_one_build_process_keeps_its_objects_out_of_the_collectors_scans(tmp_path: Path) -> None:
    """`gongshi build` (lean) and a publishing server's build (the disk store on) freeze what
    the build made so far (builder.build._settled); `mkdocs serve`, whose builds come and go,
    does not."""
    import gc

    from builder.build import BuildOptions, _settled
    from builder.files import diskcache

    def froze(**options: object) -> bool:
        gc.unfreeze()
        _settled(BuildOptions(data_dir=tmp_path, docs_dir=tmp_path, theme_dir=tmp_path,
                              engine_theme=tmp_path, **options))  # type: ignore[arg-type]
        frozen = gc.get_freeze_count() > 0
        gc.unfreeze()
        return frozen

    assert not froze(preview=True)
    assert froze(lean=True)
    diskcache.enable(tmp_path / "store")
    try:
        assert froze()
    finally:
        diskcache.disable()
