"""The generated files are current: regenerate with ``python -m gkreport._generate``."""

import pytest

from gkreport._generate import ROOT, generated_files

FILES = list(generated_files())


@pytest.mark.parametrize(
    ("path", "produce"), FILES, ids=[str(p.relative_to(ROOT)) for p, _ in FILES]
)
def test_generated_file_is_current(path, produce):
    assert path.exists(), f"{path} is missing: run python -m gkreport._generate"
    assert path.read_text("utf-8") == produce(), (
        f"{path} is stale: run python -m gkreport._generate"
    )
