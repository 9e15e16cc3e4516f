"""The rules that span fields or files, beyond what each model checks on its own, one module a
family: `calendar` (data/calendar/<year>.yml), `campaign` (a round's dates, publicity and
objection channel, unlisted files), `attachments` (the notice's 附件 lines against the forms),
`candidates` (a list against itself and its round), `quotas` (the allocation table and its use),
`privacy` (the personal-data guard of each kind of file). The loader (builder.load.loader)
calls them; every message is pinned by tests/test_validate_rules.py."""
