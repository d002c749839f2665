"""One table of UI words per adapter, in every language, read by the renderer and the CLI."""

from __future__ import annotations

import re

import pytest

import gkreport
from gkreport._cli import main
from gkreport._words import COMMAND, LANGS, PAGE
from tests.reference import EXAMPLES

CJK = re.compile("[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
TABLES = {"page": PAGE, "command": COMMAND}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_language_has_every_word(name):
    table = TABLES[name]
    assert tuple(table) == LANGS
    keys = {lang: set(words) for lang, words in table.items()}
    assert keys["en"] == keys["zh"]


@pytest.mark.parametrize("name", sorted(TABLES))
def test_english_words_are_english_and_chinese_words_chinese(name):
    table = TABLES[name]
    for key, word in table["en"].items():
        assert not CJK.search(word), (key, word)
        assert CJK.search(table["zh"][key]), key


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("to", ["html", "md"])
def test_the_page_speaks_the_words_of_its_language(lang, to):
    report = gkreport.load(EXAMPLES / "qianxinan-2023.json")
    page = gkreport.render.render(report, to, gkreport.validate(report).findings, lang=lang)
    assert PAGE[lang]["findings"] in page
    assert PAGE[lang]["format"] in page


def test_render_refuses_a_language_without_words():
    report = gkreport.load(EXAMPLES / "qianxinan-2023.json")
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        gkreport.render.render(report, "html", lang="fr")  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", LANGS)
def test_the_command_speaks_the_words_of_its_language(capsys, lang):
    main(["validate", "--lang", lang, str(EXAMPLES / "qianxinan-2023.json")])
    out = capsys.readouterr().out
    words = COMMAND[lang]
    for key in ("file", "code", "severity", "message", "files", "clean", "by_code"):
        assert words[key] in out, key


def test_the_command_offers_exactly_the_languages_with_words(capsys):
    with pytest.raises(SystemExit):
        main(["validate", "--lang", "fr", str(EXAMPLES / "qianxinan-2023.json")])
    assert "choose from 'zh', 'en'" in capsys.readouterr().err
