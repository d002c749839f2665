"""examples/archive_with_dask.py: an archive checked on a local Dask cluster, as Parquet.

The example runs for real, in a child process with a timeout, on a local cluster
of two worker processes with one thread each, over a tree holding the bundled
examples and (where it is beside the repository) the real-report corpus; each
Parquet row and finding is compared with what `gkreport.load` and
`gkreport.validate` say of the same file.
"""

import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import gkreport
from gkreport._readers.dispatch import readable_suffixes
from tests.reference import CORPUS, EXAMPLES

pq = pytest.importorskip("pyarrow.parquet", reason="the gkreport[dask] extra is not installed")
pytest.importorskip("dask.distributed", reason="the gkreport[dask] extra is not installed")

SCRIPT = Path(__file__).resolve().parents[1] / "examples" / "archive_with_dask.py"
TIMEOUT = 600  # seconds for the whole run, cluster start and stop included


def example_module():
    """The example's helpers (it is a script, not a package module)."""
    import importlib.util  # noqa: PLC0415

    spec = importlib.util.spec_from_file_location("archive_with_dask", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def archived(tmp_path_factory):
    """The example run over a tree of examples and corpus files: (tree, rows, findings)."""
    tree = tmp_path_factory.mktemp("archive")
    (tree / "examples").mkdir()
    for path in EXAMPLES.glob("*.json"):
        shutil.copy(path, tree / "examples" / path.name)
    if CORPUS.is_dir():
        shutil.copytree(CORPUS, tree / "2024" / "corpus")
    (tree / "notes.ppt").write_text("not a report", "utf-8")  # not read
    (tree / ".hidden").mkdir()
    shutil.copy(next(EXAMPLES.glob("*.json")), tree / ".hidden" / "x.json")  # not read
    out = tree.parent / f"{tree.name}.parquet"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(tree), str(out), "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rows = pq.read_table(out).to_pylist()
    findings = pq.read_table(out.with_suffix(".findings.parquet")).to_pylist()
    return tree, rows, findings


def test_the_example_knows_every_file_type_gkreport_reads():
    assert set(readable_suffixes()) == example_module().SUFFIXES


def test_one_row_per_report_file_in_path_order(archived):
    tree, rows, _ = archived
    expected = sorted(
        path.relative_to(tree).as_posix()
        for path in tree.rglob("*")
        if path.suffix in readable_suffixes() and ".hidden" not in path.parts
    )
    assert [row["file"] for row in rows] == expected
    assert any(row["file"].startswith("examples/") for row in rows)


def leaves(data, prefix=""):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, f"{prefix}.{key}" if prefix else key)
    else:
        yield prefix, data


def load(path):
    """The report at ``path`` and None, or None and why it cannot be read."""
    try:
        return gkreport.load(path), None
    except gkreport.GkreportError as exc:
        return None, str(exc)


def test_each_row_says_what_load_and_validate_say(archived):
    tree, rows, findings = archived
    checked = 0
    for row in rows:
        path = tree / row["file"]
        report, error = load(path)
        if report is None:
            assert row["error"] == error
            assert row["format"] is None
            assert [f for f in findings if f["file"] == row["file"]] == []
            continue
        checked += 1
        data = gkreport.to_dict(report)
        assert row["error"] is None
        assert (row["format"], row["agency"], row["year"]) == (
            data["format"],
            data["agency"],
            data["year"],
        )
        result = gkreport.validate(report).to_dict()["findings"]
        for severity in ("error", "warning", "info"):
            assert row[f"{severity}s"] == sum(1 for f in result if f["severity"] == severity)
        mine = [f for f in findings if f["file"] == row["file"]]
        assert [(f["code"], f["severity"], f["path"], f["message"]) for f in mine] == [
            (f["code"], f["severity"], f["path"], f["message"]) for f in result
        ]
        texts = json.loads(row["cell_texts"] or "{}")
        for section in ("proactive", "applications", "appeals"):
            for name, value in leaves(data[section], section):
                if isinstance(value, Decimal):
                    assert row[name] == float(value), name  # the fee, in 万元
                elif isinstance(value, int):
                    assert row[name] == value, name
                else:
                    assert row[name] is None, name
                    assert texts.pop(name, None) == (None if value is None else str(value))
        assert texts == {}
    assert checked >= 2 + (4 if CORPUS.is_dir() else 0)


def test_cells_of_another_format_are_null_and_every_cell_has_a_column(archived):
    _, rows, _ = archived
    columns = example_module().cell_columns()
    assert set(columns) <= set(rows[0])
    assert "applications.new.total" in columns
    formats = {row["format"] for row in rows if row["format"] is not None}
    assert len(formats) == 2  # the examples hold one report of each format
    for format_id in formats:
        blank = gkreport.to_dict(gkreport.from_dict({"format": format_id}))
        own = {
            name
            for section in ("proactive", "applications", "appeals")
            for name, _ in leaves(blank[section], section)
        }
        assert own < set(columns)  # the other format's cells are columns too
        for row in rows:
            if row["format"] == format_id:
                assert all(row[name] is None for name in set(columns) - own)
