"""Validate an archive of reports on a Dask cluster; one Parquet row per report.

    python examples/archive_with_dask.py IN_DIR OUT.parquet [--scheduler ADDRESS]
        [--workers N] [--partition-size N] [--findings FINDINGS.parquet]

Every report under ``IN_DIR`` (any file type gkreport reads, folders walked
recursively, hidden entries left out) is read with `gkreport.load` and checked
with `gkreport.validate` by a `dask.bag`, on a local cluster of one process per
CPU by default or on the running cluster at ``--scheduler`` (``tcp://host:8786``;
every worker needs gkreport installed and the files at the same path).

``OUT.parquet`` has one row per file, in sorted path order:

* ``file`` (the path relative to ``IN_DIR``), ``error`` (why the file could not be
  read, else null), ``format``, ``agency``, ``year``;
* ``errors``, ``warnings``, ``infos``: how many findings of each severity;
* ``cell_texts``: the cells that hold a text rather than a number, as a JSON
  object (``{"proactive.fees.amount": "2290.54万元"}``), else null;
* one column per table cell, named by its place in the report JSON
  (``applications.new.total``, ``proactive.fees.amount``) for every cell of every
  registered format (a cell the report's format lacks is null, and so is one
  holding a text): counts as int64, the fee (万元) as float64.

The findings go to a second file (``OUT.findings.parquet`` unless ``--findings``
says where): one row per finding, with its file, code, severity, path, location,
label, messages (Chinese and English) and expected and actual values as text.

The column building here is a small helper of this example, kept apart from the
package on purpose; it uses only gkreport's public API. Install the engine with
``pip install "gkreport[dask]"`` (dask[distributed] and pyarrow).

When to use this instead of ``gkreport validate -j N``: ``-j`` is the fastest way
on one machine (no scheduler, no serialisation of results beyond the JSON lines);
Dask is for an archive that one machine cannot check in the time you have, on a
cluster, and for Parquet output to analyse. The README gives measured throughput.
"""

from __future__ import annotations

import argparse
import decimal
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import gkreport

#: The file types gkreport reads (`gkreport.load`); others in the tree are not reports.
SUFFIXES = frozenset(
    {".doc", ".docm", ".docx", ".et", ".htm", ".html", ".json"}
    | {".md", ".ods", ".pdf", ".txt", ".wps", ".xls", ".xlsb", ".xlsx"}
)
SECTIONS = ("proactive", "applications", "appeals")
SEVERITIES = ("error", "warning", "info")
FINDING_FIELDS = ("code", "severity", "path", "location", "label", "message", "message_en")
INT64 = range(-(2**63), 2**63)


# --- the columns (this example's own helper) ----------------------------------------------


def _leaves(data: Any, prefix: str) -> Iterator[tuple[str, Any]]:
    """Every value under ``data`` with its dotted path: ``applications.new.total``."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, f"{prefix}.{key}" if prefix else key)
    else:
        yield prefix, data


def cell_columns() -> dict[str, str]:
    """Every cell of every registered format, by dotted path: ``"int"`` or ``"float"``.

    The formats and the cells' types come from the packaged JSON Schemas; the
    cells themselves from a blank report of each format.
    """
    formats = gkreport.schema("report")["properties"]["format"]["enum"]
    columns: dict[str, str] = {}
    for format_id in formats:
        blank = gkreport.to_dict(gkreport.from_dict({"format": format_id}))
        schema = gkreport.schema(f"report-{format_id}")
        for section in SECTIONS:
            for name, _ in _leaves(blank[section], section):
                kind = _json_type(schema, name.split("."))
                columns.setdefault(name, "int" if kind == "integer" else "float")
    return dict(sorted(columns.items()))


def _json_type(schema: dict[str, Any], keys: list[str]) -> str:
    """The JSON type (``integer``, ``number``) of a cell in a format's JSON Schema."""
    node = schema
    for key in keys:
        while "$ref" in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        node = node["properties"][key]
    # a nullable cell is {"anyOf": [{"type": "integer", …}, {"type": "null"}]}
    branches = node.get("anyOf", [node])
    types = [branch.get("type") for branch in branches]
    return next(t for t in types if isinstance(t, str) and t != "null")


def _cell(value: Any, kind: str) -> int | float | None:
    """A cell's number for its column; None for a blank, a text, or an int64 cannot hold."""
    if isinstance(value, bool) or not isinstance(value, (int, decimal.Decimal, float)):
        return None
    if kind == "float":
        return float(value)
    return int(value) if value == int(value) and int(value) in INT64 else None


def check_one(path: str, root: str, columns: dict[str, str]) -> tuple[dict[str, Any], list[dict]]:
    """One file: its row (see the module docstring) and its findings' rows."""
    file = Path(path).relative_to(root).as_posix()
    row: dict[str, Any] = dict.fromkeys(("error", "format", "agency", "year", "cell_texts"))
    row.update({"file": file, **{f"{s}s": 0 for s in SEVERITIES}})
    row.update(dict.fromkeys(columns))
    try:
        report = gkreport.load(path)
        result = gkreport.validate(report)
    except gkreport.GkreportError as exc:
        row["error"] = str(exc)
        return row, []
    except Exception as exc:  # one bad file never stops an archive
        row["error"] = f"{path}: unexpected {type(exc).__name__}: {exc}"
        return row, []
    data = gkreport.to_dict(report)
    year = data.get("year")
    row.update(format=data["format"], agency=data.get("agency"), year=_cell(year, "int"))
    texts = {}
    for section in SECTIONS:
        for name, value in _leaves(data.get(section) or {}, section):
            if name in columns:
                row[name] = _cell(value, columns[name])
                if row[name] is None and value is not None:
                    texts[name] = str(value)  # as printed ("2290.54万元"): never dropped
    row["cell_texts"] = json.dumps(texts, ensure_ascii=False) if texts else None
    findings = []
    for finding in result.to_dict()["findings"]:
        row[f"{finding['severity']}s"] = row.get(f"{finding['severity']}s", 0) + 1
        found = {"file": file, **{key: finding.get(key) for key in FINDING_FIELDS}}
        for key in ("expected", "actual"):
            value = finding.get(key)
            found[key] = None if value is None else str(value)
        findings.append(found)
    return row, findings


def _schemas(columns: dict[str, str]) -> tuple[Any, Any]:
    import pyarrow as pa  # noqa: PLC0415 - the extra's, imported where used

    cells = [
        (name, pa.int64() if kind == "int" else pa.float64()) for name, kind in columns.items()
    ]
    rows = pa.schema(
        [
            ("file", pa.string()),
            ("error", pa.string()),
            ("format", pa.string()),
            ("agency", pa.string()),
            ("year", pa.int64()),
            *[(f"{severity}s", pa.int64()) for severity in SEVERITIES],
            ("cell_texts", pa.string()),
            *cells,
        ]
    )
    found = [("file", pa.string()), *[(key, pa.string()) for key in FINDING_FIELDS]]
    findings = pa.schema([*found, ("expected", pa.string()), ("actual", pa.string())])
    return rows, findings


def check_partition(paths: Sequence[str], root: str, columns: dict[str, str]) -> list[Any]:
    """A partition of the bag: its files' rows and findings as two Arrow tables."""
    import pyarrow as pa  # noqa: PLC0415

    rows, findings = [], []
    for path in paths:
        row, found = check_one(path, root, columns)
        rows.append(row)
        findings += found
    row_schema, finding_schema = _schemas(columns)
    return [
        (
            pa.Table.from_pylist(rows, schema=row_schema),
            pa.Table.from_pylist(findings, schema=finding_schema),
        )
    ]


# --- the run -------------------------------------------------------------------------------


def report_files(root: Path) -> list[str]:
    """Every file under ``root`` that gkreport reads, sorted; hidden entries left out."""
    found = []
    for folder, folders, files in os.walk(root, followlinks=True):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        found += [
            os.path.join(folder, name)
            for name in files
            if not name.startswith((".", "~$")) and Path(name).suffix.lower() in SUFFIXES
        ]
    return sorted(found, key=lambda path: Path(path).as_posix())


def archive(
    root: Path, out: Path, findings_out: Path, client: Any, partition_size: int = 64
) -> tuple[int, int]:
    """Check every report under ``root`` on ``client``'s cluster; write both Parquet files.

    The partitions are written in order as they come back, so the client holds
    a few partitions' tables at a time, not the archive. Returns (reports, findings).
    """
    import dask.bag as db  # noqa: PLC0415
    import pyarrow.parquet as pq  # noqa: PLC0415

    columns = cell_columns()
    paths = report_files(root)
    row_schema, finding_schema = _schemas(columns)
    bag = db.from_sequence(paths, partition_size=max(1, partition_size)) if paths else None
    futures = []
    if bag is not None:
        parts = bag.map_partitions(check_partition, str(root), columns).to_delayed()
        futures = client.compute(parts)
    reports = found = 0
    with (
        pq.ParquetWriter(out, row_schema) as rows_writer,
        pq.ParquetWriter(findings_out, finding_schema) as findings_writer,
    ):
        for future in futures:
            for rows, findings in future.result():
                rows_writer.write_table(rows)
                findings_writer.write_table(findings)
                reports += rows.num_rows
                found += findings.num_rows
            future.release()
    return reports, found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("in_dir", metavar="IN_DIR", type=Path, help="the folder of reports")
    parser.add_argument("out", metavar="OUT.parquet", type=Path, help="one row per report")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="a running Dask scheduler")
    parser.add_argument("--workers", type=int, help="local worker processes (default: CPUs)")
    parser.add_argument("--partition-size", type=int, default=64, help="files per task (64)")
    parser.add_argument("--findings", type=Path, help="default: OUT.findings.parquet")
    args = parser.parse_args(argv)
    if not args.in_dir.is_dir():
        parser.error(f"{args.in_dir} is not a folder")
    findings_out = args.findings or args.out.with_suffix(".findings.parquet")

    from dask.distributed import Client, LocalCluster  # noqa: PLC0415

    if args.scheduler:
        client = Client(args.scheduler)
        cluster = None
    else:
        cluster = LocalCluster(
            n_workers=args.workers or os.cpu_count() or 1,
            threads_per_worker=1,  # gkreport is pure Python: processes, not threads
            processes=True,
            dashboard_address=None,
        )
        client = Client(cluster)
    try:
        reports, findings = archive(
            args.in_dir, args.out, findings_out, client, args.partition_size
        )
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    print(f"{reports} reports → {args.out}; {findings} findings → {findings_out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
