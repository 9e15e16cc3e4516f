"""The personal-data guard of each kind of data file, reported at the value's own line:column."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from builder.load import privacy_source
from builder.model.contract import CalendarYear, Campaign, CandidateList
from builder.text.problems import Problems
from builder.text.yamlsrc import PathKey, SourceDoc


def check_doc_privacy(
    root: type[BaseModel], *, forbidden_keys: bool = False
) -> Callable[[SourceDoc, Problems], set[PathKey]]:
    """The personal-data guard of one kind of data file; returns the paths it reported, so
    validation does not report the same value twice (it never drops an error otherwise)."""

    def check(doc: SourceDoc, problems: Problems) -> set[PathKey]:
        covered: set[PathKey] = set()
        for path, at, message in privacy_source.scan_document(doc, root, forbidden_keys=forbidden_keys):
            problems.error(doc.path, at.line, at.column, message)
            covered.add(path)
        return covered

    check.__qualname__ = f"check_doc_privacy[{root.__name__}]"
    return check


check_candidate_doc_privacy = check_doc_privacy(CandidateList, forbidden_keys=True)
check_campaign_doc_privacy = check_doc_privacy(Campaign)
check_calendar_doc_privacy = check_doc_privacy(CalendarYear)
