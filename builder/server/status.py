"""`gongshi server status DIR`: what is live, when the site next changes by itself, what failed."""

from __future__ import annotations

from builder.model.clock import build_day
from builder.server.bucket import Target, held
from builder.server.layout import Layout, printable
from builder.server.release import (
    complete_releases,
    live_release,
    read_log,
    release_meta,
    retention_window,
)


def bucket_line(layout: Layout, value: str, live: str | None) -> str:
    """What a bucket holds: the release of its last completed upload, and an upload begun
    after it and not completed (finished by the next run)."""
    target = Target.parse(value)
    done, begun = held(layout, target)
    p = printable
    if done is None:
        line = f"对象存储 {target}：尚无完整上传的版本"
    else:
        line = (f"对象存储 {target}：版本 {p(done.get('release'))}（{p(done.get('time'))} 上传完成，"
                f"{p(done.get('files'))} 个文件，删除旧文件 {p(done.get('deleted'))} 个）")
        if live and done.get("release") != live:
            line += "，与本机线上版本不同"
    if begun is not None:
        line += (f"；版本 {p(begun.get('release'))} 的上传未完成（{p(begun.get('time'))} 开始），"
                 "下次发布、定时生成或 server sync 时补传")
    return line


def status_text(layout: Layout) -> str:
    settings = layout.settings()
    lines = [f"服务器目录：{layout.root}", f"网站地址：{settings.site_url}（发布分支 {settings.branch}）"]
    live = live_release(layout)
    meta = release_meta(layout.releases / live) if live else None
    if meta is None:
        lines.append("当前版本：尚未发布（推送到发布分支后自动生成）")
    else:
        # Every value from a release's description or the log is printed through `printable`:
        # a commit's subject and author are the pusher's text (issue 26: escape sequences).
        p = printable
        lines += [
            f"当前版本：{p(live)}",
            f"  提交：{p(meta['commit'])}「{p(meta['subject'])}」",
            f"  作者：{p(meta['author'])}（提交于 {p(meta['commit_date'])}）"
            + (f"，推送者：{p(meta['pusher'])}" if meta.get("pusher") else ""),
            f"  生成时间：{p(meta['built_at'])}（{'推送' if meta['reason'] == 'push' else '定时生成'}）",
            f"  按日期：{p(meta['build_date'])} 生成",
        ]
        today = build_day().isoformat()
        due = [c for c in meta.get("schedule", []) if c["date"] > today]
        if due:
            nxt = due[0]
            lines.append(f"下一次自动变化：{p(nxt['date'])} {p(nxt['title'])}：{p(nxt['reason'])}")
        else:
            lines.append("下一次自动变化：无（网站只会因新的提交而改变）")
    if settings.mirrors:
        lines.append(f"镜像服务器（每个版本先复制到每一台，再逐台切换）：{'、'.join(settings.mirrors)}")
    for value in settings.publish_to:
        lines.append(bucket_line(layout, value, live))
    names = complete_releases(layout)
    lines.append(f"保留的版本（至少 {settings.keep} 个）：{'、'.join(names) if names else '无'}")
    kept = retention_window(layout, settings)
    lines.append(f"最近 {settings.retain_days} 天上线过的版本（其检索文件和脚本仍随当前版本提供，"
                 f"之前打开的页面仍能检索；这些版本不会被删除）：{'、'.join(kept) if kept else '无'}")
    events = read_log(layout)
    failures = [e for e in events if e.get("event") == "failure"]
    if failures:
        f = failures[-1]
        later = any(e.get("event") == "live" and str(e["time"]) > str(f["time"]) for e in events)
        lines.append(
            f"最近一次失败：{printable(f['time'])} 提交 {printable(f.get('commit', ''))[:7]}"
            f"（{printable(f.get('author', ''))}"
            + (f"，推送者：{printable(f['pusher'])}" if f.get("pusher") else "")
            + f"）：{printable(f.get('message', ''))}"
            + ("（之后已成功发布）" if later else "")
        )
    else:
        lines.append("最近一次失败：无")
    return "\n".join(lines)
