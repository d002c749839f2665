"""docs/snippets: the README's "Using the schemas from other languages" examples run as shown.

The Python and JavaScript snippets are the files under ``docs/snippets``; the page
(``docs/other-languages.md``, and the README section when it is there) shows them
verbatim. Each must check a payload's structure and arithmetic from ``schemas/`` alone
and find what gkreport finds: nothing in a clean report; the schema problem and the same
F1–F4 findings in a broken one.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import gkreport
from tests.node import ajv_folder, run_script
from tests.reference import EXAMPLES

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = ROOT / "docs" / "snippets"
SCHEMAS = ROOT / "schemas"
SECTION = "Using the schemas from other languages"
CLEAN = EXAMPLES / "qingzhen-2020.json"


def broken(folder: Path) -> Path:
    data = json.loads(CLEAN.read_text("utf-8"))
    data["applications"]["new"]["total"] += 1
    data["appeals"]["review"]["upheld"] += 2
    data["colour"] = "red"
    path = folder / "broken.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def expected(path: Path) -> list[tuple[str, str]]:
    """gkreport's F1–F4 failures, those a diagnosis explains included (one problem, one finding)."""
    findings = gkreport.validate(json.loads(path.read_text("utf-8"))).findings
    every = [e for f in findings for e in (f, *_explained(f))]
    return sorted((f.code, f.path) for f in every if f.code in ("F1", "F2", "F3", "F4"))


def _explained(finding: gkreport.Finding) -> list[gkreport.Finding]:
    return [e for f in finding.explains for e in (f, *_explained(f))]


def findings(output: str) -> tuple[list[tuple[str, str]], list[str]]:
    lines = [json.loads(line) for line in output.splitlines()]
    arithmetic = sorted((f["code"], f["path"]) for f in lines if f["code"] != "schema")
    return arithmetic, [f["path"] for f in lines if f["code"] == "schema"]


def _blocks(text: str) -> list[str]:
    """The Python and JavaScript code blocks, fenced by ``` (docs) or ~~~ (the README, whose
    ``` blocks are the shell commands a fresh-clone check runs)."""
    fenced = r"(```|~~~)(?:python|javascript)\n(.*?)\1"
    return [m.group(2) for m in re.finditer(fenced, text, re.S)]


def test_the_page_shows_each_snippet_verbatim():
    sources = [(SNIPPETS / name).read_text("utf-8") for name in ("validate.py", "validate.mjs")]
    assert _blocks((ROOT / "docs" / "other-languages.md").read_text("utf-8")) == sources
    readme = (ROOT / "README.md").read_text("utf-8")
    if f"## {SECTION}" in readme:  # the README section, once it carries the page's text
        section = readme.split(f"## {SECTION}", 1)[1].split("\n## ", 1)[0]
        assert _blocks(section) == sources


def test_the_python_snippet_finds_what_gkreport_finds(tmp_path):
    def run(path: Path) -> str:
        done = subprocess.run(
            [sys.executable, str(SNIPPETS / "validate.py"), str(SCHEMAS), str(path)],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return done.stdout

    assert run(CLEAN) == ""
    bad = broken(tmp_path)
    arithmetic, schema = findings(run(bad))
    assert arithmetic == expected(bad)
    assert len(arithmetic) >= 3
    assert schema == [""]


@pytest.mark.slow
def test_the_javascript_snippet_finds_what_gkreport_finds(tmp_path_factory, tmp_path):
    folder = ajv_folder(tmp_path_factory.mktemp("node"))
    clean = run_script(folder, SNIPPETS / "validate.mjs", str(SCHEMAS), str(CLEAN))
    assert (clean.returncode, clean.stdout) == (0, ""), clean.stderr
    bad = broken(tmp_path)
    done = run_script(folder, SNIPPETS / "validate.mjs", str(SCHEMAS), str(bad))
    assert done.returncode == 0, done.stderr
    arithmetic, schema = findings(done.stdout)
    assert arithmetic == expected(bad)
    assert set(schema) == {""}  # the unknown property, at the root
