"""The generated files are current: regenerate with ``python tools/generate.py``."""

import os

import pytest

from tools import generate
from tools.generate import ROOT, generated_files

FILES = list(generated_files())
PACKAGE_SCHEMAS = ROOT / "gkreport" / "schemas"


@pytest.mark.parametrize(
    ("path", "produce"), FILES, ids=[str(p.relative_to(ROOT)) for p, _ in FILES]
)
def test_generated_file_is_current(path, produce):
    assert path.exists(), f"{path} is missing: run python tools/generate.py"
    assert path.read_text("utf-8") == produce(), f"{path} is stale: run python tools/generate.py"


def test_check_mode_passes_on_the_repository(capsys):
    assert generate.main(["--check"]) == 0
    assert capsys.readouterr().out == ""


def test_an_empty_tree_is_all_stale_until_generated(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(generate, "ROOT", tmp_path)
    expected = sorted(path.relative_to(ROOT).as_posix() for path, _ in FILES)

    assert generate.main(["--check"]) == 1
    listed = capsys.readouterr().out.splitlines()
    assert sorted(listed) == [f"stale: {name}" for name in expected]
    assert not any(tmp_path.iterdir())  # --check writes nothing

    assert generate.main([]) == 0
    assert sorted(capsys.readouterr().out.splitlines()) == [f"wrote {name}" for name in expected]
    for path, _ in FILES:
        copy = tmp_path / path.relative_to(ROOT)
        assert copy.read_bytes() == path.read_bytes()
    assert generate.stale_files() == []


def test_schemas_are_written_once_into_the_package():
    written = {path.parent for path, _ in FILES if path.name.endswith(".schema.json")}
    assert written == {PACKAGE_SCHEMAS}


def test_top_level_schemas_show_the_package_copy():
    top = ROOT / "schemas"
    names = sorted(p.name for p in top.glob("*.schema.json"))
    assert names == sorted(p.name for p in PACKAGE_SCHEMAS.glob("*.schema.json"))
    assert names, "no schema under schemas/"
    for name in names:
        assert (top / name).read_bytes() == (PACKAGE_SCHEMAS / name).read_bytes()


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout (an sdist copies)")
def test_top_level_schemas_is_a_link_in_the_repository():
    assert (ROOT / "schemas").is_symlink()
    assert os.readlink(ROOT / "schemas") == os.path.join("gkreport", "schemas")
