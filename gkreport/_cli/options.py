"""The command-line options a reviewer shares between commands, and their checked types.

``validate`` and ``review`` both show findings, so both take ``--select``,
``--ignore``, ``--accept``, ``-q`` and ``-v`` the same way: `add_review_options`
adds them to a parser and `triage_of` turns what was given into the `Triage`
every result goes through. A wrong name or a malformed accept file is a usage
error (exit status 2), found before any report is read.
"""

from __future__ import annotations

import argparse
import os

from gkreport._cli import triage
from gkreport._cli.accept import read_accepted
from gkreport._errors import GkreportError
from gkreport._validation.selection import Selection, UnknownRule

__all__ = ["SKIPPED_SHOWN", "add_review_options", "non_negative", "triage_of"]

#: The files skipped in a folder that the table's summary names without ``-v``.
SKIPPED_SHOWN = 10


def non_negative(text: str) -> int:
    """An argument that is a whole number, 0 or more (``-j``): else a usage error."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative; give 0 or more")
    return value


def jobs_of(args: argparse.Namespace) -> int:
    """The processes ``-j`` asks for: its number, or one per core for 0."""
    return args.jobs if args.jobs > 0 else (os.cpu_count() or 1)


def add_review_options(parser: argparse.ArgumentParser) -> None:
    """``--select``, ``--ignore``, ``--accept``, ``-q`` and ``-v`` (see the module docstring)."""
    parser.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="RULES",
        help=(
            "only these rules: codes (F1), families (F D T X) or tags (text, arithmetic); "
            "comma-separated or repeated"
        ),
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="RULES",
        help="leave out these rules (as --select; applied after it)",
    )
    parser.add_argument(
        "--accept",
        metavar="FILE",
        help=(
            "findings accepted: one fingerprint per line, optionally a tab and the reason, "
            "# for comments; they are shown as accepted and not counted"
        ),
    )
    level = parser.add_mutually_exclusive_group()
    level.add_argument("-q", "--quiet", action="store_true", help="errors only")
    level.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help=(
            "also info-level findings and the notes the readers kept, and every file "
            f"skipped in a folder (without it the summary names the first {SKIPPED_SHOWN} "
            "of each kind); --json always carries info-level findings"
        ),
    )


class OptionError(GkreportError):
    """``--select``/``--ignore``/``--accept`` name something that is not there."""


def triage_of(args: argparse.Namespace, *, machine: bool = False) -> triage.Triage:
    """The `Triage` of the options given; ``machine``: the output is for a program (``--json``).

    A program gets every severity unless ``-q`` asks for errors only; a person gets
    errors and warnings, and info-level findings with ``-v``.

    :raises OptionError: an unknown rule name, or an accept file that cannot be used.
    """
    try:
        selection = Selection.of(args.select, args.ignore)
    except UnknownRule as exc:
        raise OptionError(str(exc)) from None
    if args.quiet:
        severities = triage.ERRORS
    elif machine or args.verbose:
        severities = triage.ALL
    else:
        severities = triage.PEOPLE
    accepted = read_accepted(args.accept) if args.accept else {}
    return triage.Triage(selection, severities, accepted)
