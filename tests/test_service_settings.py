"""The operator's choices for ``gkreport serve``: sizes, limits, and the command line."""

import sys

import pytest

from gkreport._cli import main
from gkreport._service.openapi import document
from gkreport._service.settings import Settings, parse_size


@pytest.mark.parametrize(
    ("text", "size"),
    [("20M", 20 * 2**20), ("512k", 512 * 2**10), ("1000000", 1000000), ("1GiB", 2**30)],
)
def test_sizes_people_write(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["0", "", "-5M", "1.5M", "20 MB and more", "M"])
def test_sizes_that_are_not(text):
    with pytest.raises(ValueError, match="not a size"):
        parse_size(text)


def test_settings_refuse_nothing_or_less():
    assert Settings().host == "127.0.0.1"
    assert Settings().cors == ()
    with pytest.raises(ValueError, match="time_limit"):
        Settings(time_limit=0)
    with pytest.raises(ValueError, match="workers"):
        Settings(workers=-1)


def test_serve_has_help_with_an_example(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    for option in ("--host", "--port", "--workers", "--cors", "--max-upload", "--time-limit"):
        assert option in out
    assert "  gkreport serve " in out.split("examples:")[1]


def test_serve_help_names_the_schema_of_every_answer_the_openapi_declares(capsys):
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    answers = capsys.readouterr().out.split("answers, each described by a schema")[1]
    declared = {ref["$ref"] for ref in document()["components"]["schemas"].values()}
    named = {name for name in answers.split() if name.endswith(".schema.json")}
    assert {f"v1/schemas/{name}" for name in named} == declared
    assert "rules.json" in answers


def test_a_wrong_setting_is_a_usage_error(capsys):
    assert main(["serve", "--max-upload", "lots"]) == 2
    assert "not a size: 'lots'" in capsys.readouterr().err
    assert main(["serve", "--time-limit", "-1"]) == 2
    assert "time_limit must be above zero" in capsys.readouterr().err


def test_without_the_server_extra_serve_says_what_to_install(capsys, monkeypatch):
    for name in [m for m in sys.modules if m.startswith(("gkreport._service", "starlette."))]:
        monkeypatch.delitem(sys.modules, name)
    for name in ("starlette", "uvicorn"):
        monkeypatch.setitem(sys.modules, name, None)  # an import of it now fails
    assert main(["serve"]) == 2
    assert "pip install 'gkreport[server]'" in capsys.readouterr().err
