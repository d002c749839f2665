"""Each report's own page: the official layout with its findings, in ``DIR/reports/``.

The page is the renderer's (`gkreport._render`), so a reviewer sees exactly what
``gkreport render`` shows. It is written as soon as the file is checked, while its
report and findings are at hand, so the run keeps neither. Page names are stable
from run to run: the file's name made safe for any file system, and a short hash of
the path as shown, so two ``report.xlsx`` in different folders get different pages
and a rerun replaces each page in place.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from gkreport._model import Report
from gkreport._render import write
from gkreport._validation.finding import Finding
from gkreport._words import Lang

__all__ = ["FOLDER", "finding_of", "page_name", "write_page"]

#: The folder of the pages, inside the output folder.
FOLDER = "reports"
#: Characters kept in a page's name: letters (any script), digits, ``-``, ``_``, ``.``.
_UNSAFE = re.compile(r"[^\w.-]+")
_LONGEST_STEM = 60


def page_name(file: str) -> str:
    """The page of the input shown as ``file``, relative to the output folder (posix)."""
    stem = _UNSAFE.sub("_", PurePosixPath(file).stem).strip("._") or "report"
    digest = hashlib.sha256(file.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"{FOLDER}/{stem[:_LONGEST_STEM]}-{digest}.html"


def finding_of(data: Mapping[str, Any]) -> Finding:
    """A `Finding` back from its ``to_dict`` form (what a worker process sends back)."""
    return Finding(
        code=data["code"],
        severity=data["severity"],
        path=data["path"],
        label=data.get("label") or "",
        location=data.get("location"),
        message=data.get("message", ""),
        message_en=data.get("message_en") or data.get("message", ""),
        expected=data.get("expected"),
        actual=data.get("actual"),
        equation=data.get("equation"),
        cells=tuple(data.get("cells") or ()),
        paths=tuple(data.get("paths") or ()),
        explains=tuple(finding_of(item) for item in data.get("explains") or ()),
        fingerprint=data.get("fingerprint") or "",
    )


def write_page(
    folder: Path, report: Report, findings: Iterable[Mapping[str, Any]], file: str, lang: Lang
) -> str:
    """Render the report of ``file`` with its findings into ``folder``; its relative name."""
    name = page_name(file)
    target = folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    write(report, target, findings=[finding_of(f) for f in findings], lang=lang)
    return name
