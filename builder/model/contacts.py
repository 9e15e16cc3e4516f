"""Whose contacts may stand where: the issuing offices' own phone, e-mail and address.

The detector (builder.text.privacy) finds every mobile number and e-mail address; a campaign's
office contacts are the exceptions, and only in that campaign's data and pages."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from builder.files.cache import register
from builder.model.contract import Campaign, CandidateList
from builder.model.portal import Portal
from builder.text.privacy import find_personal_data
from builder.text.yamlsrc import PathKey

# The fields where a campaign declares its office's own contacts, and the one kind of personal-
# looking data each may carry: a mobile number as the office phone, an e-mail address, an
# address. Such a value is allowed in that campaign's data and pages only (a campaign's phone
# elsewhere on the site is reported); an identity-card number is never an office contact and is
# allowed nowhere. A new contact field is added here and nowhere else.

OFFICE_CONTACT_FIELDS: dict[PathKey, str] = {
    ("contact", "phone"): "mobile",
    ("contact", "email"): "email",
    ("contact", "address"): "address",
    ("publicity", "objections", "phone"): "mobile",
    ("publicity", "objections", "email"): "email",
    ("publicity", "objections", "address"): "address",
}


def office_contacts(value_at: Callable[[PathKey], object]) -> frozenset[str]:
    """Canonical keys of the office contacts a campaign declares (`value_at(path)` reads the
    campaign's value at a path of OFFICE_CONTACT_FIELDS, None when absent)."""
    keys: set[str] = set()
    for path, kind in OFFICE_CONTACT_FIELDS.items():
        value = value_at(path)
        if isinstance(value, str):
            keys.update(_contact_keys(value, kind))
    return frozenset(keys)


@lru_cache(maxsize=4096)
def _contact_keys(value: str, kind: str) -> frozenset[str]:
    """The keys of the `kind` contacts in one value, remembered: the loader asks for each
    campaign's, and the output checks for every campaign's again (at 200,000 candidates,
    1,000 campaigns: ≈ 0.4 s of a correction's build step, py-spy)."""
    return frozenset(f.key for f in find_personal_data(value) if f.kind == kind)


register(_contact_keys.cache_clear)


def campaign_contacts(campaign: Campaign) -> frozenset[str]:
    """`office_contacts` of a validated campaign model."""

    def value_at(path: PathKey) -> object:
        value: object = campaign
        for part in path:
            value = getattr(value, str(part), None)
        return value

    return office_contacts(value_at)


@dataclass(frozen=True)
class Allowlist:
    """Which office contacts each built file may carry: a campaign's own under
    `campaigns/<id>/`, every campaign's in the other generated files (home page, search index,
    feed, calendar), none in hand-written pages (`handwritten`, site paths)."""

    by_campaign: Mapping[str, frozenset[str]] = field(default_factory=dict)
    handwritten: frozenset[str] = frozenset()
    everywhere: frozenset[str] = frozenset()
    """Allowed in every file (check-site without data, and tests)."""

    def for_file(self, rel: str) -> frozenset[str]:
        parts = rel.split("/")
        if len(parts) >= 3 and parts[0] == "campaigns":
            return self.everywhere | self.by_campaign.get(parts[1], frozenset())
        if rel in self.handwritten:
            return self.everywhere
        return self.everywhere.union(*self.by_campaign.values())

    def with_handwritten(self, paths: Iterable[str]) -> Allowlist:
        return Allowlist(self.by_campaign, frozenset(paths), self.everywhere)


def declared_codes(listing: CandidateList | None) -> frozenset[str]:
    """Keys of the values of a candidate list's 编号 columns that look like mobile numbers: an
    11-digit 准考证号 beginning 13–19 is an identifier the list declares (`{label: 准考证号, kind:
    编号}`), not a phone number. Only the mobile kind: an identity-card or bank-card number is
    refused in every column."""
    if listing is None:
        return frozenset()
    labels = listing.labels_of("编号")
    return frozenset(
        f.key for person in listing.candidates for label in labels if person.extra.get(label)
        for f in find_personal_data(person.extra[label]) if f.kind == "mobile"
    )


def portal_allowlist(portal: Portal) -> Allowlist:
    """The issuing offices' own contacts and the identifiers each list declares
    (`declared_codes`), campaign by campaign: a list's 准考证号 stand on its own pages and in the
    generated site-wide files (the search index), never in a hand-written page."""
    return Allowlist({
        r.campaign.id: campaign_contacts(r.campaign) | declared_codes(r.candidates) for r in portal.rounds
    })
