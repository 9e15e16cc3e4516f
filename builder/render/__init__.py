"""Render: the publishing policy (`publish`) and everything made from the published
portal: pages, the search files, the calendar, the feed; the Jinja templates."""
