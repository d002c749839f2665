"""The report as Python objects: one frozen attrs tree per format.

The table classes are generated from `gkreport._forms.layout` into `gkreport._tables`;
this module adds what the layout does not describe: the report's metadata, its
notes, and the provenance that travels with a report read from a file.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

import attrs

from gkreport._forms.layout import ID_2019, ID_2021, Id2019, Id2021
from gkreport._tables import (
    Appeals,
    Applications2019,
    Applications2021,
    Proactive2019,
    Proactive2021,
    TextParts,
)

__all__ = [
    "SECOND_COPY",
    "AgencyKind",
    "Note",
    "NoteKind",
    "Report",
    "Report2019",
    "Report2021",
    "differs_in_copy",
]

#: Who publishes the report; decides the deadline (条例第四十九条).
AgencyKind = Literal["government", "department"]

#: What a note says about the cells at its path, when more than "here is some text":
#: ``"unread"``: a row (or cell) of the form was seen in the source but its values could
#: not be captured; the cells stay null and are not known to be blank, so the validator
#: reports the note once and skips the identities that need those cells.
#: ``"implausible"``: a value kept out of a cell because it cannot be a count.
NoteKind = Literal["unread", "implausible"]

#: How the message of a note begins when a later copy of the tables in the same file
#: (`gkreport._readers.text.copies`) gives another value for the table cell at its path;
#: its ``raw`` is that other value ("" for a blank). The reader keeps the first copy's
#: value in the cell and writes one such note per cell, plus a summary note on the whole
#: report (path ""); the validator's ``copies`` finding gathers the notes on cells. One
#: constant both sides import, so the marker and its reading cannot drift apart.
SECOND_COPY = "a second copy of the tables"


def differs_in_copy(path: object, message: object) -> bool:
    """True for a note that a second copy of the tables gives another value at ``path``.

    The summary note on the whole report (path "") begins alike and is not one.
    """
    return (
        isinstance(path, str)
        and path.startswith("/")
        and isinstance(message, str)
        and message.startswith(SECOND_COPY)
    )


@attrs.frozen(kw_only=True)
class Note:
    """Source text the tables cannot hold, kept beside the value it belongs to.

    A remark printed inside a numeric cell, a mark such as "-" or "无" where a
    number belongs, an extra row or table: nothing from the source is dropped
    silently, so whatever the model has no field for becomes a note.

    ``kind`` (`NoteKind`) marks the notes that change what the cells at ``path``
    mean: None for a plain remark. The interchange JSON omits it when None, so a
    payload written before the field existed reads, and writes back, unchanged.
    """

    path: str  #: JSON pointer of the value it belongs to ("" for the whole report)
    raw: str  #: the text exactly as found
    source: str | None = None  #: where it was found: "line 57", "二三四!D17"
    message: str | None = None  #: why it is a note
    kind: NoteKind | None = None  #: "unread", "implausible", or None for a plain remark


def _freeze(sources: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(sources))


@attrs.frozen(kw_only=True)
class _ReportBase:
    agency: str | None = None
    year: int | None = None
    kind: AgencyKind | None = None
    title: str | None = None
    published_on: datetime.date | None = None
    url: str | None = None
    text: TextParts = attrs.field(factory=TextParts)


@attrs.frozen(kw_only=True)
class Report2021(_ReportBase):
    """A report in the 2021 format (国办公开办函〔2021〕30号), for 2021 onward.

    ``sources`` maps a JSON pointer to where its value was read ("二三四!D17",
    "line 57", "table 2 row 6 column 3", "p.3"; a blank cell too).
    It is provenance for findings: not part of equality, not in the interchange JSON.
    """

    format: Id2021 = ID_2021
    proactive: Proactive2021 = attrs.field(factory=Proactive2021)
    applications: Applications2021 = attrs.field(factory=Applications2021)
    appeals: Appeals = attrs.field(factory=Appeals)
    notes: tuple[Note, ...] = ()
    sources: Mapping[str, str] = attrs.field(factory=dict, converter=_freeze, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Report2019(_ReportBase):
    """A report in the 2019 trial format (国办公开办函〔2019〕60号), for 2019–2020.

    ``sources`` is provenance, as on `Report2021`.
    """

    format: Id2019 = ID_2019
    proactive: Proactive2019 = attrs.field(factory=Proactive2019)
    applications: Applications2019 = attrs.field(factory=Applications2019)
    appeals: Appeals = attrs.field(factory=Appeals)
    notes: tuple[Note, ...] = ()
    sources: Mapping[str, str] = attrs.field(factory=dict, converter=_freeze, eq=False, repr=False)


#: A report of either format; ``report.format`` tells which.
Report = Report2021 | Report2019
