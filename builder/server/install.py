"""What `server init` installs into the bare repository: the hooks (small shell scripts that run
gongshi with the interpreter that ran `server init`, so they find the installation whatever
PATH git gives them) and git's own limits on what a push may bring."""

from __future__ import annotations

import os
import shlex

from builder.server.layout import Layout, Settings, git
from builder.server.tree import MB

HOOKS = ("pre-receive", "post-receive")


def hook_script(layout: Layout, settings: Settings, name: str) -> str:
    return (
        "#!/bin/sh\n"
        "# Written by `gongshi server init` (run it again to rewrite); do not edit.\n"
        f"exec {shlex.quote(settings.python)} -m builder.server.receive {name} "
        f"{shlex.quote(str(layout.root))}\n"
    )


def write_hooks(layout: Layout, settings: Settings) -> None:
    hooks = layout.repo / "hooks"
    hooks.mkdir(exist_ok=True)
    for name in HOOKS:
        path = hooks / name
        tmp = path.with_name(f".{name}.new")
        tmp.write_text(hook_script(layout, settings, name), encoding="utf-8")
        os.chmod(tmp, 0o755)
        os.replace(tmp, path)
    config = ("--git-dir", str(layout.repo), "config")
    # git checks every object it receives (a tree naming `..`, `.git` or one path twice is
    # refused before any hook runs), and refuses a pack of more than twice what a commit may
    # hold (a first push also brings the history).
    git(*config, "receive.fsckObjects", "true")
    git(*config, "receive.maxInputSize", str(2 * settings.max_total_mb * MB))
