"""The notice's 附件 lines against the round's forms."""

from __future__ import annotations

import difflib

from builder.model.contract import Campaign
from builder.text import attachments
from builder.text.problems import Problems
from builder.text.yamlsrc import SourceDoc


def check_attachments(campaign: Campaign, doc: SourceDoc, problems: Problems) -> None:
    """An 附件 line that looks like a form but matches no form's title stays text on the page.

    Only for a round that offers forms: one offering none is taken as deliberate (an old round
    whose forms are lost, as the 2013 seed's); one offering some but not this one is a slip,
    most often a title written differently in `forms`. The allocation table (…指标分配表) is
    shown as the 推荐名额 table, so it needs no file.
    """
    if not campaign.forms:
        return
    offered = attachments.matches(f.title for f in campaign.forms)
    quota_table = bool(campaign.quotas and (campaign.quotas.allocations or campaign.quotas.default))
    numbered = attachments.line_blocks(campaign.notice)
    listed = attachments.in_text(campaign.notice)
    claimed = {attachments.key(a.title) for a in listed}
    # Suggested only among the forms no attachment names already.
    unclaimed = [f.title for f in campaign.forms if attachments.key(f.title) not in claimed]
    for found in listed:
        title = found.title
        if attachments.key(title) in offered or not attachments.looks_like_form(title):
            continue
        if quota_table and attachments.is_quota_table(title):
            continue
        # The document's positions and text only for a warning: an unchanged file's come from
        # the disk store when asked for (builder.load.parsecache).
        begin = doc.loc(("notice",))
        lines = doc.text.split("\n")
        # In a `notice: |` block, line k of the text is the k-th line after the key's; other
        # scalar styles fold lines, so the title is searched for from the field on.
        k = numbered[found.block][0]
        guess = begin.line + k
        order = [guess, *range(begin.line - 1, len(lines))] if guess < len(lines) else range(
            begin.line - 1, len(lines))
        line, column = begin.line, begin.column
        for n in order:
            at = lines[n].find(title)
            if at >= 0:
                line, column = n + 1, at + 1
                break
        close = difflib.get_close_matches(title, unclaimed, n=1, cutoff=0.6)
        hint = f"；是不是「{close[0]}」？请把两处写成一样" if close else (
            "；请把这个表格放进 data/campaigns/" + campaign.id + "/ 文件夹，并在 forms（表格下载）中列出，"
            "title（表格名称）与附件名称一致"
        )
        problems.warning(
            doc.path, line, column,
            f"通知正文的附件「{title}」在 forms（表格下载）中没有标题相同的表格，网页上只显示为文字，"
            f"不能点击下载{hint}",
        )
