"""The README's Development section names files and tests that exist.

Its lines say where a new format, rule, input format and message go; each names the
module and the test that keeps it true, so a move that forgets the README fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _development_section() -> str:
    readme = (ROOT / "README.md").read_text("utf-8")
    return readme.split("## Development", 1)[1]


def test_every_path_the_development_section_names_exists():
    named = set(re.findall(r"`((?:gkreport|tests|tools)/[\w/.]+)`", _development_section()))
    named |= set(re.findall(r"python ((?:tools|benchmarks)/\w+\.py)", _development_section()))
    assert {"gkreport/_forms/layout.py", "tests/test_rules.py", "tools/generate.py"} <= named
    assert sorted(path for path in named if not (ROOT / path).exists()) == []


def test_the_toy_change_each_line_cites_is_in_its_test():
    cited = {
        "tests/test_forms.py": "registered(",
        "tests/test_rules.py": "catalog.registered(",
        "tests/test_readers.py": "register(",
    }
    for test, call in cited.items():
        assert test in _development_section()
        assert call in (ROOT / test).read_text("utf-8"), test
