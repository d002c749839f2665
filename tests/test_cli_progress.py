"""The progress bar of ``validate``: on stderr whenever stderr is a terminal.

A real pseudo-terminal (`os.openpty`) is stderr of a real ``python -m gkreport``
process, stdout a file or a pipe, as a person at a terminal runs
``gkreport validate reports/ --json > findings.jsonl``: what reaches the terminal
is read back from the other side of the pty. No mocks: whether a bar is drawn is
decided by the program looking at its own file descriptors.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tests.reference import EXAMPLES

ROOT = Path(__file__).resolve().parents[1]
#: What rich draws for the bar: the task's name and the count done of the total.
BAR = "validate"
REPORTS = 4

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="no pseudo-terminals here")


@pytest.fixture
def reports(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for index in range(REPORTS):
        shutil.copy(EXAMPLES / "qianxinan-2023.json", folder / f"r{index}.json")
    return folder


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "CI", "TERM")}
    return {**env, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color", "COLUMNS": "100"}


def _terminal() -> tuple[int, int]:
    """A pseudo-terminal 100 columns wide: (the side the test reads, the side it gives)."""
    reader, terminal = os.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    return reader, terminal


def _read_all(reader: int, process: subprocess.Popen[bytes], limit: float = 120) -> str:
    """Everything written to the terminal until the process ends."""
    chunks = []
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        ready, _, _ = select.select([reader], [], [], 0.1)
        if ready:
            try:
                data = os.read(reader, 65536)
            except OSError:  # EIO: every writer has closed its side
                break
            if not data:
                break
            chunks.append(data)
        elif process.poll() is not None:
            break
    process.wait(timeout=limit)
    return b"".join(chunks).decode("utf-8", "replace")


def run(argv: list[str], *, stdout: str, tmp_path: Path) -> tuple[int, str, str]:
    """``gkreport`` with stderr on a terminal and stdout to ``file``, ``pipe`` or ``terminal``.

    Returns the exit status, what reached the terminal, and stdout when it was not it.
    """
    reader, terminal = _terminal()
    out_path = tmp_path / "stdout.txt"
    with out_path.open("wb") as out_file:
        target = {"file": out_file, "pipe": subprocess.PIPE, "terminal": terminal}[stdout]
        process = subprocess.Popen(
            [sys.executable, "-m", "gkreport", *argv],
            stdin=subprocess.DEVNULL,
            stdout=target,
            stderr=terminal,
            env=_environment(),
        )
        os.close(terminal)
        if stdout == "pipe":
            assert process.stdout is not None
            os.set_blocking(process.stdout.fileno(), False)
        shown = _read_all(reader, process)
        os.close(reader)
        piped = b""
        if process.stdout is not None:  # the pipe: the table is small, it fits in its buffer
            with process.stdout:
                piped = process.stdout.read() or b""
    written = out_path.read_bytes() if stdout == "file" else piped
    return process.returncode, shown, written.decode("utf-8")


def test_json_lines_redirected_to_a_file_still_get_the_bar(reports, tmp_path):
    status, terminal, written = run(
        ["validate", "--json", str(reports)], stdout="file", tmp_path=tmp_path
    )
    assert status == 0
    assert BAR in terminal
    # "1/?" … "4/?": --json walks the folder as the run goes, so the total is not known
    assert f"{REPORTS}/?" in terminal
    lines = [json.loads(line) for line in written.splitlines()]
    assert len(lines) == REPORTS  # whole lines, nothing of the bar among them
    assert "文件 4" in terminal  # the summary, after the bar


def test_a_table_piped_to_another_program_still_gets_the_bar(reports, tmp_path):
    status, terminal, written = run(["validate", str(reports)], stdout="pipe", tmp_path=tmp_path)
    assert status == 0
    assert BAR in terminal
    assert "文件 4" in written
    assert BAR not in written


def test_json_lines_on_the_terminal_itself_are_not_garbled_by_a_bar(reports, tmp_path):
    status, terminal, _ = run(
        ["validate", "--json", str(reports)], stdout="terminal", tmp_path=tmp_path
    )
    assert status == 0
    lines = [line for line in terminal.splitlines() if line.startswith("{")]
    assert len(lines) == REPORTS
    assert all(json.loads(line)["ok"] for line in lines)
    assert f"/{REPORTS}" not in terminal


def test_no_bar_when_stderr_is_not_a_terminal(reports):
    done = subprocess.run(
        [sys.executable, "-m", "gkreport", "validate", "--json", str(reports)],
        capture_output=True,
        text=True,
        check=False,
        env=_environment(),
    )
    assert done.returncode == 0
    assert done.stderr.splitlines() == [done.stderr.strip()]  # the summary, nothing else
    assert BAR not in done.stderr
