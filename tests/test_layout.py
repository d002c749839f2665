import ast
from pathlib import Path

import pytest

from gkreport._forms import layout

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("format_id", "cells"), [("2021", 200), ("2019", 198)])
def test_every_cell_of_the_form_is_in_the_layout(format_id, cells):
    leaves = list(layout.FORMATS[format_id].leaves())
    assert len(leaves) == cells
    assert len({leaf.pointer for leaf in leaves}) == cells


@pytest.mark.parametrize(("format_id", "rowspan"), [("2021", 22), ("2019", 20)])
def test_results_span_the_rows_the_official_html_spans(format_id, rowspan):
    fmt = layout.FORMATS[format_id]
    results = fmt.node("applications.results")
    assert sum(1 for _ in fmt.rows(results)) == rowspan


def test_2021_and_2019_differ_where_format_md_says():
    new, old = layout.FORMATS["2021"], layout.FORMATS["2019"]
    assert isinstance(new.node("applications.results.other"), layout.Group)
    assert isinstance(old.node("applications.results.other"), layout.Row)
    assert [b.caption for b in old.blocks][-1] == "第二十条第（九）项"
    assert "第二十条第（九）项" not in [b.caption for b in new.blocks]
    assert old.node("proactive.normative").label == "规范性文件"
    assert new.node("proactive.normative").label == "行政规范性文件"


def test_blocks_cover_every_proactive_row_once():
    for fmt in layout.FORMATS.values():
        in_blocks = [row for block in fmt.blocks for row in block.rows]
        assert in_blocks == [row.id for row in fmt.proactive.children]


def test_leaf_names_the_cell_as_the_form_prints_it():
    fmt = layout.FORMATS["2021"]
    leaf = next(
        leaf
        for leaf in fmt.leaves()
        if leaf.dotted == "applications.results.denied.state_secret.total"
    )
    assert leaf.pointer == "/applications/results/denied/state_secret/total"
    assert leaf.label == "三、本年度办理结果 （三）不予公开 1.属于国家秘密 × 总计"


def test_node_rejects_a_path_through_a_row():
    with pytest.raises(KeyError):
        layout.FORMATS["2021"].node("applications.new.total")


def _labels() -> set[str]:
    found = {part.label for part in layout.PARTS}
    for fmt in layout.FORMATS.values():
        for section in fmt.sections:
            found.add(section.label)
            for _, row, labels in fmt.rows(section):
                found.update(labels)
                found.update(cell.label for cell in row.cells)
        found.update(block.caption for block in fmt.blocks)
    return {label for label in found if len(label) >= 5}


def _string_literals(source: str) -> list[str]:
    """Every string constant of a module except docstrings (prose may name a label)."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_official_labels_are_written_only_in_the_layout():
    """One source of truth: no module but the layout spells an official label in its code."""
    labels = _labels()
    generated = {"_tables.py"}
    offenders = []
    for path in sorted((ROOT / "gkreport").rglob("*.py")):
        if path.name in generated or path.name == "layout.py":
            continue
        strings = _string_literals(path.read_text("utf-8"))
        offenders += [
            f"{path.relative_to(ROOT)}: {label}"
            for label in sorted(labels)
            if any(label in string for string in strings)
        ]
    assert offenders == []
