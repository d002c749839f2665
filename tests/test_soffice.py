"""gkreport._readers.soffice: running LibreOffice with a timeout, a profile per process.

Stand-in ``soffice`` scripts on PATH play a LibreOffice that hangs or cannot load
a file, so these tests run without LibreOffice; the real conversions are tested
in tests/test_office.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gkreport._errors import ReadError
from gkreport._readers import soffice

pytestmark = pytest.mark.skipif(os.name != "posix", reason="stand-in programs are shell scripts")


def stand_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> Path:
    """An executable ``soffice`` shell script first on PATH."""
    folder = tmp_path / "bin"
    folder.mkdir()
    program = folder / "soffice"
    program.write_text(f"#!/bin/sh\n{script}\n", "utf-8")
    program.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return folder


def gone(pid: int) -> bool:
    """The process has ended (a zombie waiting for its new parent counts as ended)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    status = Path(f"/proc/{pid}/status")
    return status.is_file() and "\nState:\tZ" in status.read_text("utf-8")


def test_a_hanging_conversion_is_stopped_with_every_process_it_started(tmp_path, monkeypatch):
    folder = stand_in(tmp_path, monkeypatch, 'sleep 60 &\necho $! > "$(dirname "$0")/child"\nwait')
    path = tmp_path / "报告.doc"
    path.write_bytes(b"x")
    started = time.monotonic()
    with (
        pytest.raises(ReadError, match=r"报告\.doc: LibreOffice did not finish .* within 1 s"),
        soffice.converted(path, "docx", as_suffix=".doc", timeout=1),
    ):
        pass
    assert time.monotonic() - started < 30
    child = int((folder / "child").read_text("utf-8"))
    deadline = time.monotonic() + 10
    while not gone(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert gone(child)


def test_a_file_libreoffice_cannot_load_says_so_with_its_message(tmp_path, monkeypatch):
    stand_in(tmp_path, monkeypatch, "echo 'Error: source file could not be loaded' >&2")
    path = tmp_path / "report.doc"
    path.write_bytes(b"x")
    with (
        pytest.raises(
            ReadError,
            match=r"report\.doc: LibreOffice cannot open this file "
            r"\(Error: source file could not be loaded\)$",
        ),
        soffice.converted(path, "docx", as_suffix=".doc"),
    ):
        pass


def test_the_program_gets_a_copy_in_a_folder_of_its_own_and_a_profile(tmp_path, monkeypatch):
    script = (
        'for a in "$@"; do echo "$a"; done > "$(dirname "$0")/args"\n'
        'mkdir -p "$9" && cp "${10}" "$9/source.docx"'
    )
    folder = stand_in(tmp_path, monkeypatch, script)
    path = tmp_path / "报告 (1).doc"
    path.write_bytes(b"the original")
    with soffice.converted(path, "docx", as_suffix=".doc", infilter="MS Word 97") as output:
        assert output.read_bytes() == b"the original"
        assert output.parent.parent != path.parent
    *options, outdir, source = (folder / "args").read_text("utf-8").splitlines()
    assert options == [
        f"-env:UserInstallation={soffice._profile().as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--infilter=MS Word 97",
        "--convert-to",
        "docx",
        "--outdir",
    ]
    assert Path(source).name == "source.doc"
    assert Path(outdir) == Path(source).parent / "out"
    assert not Path(source).parent.exists()  # the temporary folder is gone after use
    assert path.read_bytes() == b"the original"
    assert sorted(p.name for p in path.parent.iterdir()) == ["bin", path.name]


def test_each_process_has_its_own_profile_removed_when_it_ends(tmp_path):
    code = (
        "import multiprocessing as mp\n"
        "from gkreport._readers import soffice\n"
        "def child(queue):\n"
        "    queue.put(str(soffice._profile()))\n"
        "if __name__ == '__main__':\n"
        "    mine = soffice._profile()\n"
        "    assert soffice._profile() == mine and mine.is_dir()\n"
        "    queue = mp.get_context('fork').Queue()\n"
        "    worker = mp.get_context('fork').Process(target=child, args=(queue,))\n"
        "    worker.start(); theirs = queue.get(); worker.join()\n"
        "    print(mine); print(theirs)\n"
    )
    script = tmp_path / "profiles.py"
    script.write_text(code, "utf-8")
    result = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
        timeout=60,
    )
    mine, theirs = result.stdout.split()
    assert mine != theirs
    assert not Path(mine).exists()
    assert not Path(theirs).exists()
