"""``--help`` and usage errors in Chinese (`gkreport._cli.help_zh`)."""

from __future__ import annotations

import argparse
import re
import unicodedata

import pytest

from gkreport._cli import build_parser, main
from gkreport._cli.help_zh import ROOT, chinese_error, localise, translation, wants_chinese, wrap
from gkreport._cli.options import add_review_options
from gkreport._forms import registry

CJK = re.compile(r"[\u4e00-\u9fff]")
LOCALE = ("LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture(autouse=True)
def english_locale(monkeypatch):
    """Each test sets the locale it means; none inherits the machine's."""
    for name in LOCALE:
        monkeypatch.delenv(name, raising=False)


def commands():
    """Every command's parser by name, the command itself as `ROOT`."""
    parser = build_parser()
    found = {ROOT: parser}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    return found


def helped(parser):
    return [
        action
        for action in parser._actions
        if action.help not in (None, argparse.SUPPRESS)
        and not isinstance(action, (argparse._HelpAction, argparse._SubParsersAction))
    ]


def help_text(capsys, *argv):
    with pytest.raises(SystemExit) as stopped:
        main(list(argv))
    assert stopped.value.code == 0
    return capsys.readouterr().out


# --- which language -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "environ", "chinese"),
    [
        (["validate", "-h"], {}, False),
        (["validate", "-h", "--lang", "zh"], {}, True),
        (["validate", "--lang=zh", "-h"], {}, True),
        (["validate", "--lang", "zh", "--lang", "en", "-h"], {}, False),  # the last one wins
        (["validate", "-h"], {"LANG": "zh_CN.UTF-8"}, True),
        (["validate", "-h"], {"LANG": "zh_TW.Big5"}, True),
        (["validate", "-h"], {"LANG": "en_US.UTF-8"}, False),
        (["validate", "-h", "--lang", "en"], {"LANG": "zh_CN.UTF-8"}, False),
        (["validate", "-h"], {"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, False),  # LC_ALL first
        (["validate", "-h"], {"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "C"}, True),
        (["validate", "-h"], {"LC_ALL": "", "LANG": "zh_CN.UTF-8"}, True),  # empty is unset
        (["validate", "--lang", "fr", "-h"], {"LANG": "zh_CN"}, True),  # not a language of ours
        (["validate", "--", "--lang", "zh"], {}, False),  # a path named --lang
    ],
)
def test_the_language_is_the_last_lang_else_the_locale(argv, environ, chinese):
    assert wants_chinese(argv, environ) is chinese


# --- every text in Chinese ------------------------------------------------------------------------


def test_every_help_text_of_every_command_has_its_chinese():
    missing = []
    for name, parser in commands().items():
        keys = ["epilog", "description" if name == ROOT else "summary"]
        keys += [action.dest for action in helped(parser)]
        missing += [f"{name}.{key}" for key in keys if not CJK.search(translation(name, key) or "")]
    assert missing == []


def test_each_chinese_epilog_keeps_every_example_of_the_english_one():
    for name, parser in commands().items():
        examples = [line.split("#")[0].rstrip() for line in parser.epilog.splitlines()]
        examples = [line for line in examples if line.startswith("  ")]
        assert examples, name
        chinese = translation(name, "epilog")
        assert all(example in chinese for example in examples), name


@pytest.mark.parametrize("command", [name for name in commands() if name != ROOT])
def test_each_command_help_is_chinese_throughout(capsys, command):
    shown = help_text(capsys, command, "--help", "--lang", "zh")
    assert shown.startswith(f"用法：gkreport {command} ")
    for english in ("usage:", "positional arguments", "options:", "show this help", "examples:"):
        assert english not in shown
    assert "选项:" in shown
    assert "显示此帮助信息并退出" in shown
    assert "示例：" in shown
    parser = commands()[command]
    for action in helped(parser):
        assert action.help not in shown, action.dest  # the English help is not there
    assert translation(command, "summary") in shown


def test_the_command_itself_and_the_locale(capsys, monkeypatch):
    shown = help_text(capsys, "--help", "--lang", "zh")
    assert "命令:" in shown
    assert "按全部规则检查报告" in shown  # validate's summary in the list of commands
    assert "显示程序版本号并退出" in shown
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert help_text(capsys, "render", "-h").startswith("用法：gkreport render")
    assert help_text(capsys, "render", "-h", "--lang", "en").startswith("usage: gkreport render")


def test_english_stays_english_and_the_parser_of_build_parser_is_untouched(capsys):
    english = help_text(capsys, "validate", "--help")
    assert english.startswith("usage: gkreport validate")
    assert "show this help message and exit" in english
    assert not CJK.search(english.replace("洪泽区人民政府 = 淮安市洪泽区人民政府", ""))
    help_text(capsys, "validate", "--help", "--lang", "zh")
    assert build_parser().format_help() == build_parser().format_help()
    assert "usage: gkreport" in build_parser().format_help()


def test_the_template_help_names_the_current_form_without_spelling_it(capsys):
    shown = help_text(capsys, "template", "-h", "--lang", "zh")
    assert f"表式（默认 {registry.current().id}）" in shown


# --- usage errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["validate", "--lang", "zh"], "gkreport validate: 错误：缺少必需的参数：PATH"),
        (["validate", "x", "-j", "-1", "--lang", "zh"], "参数 -j/--jobs：-1 是负数；请给出 0"),
        (["validate", "x", "-j", "many", "--lang", "zh"], "参数 -j/--jobs：'many' 不是整数"),
        (["validate", "x", "--lang", "zh", "--bogus"], "错误：无法识别的参数：--bogus"),
        (["render", "x", "--to", "pdf", "--lang", "zh"], "参数 --to：无效的选项值 'pdf'（可选："),
        (["validate", "x", "-q", "-v", "--lang", "zh"], "参数 -v/--verbose：不能与参数 -q/--quiet"),
    ],
)
def test_usage_errors_are_chinese_with_the_usage_and_status_2(capsys, argv, said):
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("用法：")
    assert said in err


def test_an_error_of_no_known_shape_stays_as_it_is():
    assert chinese_error("something new") == "something new"
    assert chinese_error("argument X: something new") == "参数 X：something new"


# --- wrapping by width ----------------------------------------------------------------------------


def columns(line):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


@pytest.mark.parametrize("width", [20, 33, 54])
def test_chinese_help_wraps_by_columns_and_never_cuts_a_latin_word(width):
    text = translation("validate", "json")
    lines = wrap(text, width)
    assert all(columns(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    joined = " ".join(lines)  # a word cut in two would show here as two
    assert all(word in joined for word in re.findall(r"[!-~]+", text))
    assert any("record.schema.json" in line for line in lines)


def test_a_command_with_the_shared_review_options_gets_their_chinese():
    parser = argparse.ArgumentParser(prog="gkreport review")
    add_review_options(parser)
    shown = localise(parser, "review").format_help()
    assert "只检查这些规则" in shown
    assert "显示此帮助信息并退出" in shown
    assert "only these rules" not in shown
