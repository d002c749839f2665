"""Node.js with Ajv 2020 and ajv-formats, installed by npm into a temporary folder.

The schemas promise to work in other languages' validators; the tests prove it with the
one JavaScript validator most integrators use. Ajv is installed per test session (a few
seconds) into pytest's temporary folder, never into the repository. Where node or npm
is absent, or the npm registry cannot be reached, the tests that need it skip and say why.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

__all__ = ["AJV_PACKAGES", "ajv_folder", "run_script"]

#: What `npm install` brings: Ajv 8 (its Draft 2020-12 class) and the standard formats.
AJV_PACKAGES = ("ajv@8", "ajv-formats@3")


def ajv_folder(base: Path) -> Path:
    """A folder with ``node_modules/ajv`` and ``ajv-formats`` (skips when it cannot be made)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("node and npm are not installed (Debian: apt-get install nodejs npm)")
    folder = base / "ajv"
    folder.mkdir(exist_ok=True)
    (folder / "package.json").write_text(
        json.dumps({"name": "gkreport-schema-tests", "private": True, "type": "module"}), "utf-8"
    )
    try:
        done = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--loglevel=error", *AJV_PACKAGES],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.skip("npm install ajv timed out: the npm registry is unreachable")
    if done.returncode != 0:
        pytest.skip(
            f"npm install ajv failed (is the npm registry reachable?): {done.stderr[-500:]}"
        )
    return folder


def run_script(folder: Path, script: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a Node script from inside ``folder``, so that ``import "ajv"`` finds its modules."""
    copy = folder / script.name
    shutil.copyfile(script, copy)
    return subprocess.run(
        ["node", str(copy), *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def node_json(folder: Path, script: Path, *args: str) -> Any:
    """The JSON a script prints, failing the test with its stderr when it fails."""
    done = run_script(folder, script, *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
