"""The wheel carries the schemas, so ``gkreport.schema()`` works outside the repo."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


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
