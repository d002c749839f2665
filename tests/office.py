"""LibreOffice, headless, as the tests use it: to recalculate, convert and print files.

One place for how it is called: a profile folder of the test's own (two conversions
at once, from two test processes, must not share one), headless, and a timeout, so
that a hung office fails the test instead of the run.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
#: Why a LibreOffice test cannot run here, or None when it can.
MISSING = (
    None
    if SOFFICE
    else "LibreOffice (soffice) is not installed "
    "(Debian: apt-get install libreoffice-calc-nogui libreoffice-writer-nogui)"
)
#: Skips a test where LibreOffice is not installed.
needs_libreoffice = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")


def convert(
    sources: Path | Sequence[Path],
    to: str,
    out: Path,
    *,
    infilter: str | None = None,
    profile: Path | None = None,
    timeout: int = 240,
) -> list[Path]:
    """Each of ``sources`` converted by LibreOffice into ``out``, as ``--convert-to`` ``to``.

    ``to`` is a file type and, after a colon, a filter with its options
    ("csv:Text - txt - csv (StarCalc):44,34,76"); the paths written are returned in
    the order of ``sources``. ``profile`` defaults to a folder in ``out``.
    """
    if SOFFICE is None:
        pytest.skip(MISSING or "")
    paths = [sources] if isinstance(sources, Path) else list(sources)
    profile = profile or out / "lo-profile"
    command = [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless"]
    command += [f"--infilter={infilter}"] if infilter else []
    command += ["--convert-to", to, "--outdir", str(out), *map(str, paths)]
    subprocess.run(command, check=True, capture_output=True, timeout=timeout)
    suffix = to.split(":", maxsplit=1)[0]
    return [out / f"{path.stem}.{suffix}" for path in paths]
