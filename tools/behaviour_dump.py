"""Dump what gkreport makes of every bundled and corpus report, to prove a refactor changes nothing.

Run it before and after a structural change and diff the two folders::

    python tools/behaviour_dump.py /tmp/before
    ... change ...
    python tools/behaviour_dump.py /tmp/after
    diff -r /tmp/before /tmp/after

For every example, seed and corpus report (text and PDF) it writes the interchange
JSON (``to_dict``), the validation result (``validate(...).to_dict()``), the HTML
and Markdown renderings with findings, and what the HTML, Markdown and workbook
readers make of the rendered or written report, so that the model, the validator,
the renderer and every reader are covered. Only the public API is used, so the
script runs unchanged on both sides of a refactor.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import simplejson

import gkreport

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def inputs() -> Iterator[tuple[str, Path]]:
    """Every report the dump covers, with a stable name for its output files."""
    for path in sorted((ROOT / "examples").glob("*.json")):
        yield f"example-{path.stem}", path
    for path in sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt")):
        yield f"seed-{path.stem}", path
    for path in sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.expected.json")):
        yield f"seed-{path.name.removesuffix('.expected.json')}-expected", path
    if CORPUS.is_dir():
        for path in sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.pdf")):
            if path.stem[:1].isdigit() and not path.stem.startswith("9"):
                yield f"corpus-{path.name}", path


def _json(data: object) -> str:
    return simplejson.dumps(data, ensure_ascii=False, indent=1, sort_keys=True, use_decimal=True)


def dump_one(name: str, path: Path, out: Path, scratch: Path) -> None:
    """Write every view of one report into ``out``, prefixed by ``name``."""
    try:
        report = gkreport.load(path)
    except gkreport.GkreportError as exc:
        (out / f"{name}.error.txt").write_text(f"{type(exc).__name__}: {exc}\n", "utf-8")
        return
    result = gkreport.validate(report)
    (out / f"{name}.report.json").write_text(_json(gkreport.to_dict(report)), "utf-8")
    (out / f"{name}.sources.json").write_text(_json(dict(report.sources)), "utf-8")
    (out / f"{name}.findings.json").write_text(_json(result.to_dict()), "utf-8")
    render = gkreport.render.render
    for to in ("html", "md"):
        page = render(report, to, result.findings)
        (out / f"{name}.{to}").write_text(page, "utf-8")
        (out / f"{name}.{to}.en").write_text(
            render(report, to, result.findings, lang="en"), "utf-8"
        )
        page_file = scratch / f"{name}.{to}"
        page_file.write_text(page, "utf-8")
        _reread(name, f"from-{to}", page_file, out)
    workbook = scratch / f"{name}.xlsx"
    gkreport.dump(report, workbook)
    _reread(name, "from-xlsx", workbook, out)


def _reread(name: str, kind: str, path: Path, out: Path) -> None:
    try:
        again = gkreport.load(path)
    except gkreport.GkreportError as exc:
        (out / f"{name}.{kind}.error.txt").write_text(f"{type(exc).__name__}: {exc}\n", "utf-8")
        return
    (out / f"{name}.{kind}.json").write_text(_json(gkreport.to_dict(again)), "utf-8")
    findings = gkreport.validate(again).to_dict()
    (out / f"{name}.{kind}.findings.json").write_text(_json(findings), "utf-8")


def main(argv: list[str]) -> int:
    """Dump every report into the folder named on the command line."""
    if len(argv) != 1:
        print("usage: python tools/behaviour_dump.py OUT_DIR", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        for name, path in inputs():
            dump_one(name, path, out, Path(scratch))
    print(f"wrote {len(list(out.iterdir()))} files to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
