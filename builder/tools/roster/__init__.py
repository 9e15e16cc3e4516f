"""The 花名册 (roster) workbook: HR staff's Excel view of a candidates file.

`roster_workbook` turns a round into an .xlsx file (the candidates, or a blank template for
applicants when there are none); `import_roster` reads such a workbook back, also one that
people have rearranged, and produces the text of `data/candidates/<id>.yml`, or the problems
that stop it. Import validates through `builder.load.loader.load` on a scratch copy of the round, so a
roster passes exactly the rules the build applies, and every problem is translated back to the
row and column of the workbook. Nothing is written unless there is no error, and then atomically.

The workbook bytes are deterministic (fixed document properties and zip timestamps): the
blank template is published as a form of every round with quotas, with its SHA-256 on the page,
and an unchanged round must not show a new checksum on every build.

One job per module: `columns` (headers), `workbook` (writing .xlsx), `reader` (reading it back),
`yaml_out` (YAML text for imported fields), `merge` (merging rosters by unit into the
candidates file, as text), `findings`, `scratch` (validating a private copy), `exporter`,
`importer`, `atomic` (writing files) and `commands` (the CLI). The names below are the ones the
rest of the builder and the tests use; each module is imported when one of its names is first
used, so a build that only publishes the blank roster (`blank`) does not import openpyxl.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from builder.tools.roster.blank import TEMPLATE_FILE, TEMPLATE_TITLE, with_blank_rosters
    from builder.tools.roster.columns import COLUMNS, PERSONAL_HEADERS, Column, normalise_header
    from builder.tools.roster.commands import add_commands, cmd_export, cmd_import
    from builder.tools.roster.exporter import ExportResult, export_roster
    from builder.tools.roster.findings import RosterProblem
    from builder.tools.roster.importer import ImportResult, PublicityChange, import_roster
    from builder.tools.roster.merge import PersonChange
    from builder.tools.roster.reader import read_roster
    from builder.tools.roster.workbook import roster_workbook
    from builder.tools.roster.yaml_out import SCHEMA_LINE

_MODULE_OF = {
    "COLUMNS": "columns", "PERSONAL_HEADERS": "columns", "Column": "columns",
    "normalise_header": "columns",
    "SCHEMA_LINE": "yaml_out",
    "TEMPLATE_FILE": "blank", "TEMPLATE_TITLE": "blank", "with_blank_rosters": "blank",
    "ExportResult": "exporter", "export_roster": "exporter",
    "ImportResult": "importer", "PublicityChange": "importer", "import_roster": "importer",
    "PersonChange": "merge",
    "RosterProblem": "findings",
    "add_commands": "commands", "cmd_export": "commands", "cmd_import": "commands",
    "read_roster": "reader",
    "roster_workbook": "workbook",
}

__all__ = [
    "COLUMNS",
    "PERSONAL_HEADERS",
    "SCHEMA_LINE",
    "TEMPLATE_FILE",
    "TEMPLATE_TITLE",
    "Column",
    "ExportResult",
    "ImportResult",
    "PersonChange",
    "PublicityChange",
    "RosterProblem",
    "add_commands",
    "cmd_export",
    "cmd_import",
    "export_roster",
    "import_roster",
    "normalise_header",
    "read_roster",
    "roster_workbook",
    "with_blank_rosters",
]


def __getattr__(name: str) -> object:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
