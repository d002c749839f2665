"""Write the files generated from the forms and the rule catalog: table classes, schemas, docs.

Run ``python tools/generate.py`` after changing `gkreport._forms.layout` or the rule
catalog; ``--check`` writes nothing and exits 1 naming each stale file, and
``tests/test_generate.py`` fails while a committed file is stale. The schemas are written
once, into the package (``gkreport/schemas``); ``schemas/`` at the top of the repository is
a symlink to that folder, so the two places can never disagree.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if __name__ == "__main__":  # run as a script: generate from this checkout, not an installed copy
    sys.path.insert(0, str(ROOT))

from tools.conformance import case_documents  # noqa: E402
from tools.export_page import export_markdown  # noqa: E402
from tools.indicators_page import indicators_markdown  # noqa: E402
from tools.rules_data import rule_catalog_schema, rules_document  # noqa: E402
from tools.rules_page import rules_markdown  # noqa: E402
from tools.schemas import dump_json, schema_documents  # noqa: E402
from tools.structure import structure_source  # noqa: E402
from tools.tables import tables_source  # noqa: E402
from tools.version import version_source  # noqa: E402

__all__ = ["ROOT", "generated_files", "main", "stale_files"]

COMMAND = "python tools/generate.py"


def generated_files() -> Iterator[tuple[Path, Callable[[], str]]]:
    """Each generated file with the function that produces its content."""
    yield ROOT / "gkreport" / "_tables.py", tables_source
    yield ROOT / "gkreport" / "_structure_generated.py", structure_source
    yield ROOT / "gkreport" / "_version.py", version_source
    schemas = ROOT / "gkreport" / "schemas"
    for stem, document in schema_documents().items():
        yield schemas / f"{stem}.schema.json", lambda document=document: dump_json(document)
    yield schemas / "rule-catalog.schema.json", lambda: dump_json(rule_catalog_schema())
    yield schemas / "rules.json", lambda: dump_json(rules_document())
    yield ROOT / "docs" / "rules.md", rules_markdown
    yield ROOT / "docs" / "indicators.md", indicators_markdown
    yield ROOT / "docs" / "export.md", export_markdown
    cases = ROOT / "tests" / "conformance" / "cases"
    for name in case_documents():
        yield cases / f"{name}.json", lambda name=name: dump_json(case_documents()[name])


def _changes() -> Iterator[tuple[Path, str]]:
    """Each generated file whose committed content differs, with the content it should have."""
    for path, produce in generated_files():
        content = produce()
        if not path.is_file() or path.read_text("utf-8") != content:
            yield path, content


def stale_files() -> list[Path]:
    """The generated files that are missing or out of date."""
    return [path for path, _ in _changes()]


def main(argv: Sequence[str] | None = None) -> int:
    """Write every generated file that changed and name it; with ``--check``, only name it."""
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; list the stale files and exit 1 if there are any",
    )
    check = parser.parse_args(argv).check
    changes = list(_changes())
    for path, content in changes:
        name = path.relative_to(ROOT).as_posix()
        if check:
            print(f"stale: {name}")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, "utf-8")
            print(f"wrote {name}")
    if check and changes:
        print(f"run {COMMAND} to regenerate", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
