"""Publishing on a server: HR staff `git push`, a hook validates, a build goes live atomically.

    DIR/repo.git        bare repository HR staff push to (hooks call `python -m builder.server.hook`)
    DIR/releases/<t>-<sha>/   one complete build each; `.gongshi-release.json` describes it
    DIR/current         symlink to the live release (what nginx serves), switched by rename
    DIR/gongshi-server.json   settings (site URL, branch, releases kept, the interpreter)
    DIR/publish.log     one JSON line per build, switch or failure (shown by `status`)
    DIR/etc/            generated nginx site file, systemd service + timer, cron line

Modules: layout (paths, settings), initdir (`server init`), hooks (the scripts), hook (pre-/post-receive), release (checkout, build,
switch, prune, clean up), lock, schedule (dates the site changes by itself), status, units.
"""
