"""Which findings a reviewer wants to see: ``--select`` and ``--ignore``.

A supervising office that checks only the arithmetic this week, or that leaves
the text rules (T) to a colleague, names rules the way the catalog does: a rule
code (``F1``, ``D2``, ``blank``), a family (the letter of the numbered codes:
``F``, ``D``, ``T``, ``X``) or a tag of the catalog (``text``, ``arithmetic``,
``series`` …: `catalog.Rule.tags`). Names are matched without regard to case,
given comma-separated or repeated. ``--select`` keeps only what it names (all
rules when not given); ``--ignore`` then drops what it names, so
``--select T --ignore T5`` is every text rule but T5.

The selection is applied to findings already made (`Selection.apply`), so it
works the same on `Finding` objects and on their ``to_dict`` form as a batch of
worker processes returns them, and the commands that show findings (``validate``,
``review``) share it. A finding the selection drops does not hide what it
explains: the findings folded into it that the selection keeps take its place
(``--ignore blank`` still shows the F2 failures a blank 总计 caused, as F2
findings of their own).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import attrs

from gkreport._validation import catalog
from gkreport._validation.finding import Finding

__all__ = ["Selection", "UnknownRule", "keep", "known_names"]

#: A numbered rule code: its family is the letter (F6b is of family F).
_NUMBERED = re.compile(r"^([A-Z])\d+[a-z]?$")

FindingT = TypeVar("FindingT", Finding, dict[str, Any])


class UnknownRule(ValueError):
    """A name given to ``--select``/``--ignore`` that is no rule code, family or tag."""


def _families() -> dict[str, frozenset[str]]:
    families: dict[str, set[str]] = {}
    for rule in catalog.CATALOG:
        match = _NUMBERED.match(rule.code)
        if match:
            families.setdefault(match.group(1), set()).add(rule.code)
    return {letter: frozenset(codes) for letter, codes in families.items()}


def _tags() -> dict[str, frozenset[str]]:
    tags: dict[str, set[str]] = {}
    for rule in catalog.CATALOG:
        for tag in rule.tags:
            tags.setdefault(tag, set()).add(rule.code)
    return {tag: frozenset(codes) for tag, codes in tags.items()}


@functools.cache
def _names() -> dict[str, frozenset[str]]:
    """Every name a reviewer may give, folded to lower case -> the rule codes it stands for.

    A code wins over a family or tag of the same name (``schema`` is a code and a tag
    of that one rule alike); a family's letter is no code, and no tag is one letter.
    """
    names: dict[str, frozenset[str]] = {}
    for tag, codes in _tags().items():
        names[tag.casefold()] = codes
    for letter, codes in _families().items():
        names[letter.casefold()] = codes
    for rule in catalog.CATALOG:
        names[rule.code.casefold()] = frozenset({rule.code})
    return names


catalog.watch(_names.cache_clear)


def known_names() -> tuple[str, ...]:
    """The families, then every rule code, as a usage error lists them."""
    families = sorted(_families())
    return (*families, *(rule.code for rule in catalog.CATALOG))


def _resolve(given: Iterable[str]) -> frozenset[str] | None:
    """The codes ``given`` names (each item may hold several names, comma-separated).

    None when nothing is named. :raises UnknownRule: for a name that is none of ours.
    """
    names = [name.strip() for item in given for name in re.split(r"[,\s]+", item)]
    names = [name for name in names if name]
    if not names:
        return None
    table = _names()
    unknown = [name for name in names if name.casefold() not in table]
    if unknown:
        msg = (
            f"unknown rule {', '.join(unknown)}; give a rule code, a family "
            f"({', '.join(sorted(_families()))}) or a tag ({', '.join(sorted(_tags()))})"
        )
        raise UnknownRule(msg)
    return frozenset(code for name in names for code in table[name.casefold()])


@attrs.frozen
class Selection:
    """The rule codes a reviewer keeps: those ``select`` names (all when None), less ``ignore``."""

    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()

    @classmethod
    def of(cls, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> Selection:
        """The selection of ``--select`` and ``--ignore`` as given (repeated, comma-separated).

        :raises UnknownRule: a name is no rule code, family or tag.
        """
        return cls(_resolve(select), _resolve(ignore) or frozenset())

    @property
    def everything(self) -> bool:
        """Nothing selected or ignored: every finding is kept."""
        return self.select is None and not self.ignore

    def wants(self, code: str) -> bool:
        """Whether findings of rule ``code`` are kept."""
        return (self.select is None or code in self.select) and code not in self.ignore

    def ignored_codes(self) -> frozenset[str]:
        """The catalog's codes not kept: ``validate(report, ignore=…)`` then skips their checks."""
        return frozenset(r.code for r in catalog.CATALOG if not self.wants(r.code))

    def apply(self, findings: Iterable[FindingT]) -> list[FindingT]:
        """The findings of the rules kept, in their order (see `keep`)."""
        return keep(findings, lambda finding: self.wants(_code(finding)))


def keep(findings: Iterable[FindingT], wanted: Callable[[FindingT], bool]) -> list[FindingT]:
    """The findings ``wanted``, in their order, each with the nested findings ``wanted``.

    A finding not wanted leaves in its place the findings it explains that are (and
    theirs, and so on): what the selection keeps is never hidden inside what it drops.
    """
    kept: list[FindingT] = []
    for finding in findings:
        inner = keep(_explains(finding), wanted)
        if wanted(finding):
            kept.append(_with_explains(finding, inner))
        else:
            kept += inner
    return kept


def _code(finding: Finding | dict[str, Any]) -> str:
    return finding.code if isinstance(finding, Finding) else str(finding.get("code", ""))


def _explains(finding: FindingT) -> list[FindingT]:
    if isinstance(finding, Finding):
        return list(finding.explains)
    return list(finding.get("explains") or ())


def _with_explains(finding: FindingT, explains: list[FindingT]) -> FindingT:
    if isinstance(finding, Finding):
        return attrs.evolve(finding, explains=tuple(explains))
    return {**finding, "explains": explains} if "explains" in finding else finding
