"""The public API is what ``gkreport/__init__.py`` exports, and importing it stays light."""

import subprocess
import sys

import gkreport

PUBLIC = {
    "Finding",
    "GkreportError",
    "InvalidReport",
    "Note",
    "ReadError",
    "Report",
    "Report2019",
    "Report2021",
    "Severity",
    "ValidationResult",
    "__version__",
    "dump",
    "from_dict",
    "load",
    "parse_text",
    "schema",
    "to_dict",
    "validate",
    "validate_rollup",
    "validate_series",
}


def test_all_is_pinned():
    assert set(gkreport.__all__) == PUBLIC
    assert all(hasattr(gkreport, name) for name in PUBLIC)


def test_the_documented_modules_load_on_first_use():
    assert gkreport.excel.template.__module__ == "gkreport.excel"
    assert callable(gkreport.render.render)


def test_import_does_not_load_the_heavy_adapters():
    code = (
        "import sys, gkreport; "
        "print(sorted(m for m in ('openpyxl', 'pdfplumber', 'docx', 'opencc') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
