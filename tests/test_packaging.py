"""Every install carries the schemas, so ``gkreport.schema()`` works outside the repo.

The schemas are tracked once, in the package (``gkreport/schemas``); the top-level
``schemas/`` is a symlink to it. Each install kind is built and installed offline with
the hatchling of the test environment: the wheel, an install from the sdist and an
editable install (the README's ``pip install -e``).
"""

import json
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "qingzhen-2020.json"

#: Run by the installed interpreter: where gkreport came from and how it was installed,
#: every schema it loads, and whether an example is valid against ``report`` (its $ref
#: reach the other files).
PROBE = """
import json, sys
from importlib import metadata
import gkreport
from gkreport._ruledata import rule_data
from gkreport._schema import schema_names, validator
example = json.loads(open(sys.argv[1], encoding="utf-8").read())
installed = metadata.distribution("gkreport").read_text("direct_url.json") or "null"
print(json.dumps({
    "file": gkreport.__file__,
    "direct_url": json.loads(installed),
    "schemas": {name: gkreport.schema(name) for name in schema_names()},
    "example_valid": validator("report").is_valid(example),
    "rules": rule_data(),
}))
"""


def repo_schemas() -> dict[str, dict]:
    """The schemas as a user of the repository sees them, at the top-level ``schemas/``."""
    return {
        path.name.removesuffix(".schema.json"): json.loads(path.read_text("utf-8"))
        for path in sorted((ROOT / "schemas").glob("*.schema.json"))
    }


def pip(*args: str, python: str = sys.executable) -> None:
    """Install offline, from what is at hand, with this environment's hatchling."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    command = [python, "-m", "pip", "install", "-q", "--no-index", "--no-build-isolation"]
    subprocess.run([*command, "--no-deps", *args], check=True, capture_output=True, env=env)


def probe(python: str, cwd: Path, env: dict[str, str]) -> dict:
    """What an installed gkreport loads, run away from the checkout."""
    result = subprocess.run(
        [python, "-c", PROBE, str(EXAMPLE)],
        check=True,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
    )
    return json.loads(result.stdout)


def assert_loads_every_schema(found: dict, package: Path) -> None:
    assert Path(found["file"]).parent == package
    assert found["schemas"] == repo_schemas()
    # report, its two formats, findings, record, rule-catalog, service-result, error
    assert len(found["schemas"]) == 8
    assert found["rules"] == json.loads((ROOT / "schemas" / "rules.json").read_text("utf-8"))
    assert found["example_valid"] is True


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    return next(out.glob("gkreport-*.whl"))


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sdist")
    build = "import sys, hatchling.build; hatchling.build.build_sdist(sys.argv[1])"
    subprocess.run(
        [sys.executable, "-c", build, str(out)], check=True, capture_output=True, cwd=ROOT
    )
    return next(out.glob("gkreport-*.tar.gz"))


def test_the_wheel_ships_every_schema_of_the_repo(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for schema in sorted((ROOT / "schemas").glob("*.schema.json")):
            member = f"gkreport/schemas/{schema.name}"
            assert member in names
            assert archive.read(member).decode("utf-8") == schema.read_text("utf-8")
        assert "gkreport/py.typed" in names


def test_schema_loads_from_the_installed_wheel(wheel, tmp_path):
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(tmp_path / "site")
    code = "import gkreport; print(gkreport.schema('report')['$id'])"
    result = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "site")},
    )
    assert result.stdout.strip() == "https://gkreport.org/schemas/1/report.schema.json"


def test_the_wheel_installed_by_pip_loads_every_schema(wheel, tmp_path):
    site = tmp_path / "site"
    pip("--target", str(site), str(wheel))
    found = probe(sys.executable, tmp_path, {"PYTHONPATH": str(site)})
    assert_loads_every_schema(found, site / "gkreport")


def test_the_sdist_holds_the_schemas_as_files_in_both_places(sdist):
    with tarfile.open(sdist) as archive:
        members = {member.name.split("/", 1)[1]: member for member in archive.getmembers()}
        for name, document in repo_schemas().items():
            for folder in ("gkreport/schemas", "schemas"):
                member = members[f"{folder}/{name}.schema.json"]
                assert member.isfile()
                assert json.loads(archive.extractfile(member).read()) == document


def test_the_sdist_installed_by_pip_loads_every_schema(sdist, tmp_path):
    site = tmp_path / "site"
    pip("--target", str(site), str(sdist))
    found = probe(sys.executable, tmp_path, {"PYTHONPATH": str(site)})
    assert_loads_every_schema(found, site / "gkreport")


def test_the_editable_install_loads_every_schema_from_the_checkout(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", str(venv)],
        check=True,
        capture_output=True,
    )
    python = str(venv / ("Scripts" if os.name == "nt" else "bin") / "python")
    pip("-e", str(ROOT), python=python)  # pip itself comes from the system site-packages
    found = probe(python, tmp_path, {})
    assert found["direct_url"]["dir_info"] == {"editable": True}
    assert_loads_every_schema(found, ROOT / "gkreport")
