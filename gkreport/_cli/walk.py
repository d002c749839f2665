"""Walking a folder for reports, and naming whatever in it cannot be read.

A run that skips a folder it may not open, or a link that leads nowhere, and
then says "unreadable 0" tells a supervising office that every report was
checked when some were never seen. So the walk yields, besides every file a
reader is registered for, each thing it could not look into, with why: a folder
that cannot be listed, a symbolic link that is dangling or a loop (it may have
been a folder of reports). The runner reports those as unreadable (exit status 2).

Files that are not reports are not read, but they are not passed over in silence
either: a file of a type no reader is registered for (``notes.py``, ``scan.png``)
and Excel's or Word's lock file (``~$report.xlsx``, left beside an open workbook)
are yielded as *skipped*, with why (`NOT_A_REPORT`, `LOCK_FILE`); the runner lists
them in its summary and its JSON Lines without changing the exit status. Only
hidden entries (a name starting with ".": ``.git``, ``.DS_Store``, LibreOffice's
``.~lock.report.xlsx#``) are left out without a word, as every tool leaves them,
and so is a link back to a folder being walked (a loop, whose files are all found
anyway). Other links to folders are followed; a file reached twice is checked
once (`batch.collect`). Whether a file found is a regular file (not a named pipe,
which would block) is checked when it is read.

`in_order` walks lazily, in the order of the shown paths, so that a run over a
nation's 150,000 reports need not hold their names: it is for trees without
links (`has_links` says), where no file can be reached twice.
"""

from __future__ import annotations

import heapq
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import attrs

from gkreport._readers.dispatch import reader_for
from gkreport._readers.files import os_reason, unreadable

__all__ = [
    "LOCK_FILE",
    "NOT_A_REPORT",
    "SKIPPED",
    "Found",
    "has_links",
    "in_order",
    "named",
    "walk",
]

#: Why a file in a folder was not read, as the JSON Lines say it (``"skipped"``).
NOT_A_REPORT = "not a report file type"
LOCK_FILE = "an Office lock file"
SKIPPED = (NOT_A_REPORT, LOCK_FILE)


@attrs.frozen
class Found:
    """A file to check, or one of the files not checked.

    ``problem``: something that could not be looked into (reported as unreadable);
    ``skipped``: a file not read on purpose (`NOT_A_REPORT` or `LOCK_FILE`).
    """

    path: Path
    problem: str | None = None
    skipped: str | None = None


def _hidden(name: str) -> bool:
    """``.git``, ``.DS_Store`` and the like: left out without a word."""
    return name.startswith(".")


def _lock_file(name: str) -> bool:
    """``~$report.xlsx``: the lock file Excel (or Word) leaves beside an open document."""
    return name.startswith("~$")


def named(path: Path) -> Found:
    """A path named on the command line that is not a folder: a file to check.

    Whatever its name, except a link that cannot be followed: it may have been a
    folder, so it is a problem, named as such, not a file of an unknown type.
    """
    if os.path.islink(path) and not os.path.exists(path):
        return Found(path, unreadable(path) or "a symbolic link that cannot be followed")
    return Found(path)


@attrs.frozen
class _Inside:
    """The folders a folder is in, innermost first: a chain, as deep as the walk."""

    identity: tuple[int, int]  # (device, inode)
    outer: _Inside | None

    def holds(self, identity: tuple[int, int]) -> bool:
        chain: _Inside | None = self
        while chain is not None:
            if chain.identity == identity:
                return True
            chain = chain.outer
        return False


def walk(folder: Path) -> Iterator[Found]:
    """Every report file under ``folder``, and every entry that could not be looked into.

    A loop, not a recursion: a folder nested thousands deep is walked to the end.
    """
    waiting: list[tuple[Path, _Inside | None, bool]] = [(folder, None, False)]
    while waiting:
        folder, inside, linked = waiting.pop()
        try:
            status = os.stat(folder)
            here = (status.st_dev, status.st_ino)
            if linked and inside is not None and inside.holds(here):
                continue  # a link back to a folder this one is in: its files are found anyway
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            yield Found(folder, f"cannot read the folder: {os_reason(exc)}")
            continue
        for path, found, link in _entries(entries):
            if found is None:
                waiting.append((path, _Inside(here, inside), link))
            else:
                yield found


def _entries(entries: Iterable[os.DirEntry[str]]) -> Iterator[tuple[Path, Found | None, bool]]:
    """What each entry of a folder is (a `Found`, or None for a folder to walk into), and a link."""
    for entry in entries:
        if _hidden(entry.name):
            continue
        path = Path(entry.path)
        try:
            is_folder = entry.is_dir()  # follows a link; False for a dangling one
        except OSError as exc:  # a loop of links, no permission to look
            yield path, Found(path, unreadable(path) or os_reason(exc)), False
            continue
        if is_folder:
            yield path, None, entry.is_symlink()
        elif entry.is_symlink() and not os.path.exists(path):
            link = Found(path, unreadable(path) or "a symbolic link that cannot be followed")
            yield path, link, True
        elif _lock_file(entry.name):
            yield path, Found(path, skipped=LOCK_FILE), False
        elif reader_for(path.suffix) is not None:
            # the readers' table, asked now: a reader registered at run time counts too
            yield path, Found(path), False
        else:
            yield path, Found(path, skipped=NOT_A_REPORT), False


def has_links(folder: Path) -> bool:
    """Whether a symbolic link is anywhere under ``folder`` (hidden entries aside).

    One listing per folder and no `stat` per file (the kind of an entry comes with
    its listing), so it costs a fraction of the walk it decides about.
    """
    waiting = [folder]
    while waiting:
        try:
            with os.scandir(waiting.pop()) as listing:
                for entry in listing:
                    if _hidden(entry.name):
                        continue
                    if entry.is_symlink():
                        return True
                    if entry.is_dir(follow_symlinks=False):
                        waiting.append(Path(entry.path))
        except OSError:
            continue  # reported by the walk itself
    return False


def in_order(roots: Iterable[Path]) -> Iterator[Found]:
    """What `walk` (or `named`) finds under each root, lazily, sorted by the posix path shown.

    A heap of what is known and not yet given, keyed by the shown path: a folder
    enters under its own path, which sorts before everything in it, and is listed
    only when it comes out; so at any time only the listings of the folders on
    the way are held, not the whole tree. For trees without links (`has_links`)
    whose roots do not overlap, this is exactly the order and content of
    sorting the files of every root's `walk`: no file is found twice there.
    """
    heap: list[tuple[str, int, Path, Found | None]] = []
    for number, root in enumerate(roots):
        found = None if root.is_dir() else named(root)
        heap.append((root.as_posix(), number, root, found))
    heapq.heapify(heap)
    counter = len(heap)
    while heap:
        _, _, path, found = heapq.heappop(heap)
        if found is not None:
            yield found
            continue
        try:
            with os.scandir(path) as listing:
                entries = list(listing)
        except OSError as exc:
            yield Found(path, f"cannot read the folder: {os_reason(exc)}")
            continue
        for inner, found, _ in _entries(entries):
            counter += 1
            heapq.heappush(heap, (inner.as_posix(), counter, inner, found))
