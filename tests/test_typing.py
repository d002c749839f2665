"""The shipped package type-checks: `py.typed` is a promise, and mypy keeps it.

mypy runs as a subprocess with the ``[tool.mypy]`` settings of pyproject.toml
(strict, on ``gkreport/``), exactly as a developer runs ``python -m mypy``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _mypy(cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    pytest.importorskip("mypy.api", reason="mypy is not installed (pip install -e '.[test]')")
    command = [sys.executable, "-m", "mypy", "--config-file", "pyproject.toml"]
    return subprocess.run(
        [*command, "--cache-dir", str(cache), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_test_extra_pins_one_mypy_version() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    assert re.search(r'^\s*"mypy==\d+\.\d+\.\d+",', pyproject, re.MULTILINE)


def test_package_is_clean_under_mypy_strict(tmp_path: Path) -> None:
    result = _mypy(tmp_path)
    report = result.stdout + result.stderr
    assert result.returncode == 0, f"mypy found:\n{report}"
    assert report.startswith("Success: no issues found"), report


def test_config_is_strict(tmp_path: Path) -> None:
    # The clean result above means something only if the config is strict: an
    # unannotated function must be an error under it.
    snippet = tmp_path / "snippet.py"
    snippet.write_text("def double(x):\n    return 2 * x\n", "utf-8")
    result = _mypy(tmp_path / "cache", str(snippet))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "[no-untyped-def]" in result.stdout
