"""``--help`` and usage errors in Chinese, for the people most reports are written by.

argparse prints the help while it parses, before ``--lang`` has been read, and
its own words ("usage:", "options", "show this help message and exit", the
usage errors) come from its module, in English. So the command line is looked
at first (`wants_chinese`: ``--lang zh``, else the locale), and a Chinese run
gets a parser whose every text is Chinese (`localise`): each command's summary,
epilog and option helps from `gkreport._words.HELP_ZH`, argparse's words from
`ARGPARSE_ZH`, through a formatter and a parser class of this module. Nothing
global is changed (no gettext catalog, no patched argparse), so the English
parser of `build_parser` is what it always was, and what documents the CLI.

A text with no Chinese yet (an option added without its translation) stays in
English rather than failing: ``tests/test_help_zh.py`` is what insists that
every one has its translation.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import NoReturn

from gkreport._cli.options import SKIPPED_SHOWN
from gkreport._forms import registry
from gkreport._words import ARGPARSE_ZH, HELP_ZH, LANGS

__all__ = ["localise", "translation", "wants_chinese"]

#: The name of the command itself in `HELP_ZH`, and of the options several commands share.
ROOT, SHARED = "gkreport", "*"

#: ``argument -j/--jobs: <what is wrong>``: the argument, then what is wrong, each translated.
_ARGUMENT = re.compile(r"^argument (\S+): (.*)$", re.DOTALL)
#: Usage errors argparse (and `options.non_negative`) words in English, in Chinese.
_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), zh)
    for pattern, zh in (
        (r"^the following arguments are required: (.*)$", r"缺少必需的参数：\1"),
        (r"^unrecognized arguments: (.*)$", r"无法识别的参数：\1"),
        (r"^ambiguous option: (\S+) could match (.*)$", r"选项 \1 不明确，可能是：\2"),
        (r"^invalid choice: (.*) \(choose from (.*)\)$", r"无效的选项值 \1（可选：\2）"),
        (r"^expected one argument$", "需要一个值"),
        (r"^expected at least one argument$", "需要至少一个值"),
        (r"^expected at most one argument$", "最多只能有一个值"),
        (r"^not allowed with argument (.*)$", r"不能与参数 \1 同时使用"),
        (r"^invalid (\w+) value: (.*)$", r"无效的 \1 值：\2"),
        (r"^(-\d+) is negative; give 0 or more$", r"\1 是负数；请给出 0 或更大的整数"),
        (r"^(.*) is not a whole number$", r"\1 不是整数"),
    )
)


def wants_chinese(argv: Sequence[str], environ: Mapping[str, str]) -> bool:
    """Whether the help and usage errors should be Chinese.

    The last ``--lang`` on the command line decides (``--lang zh``, ``--lang=zh``);
    without one, the locale does: the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG``
    that is set, as the C library reads them (``zh_CN.UTF-8``, ``zh_TW``, ``zh``).
    """
    chosen = None
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            chosen = argv[index + 1]
        elif arg.startswith("--lang="):
            chosen = arg.partition("=")[2]
    if chosen in LANGS:
        return chosen == "zh"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return value.lower().startswith("zh")
    return False


def translation(command: str, key: str) -> str | None:
    """The Chinese of a command's text (``summary``, ``epilog``, an option's dest), if any.

    An option shared by several commands (``--select`` … of `options.add_review_options`,
    ``-j``, ``--lang``) has its words under ``*``, used where the command has none of its own.
    """
    text = HELP_ZH.get(command, {}).get(key) or HELP_ZH[SHARED].get(key)
    if text is None:
        return None
    return text.replace("{current}", registry.current().id).replace("{shown}", str(SKIPPED_SHOWN))


class ChineseFormatter(argparse.RawDescriptionHelpFormatter):
    """The formatter of every command: the epilogs keep their lines; "usage:" is "用法："."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        """Usage with the Chinese prefix, unless argparse asks for another (``""``)."""
        chinese = ARGPARSE_ZH["usage: "] if prefix is None else prefix
        super().add_usage(usage, actions, groups, chinese)

    def _split_lines(self, text: str, width: int) -> list[str]:
        """The help wrapped by what it shows: a Chinese character takes two columns."""
        return wrap(text, width)


#: What a line may break between: a run of Latin letters, digits and signs stays whole.
_TOKENS = re.compile(r"[!-~]+|\s+|.")


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` columns, broken between characters or words.

    argparse counts characters, so a Chinese help would run twice as wide as the
    terminal; each CJK character may end a line, a Latin word may not be cut.
    """
    lines: list[str] = []
    line, used = "", 0
    for token in _TOKENS.findall(" ".join(text.split())):
        size = _columns(token)
        if used + size > width and line.strip():
            lines.append(line.rstrip())
            line, used = "", 0
        if not line and token.isspace():
            continue
        line, used = line + token, used + size
    if line.strip():
        lines.append(line.rstrip())
    return lines


class ChineseParser(argparse.ArgumentParser):
    """A parser whose usage errors are Chinese (its texts are set by `localise`)."""

    def error(self, message: str) -> NoReturn:
        """Usage, then ``gkreport validate: 错误：…`` on stderr, exit status 2 (as argparse)."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {ARGPARSE_ZH['error']}：{chinese_error(message)}\n")


def chinese_error(message: str) -> str:
    """A usage error of argparse in Chinese, piece by piece (``argument -j/--jobs: …``).

    A message of no known shape stays as it is: English is better than nothing.
    """
    argument = _ARGUMENT.match(message)
    if argument is not None:
        return f"参数 {argument.group(1)}：{chinese_error(argument.group(2))}"
    for pattern, zh in _ERRORS:
        match = pattern.match(message)
        if match is not None:
            return match.expand(zh)
    return message


def localise(parser: argparse.ArgumentParser, command: str = ROOT) -> argparse.ArgumentParser:
    """Make ``parser`` (and each command's parser under it) Chinese, in place; returns it."""
    parser.__class__ = ChineseParser
    parser.formatter_class = ChineseFormatter
    if command == ROOT:
        parser.description = translation(ROOT, "description") or parser.description
    else:
        parser.description = translation(command, "summary") or parser.description
    parser.epilog = translation(command, "epilog") or parser.epilog
    for group in parser._action_groups:
        group.title = ARGPARSE_ZH.get(group.title or "", group.title)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                choice.help = translation(choice.dest, "summary") or choice.help
            for name, sub in action.choices.items():
                localise(sub, name)
        elif isinstance(action, argparse._HelpAction):
            action.help = ARGPARSE_ZH["show this help message and exit"]
        elif action.help is not None and action.help is not argparse.SUPPRESS:
            action.help = translation(command, action.dest) or action.help
    return parser
