"""Which agency names of one run stand for the same agency: the grouping of ``--series``.

Reports name their agency as their authors wrote it, and the same agency is
written differently from year to year: 洪泽区人民政府 in 2023, 淮安市洪泽区人民政府 in
2024. Grouping by the exact string would never compare them, so names are
compared by a key (`agency_key`: 人民政府 and 政府 alike, full and half width
alike, no spaces, one kind of bracket, no trailing bracketed remark such as
（办公室编制）), and a shorter name joins a longer one that is the same name after a
region prefix (淮安市 + 洪泽区政府), when that longer one is the only agency in the run
it can stand for. Several cities have a 鼓楼区: a bare 鼓楼区人民政府 beside 南京市鼓楼区
and 福州市鼓楼区 is ambiguous and joins neither (`Matching.ambiguous` says which).

This is core (no I/O): the command groups the reports with it, and
`gkreport.validate_series` takes one group.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import attrs

from gkreport._vocabulary import label_key, to_simplified

__all__ = ["Matching", "agency_key", "match_agencies"]

#: A trailing bracketed remark ("(区政府办公室编制)"), on a key (brackets already folded).
_REMARK = re.compile(r"\([^()]*\)$")
#: The last character of a region's name (省, 市, 区 and 自治区/地区, 县, 州, 盟, 旗):
#: a region prefix ends with one, so 淮安市 + 洪泽区政府 is a prefix and 南京市鼓楼 + 区政府
#: is not.
_REGION_END = frozenset("省市区县州盟旗")


def agency_key(name: str) -> str:
    """The comparable form of an agency name.

    >>> agency_key("淮安市洪泽区人民政府（区政府办公室编制）") == agency_key("淮安市 洪泽区政府")
    True
    """
    key = label_key(to_simplified(name))
    without_remark = _REMARK.sub("", key)
    return (without_remark or key).replace("人民政府", "政府")


@attrs.frozen
class Matching:
    """Where each agency name of a run belongs.

    ``groups`` maps each name to its group (the key of the fullest name of the
    group, e.g. 淮安市洪泽区政府). ``ambiguous`` maps a name that could be several
    agencies to the names it could stand for, sorted: such a name joins none of
    them, and its group holds only the names of its own key (two reports that
    both say 鼓楼区人民政府 are still one agency).
    """

    groups: Mapping[str, str]
    ambiguous: Mapping[str, tuple[str, ...]]


def match_agencies(names: Iterable[str]) -> Matching:
    """Group the agency names of one run (see the module docstring).

    Keys are placed longest first, so a shorter key meets every longer one that
    could contain it already placed: with exactly one group among those it joins
    that group, with none it starts its own, with several it is ambiguous (and
    a group of its own, which no shorter key joins: it would be ambiguous too).
    """
    by_key: dict[str, set[str]] = {}
    for name in names:
        by_key.setdefault(agency_key(name), set()).add(name)
    group_of: dict[str, str] = {}
    ambiguous_keys: dict[str, list[str]] = {}
    # Each placed key's groups, under every shorter name it contains after a region
    # prefix: one look-up per key, not a scan of every other name.
    within: dict[str, set[str]] = {}
    for key in sorted(by_key, key=lambda k: (-len(k), k)):
        containing = within.get(key, set())
        if len(containing) > 1:
            ambiguous_keys[key] = sorted(containing)
            continue
        group = next(iter(containing)) if containing else key
        group_of[key] = group
        for cut in range(1, len(key)):
            if key[cut - 1] in _REGION_END:
                within.setdefault(key[cut:], set()).add(group)
    members: dict[str, set[str]] = {}
    for key, group in group_of.items():
        members.setdefault(group, set()).update(by_key[key])
    group_of.update((key, key) for key in ambiguous_keys)
    groups = {name: group for key, group in group_of.items() for name in by_key[key]}
    ambiguous = {
        name: tuple(sorted(n for group in found for n in members[group]))
        for key, found in ambiguous_keys.items()
        for name in by_key[key]
    }
    return Matching(groups, ambiguous)
