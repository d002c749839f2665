"""The public API is what ``gkreport/__init__.py`` exports, and importing it stays light."""

import subprocess
import sys
from pathlib import Path

import gkreport

PUBLIC = {
    "Finding",
    "GkreportError",
    "InvalidReport",
    "Limits",
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
    "indicators",
    "load",
    "metrics",
    "parse_text",
    "schema",
    "to_dict",
    "to_frame",
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


def test_import_loads_neither_jsonschema_nor_package_metadata():
    """A valid payload needs no jsonschema, and few programs ask for the version (issue 17)."""
    code = (
        "import sys, gkreport; "
        "print(sorted(m for m in ('jsonschema', 'importlib.metadata') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_version_is_the_installed_packages():
    """A constant written at build time (`gkreport._version`), equal to the package metadata."""
    from importlib.metadata import version  # noqa: PLC0415

    assert gkreport.__version__ == version("gkreport")
    assert gkreport.__version__ in gkreport.__dict__.values()  # kept once looked up


def test_every_module_but_the_documented_ones_is_private():
    package = Path(gkreport.__file__).parent
    public = {
        module.relative_to(package).as_posix()
        for module in package.rglob("*.py")
        if not any(part.startswith("_") for part in module.relative_to(package).parts[:-1])
        and not module.name.startswith("_")
    }
    public |= {
        module.relative_to(package).as_posix()
        for module in package.rglob("__init__.py")
        if not any(part.startswith("_") for part in module.relative_to(package).parts[:-1])
    }
    assert public == {"__init__.py", "excel/__init__.py"}


def test_each_public_type_is_defined_once_in_a_module_named_for_it():
    homes = {
        name: getattr(gkreport, name).__module__
        for name in PUBLIC
        if isinstance(getattr(gkreport, name), type)
    }
    assert homes == {
        "Finding": "gkreport._validation.finding",
        "Severity": "gkreport._validation.finding",
        "ValidationResult": "gkreport._validation.finding",
        "GkreportError": "gkreport._errors",
        "InvalidReport": "gkreport._errors",
        "ReadError": "gkreport._errors",
        "Limits": "gkreport._readers.limits",
        "Note": "gkreport._model",
        "Report2019": "gkreport._model",
        "Report2021": "gkreport._model",
    }
