"""The bundled examples are what the README promises: real reports that validate cleanly."""

import subprocess
import sys
from pathlib import Path

import pytest

import gkreport

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))


def test_there_is_an_example_of_each_format():
    assert {gkreport.load(path).format for path in EXAMPLES} == set(gkreport._forms.layout.FORMATS)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_has_no_errors_so_the_readme_command_exits_0(path):
    assert not gkreport.validate(gkreport.load(path)).errors


def test_quickstart_runs():
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "quickstart.py")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "清镇市人民政府 2020 (2019 format)" in result.stdout
