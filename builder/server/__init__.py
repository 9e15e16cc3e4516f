"""Publishing on a server: HR staff `git push`, a hook validates, a build goes live atomically.

    DIR/repo.git        bare repository HR staff push to (hooks call `python -m builder.server.receive`)
    DIR/releases/<t>-<sha>/   one complete build each; `.gongshi-release.json` describes it
    DIR/current         symlink to the live release (what nginx serves), switched by rename
    DIR/gongshi-server.json   settings (site URL, branch, releases kept, the interpreter)
    DIR/publish.log     one JSON line per build, switch or failure (shown by `status`)
    DIR/etc/            generated nginx site file, systemd service + timer, cron line

A push publishes content, never code (issue 26): the server builds only the pushed data/ and
site_src/, with the installed program's configuration and theme (program), after checking the
commit's files from git's listing (tree) and its content as a build would (receive).

Modules: layout (paths, settings), initdir (`server init`), install (the repository's hooks and
git's limits), receive (pre-/post-receive), tree (a commit's files: limits, checks, extraction),
program (the installed configuration and theme), release (build, switch, prune, clean up,
rollback), lock, mirrors, schedule (dates the site changes by itself), status, units.
"""
