"""One page of every kind the portal builds, for the tests that visit them all (CSP, a11y)."""

from __future__ import annotations

TODAY = "2026-11-18"
"""The demo site's day: the 2026 round is in its publicity period, older rounds are archived."""
AFTER = "2026-11-25"
"""The day after the 2026 round's 公示 ends (24 November): its list keeps only the names, gender,
unit and result (builder.publish), as the older rounds' lists already do on TODAY."""

# The public site's pages; the staff manual is only in the staff build (tests/test_staff_manual.py).
PAGE_TYPES: dict[str, str] = {
    "home": "",
    "campaign-seed-2013": "campaigns/2013-neimenggu-yixian/",
    "campaign-seed-2020": "campaigns/2020-jiaozuo-xueshu-daitouren/",
    "campaign-demo": "campaigns/2026-shili-jishu-daitouren/",
    "gongshi-list": "campaigns/2026-shili-jishu-daitouren/gongshi/",
    "gongshi-archived": "campaigns/2024-shili-jishu-daitouren/gongshi/",
    "campaign-open-call": "campaigns/2026-shili-qingnian-rencai/",
    "archive": "archive/",
    "deadlines": "deadlines/",
    "forms": "forms/",
    "search": "search/",
    "search-results": "search/?q=%E5%BC%A0",
    "about": "about/",
    "objections": "objections/",
    "help": "help/",
    "sitemap": "sitemap/",
    "statement": "statement/",
    "404": "no-such-page/",
}
