"""SIGINT and SIGTERM stop a batch at once: no process left behind, no half line.

``gkreport validate --json`` runs in its own session (so its process group holds
it, the worker processes, the forkserver and the resource tracker, and nothing
else) over a folder of small reports generated here; a signal goes out once the
first line has arrived, mid-run.
"""

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gkreport._json import read_json
from tests.reference import EXAMPLES, put

REPORTS = 2000
LIMIT = 2.0  # seconds from the signal to the last process of the run gone

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").is_file(), reason="the process group is read from /proc (Linux)"
)


#: ``python -m gkreport`` with Ctrl-C's default action, as in a shell's foreground job. A
#: run started as a background job of a non-interactive shell (as CI may start the tests)
#: inherits SIGINT ignored, and gkreport leaves a signal its parent chose to ignore
#: ignored, as every POSIX program should; these tests are about the foreground case.
FOREGROUND = [
    sys.executable,
    "-c",
    (
        "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
        "os.execv(sys.executable, [sys.executable, '-m', 'gkreport', *sys.argv[1:]])"
    ),
]


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """A folder of small reports, enough for a run of several seconds."""
    folder = tmp_path_factory.mktemp("many")
    first = put(folder / "r0000.json", read_json(EXAMPLES / "qianxinan-2023.json"))
    for number in range(1, REPORTS):
        shutil.copyfile(first, folder / f"r{number:04}.json")
    return folder


def living(group: int) -> list[str]:
    """The processes of a group that still run (a zombie has ended; only its parent can reap it)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
        except (OSError, ValueError):
            continue  # not a process, or one that has just gone
        state, _parent, pgid = stat[stat.rindex(")") + 2 :].split()[:3]
        if int(pgid) == group and state != "Z":
            found.append(f"{entry.name} {(entry / 'cmdline').read_bytes()[:120]!r}")
    return found


def read_some(fd: int, deadline: float, *, until: bytes | None = None) -> bytes:
    """Read ``fd`` until ``until`` arrives, or to its end, or to the deadline."""
    data = b""
    while time.monotonic() < deadline and not (until and until in data):
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        chunk = os.read(fd, 65536) if ready else b""
        if ready and not chunk:
            break
        data += chunk
    return data


@pytest.mark.parametrize(
    ("name", "jobs", "whole_group"),
    [
        ("SIGINT", 1, False),
        ("SIGTERM", 1, False),
        ("SIGINT", 2, False),
        ("SIGTERM", 2, False),
        ("SIGINT", 2, True),  # Ctrl-C in a terminal reaches every process of the group
    ],
)
def test_a_signal_mid_run_stops_everything_at_once_with_whole_lines(many, name, jobs, whole_group):
    signum = getattr(signal, name)
    command = [*FOREGROUND, "validate", "--json", "-j", str(jobs), str(many)]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        out = read_some(process.stdout.fileno(), time.monotonic() + 60, until=b"\n")
        assert out, "the run wrote no line"
        (os.killpg if whole_group else os.kill)(process.pid, signum)
        sent = time.monotonic()
        status = process.wait(timeout=LIMIT)
        while living(process.pid) and time.monotonic() < sent + LIMIT:
            time.sleep(0.02)
        assert living(process.pid) == []
        out += read_some(process.stdout.fileno(), time.monotonic() + LIMIT)
        err = process.stderr.read().decode()
    finally:
        if living(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        process.stdout.close()
        process.stderr.close()
    assert status == 128 + signum
    assert err == {"SIGINT": "gkreport: interrupted\n", "SIGTERM": "gkreport: terminated\n"}[name]
    assert out.endswith(b"\n")
    lines = [json.loads(line) for line in out.decode().splitlines()]
    assert 0 < len(lines) < REPORTS  # stopped mid-run
    assert [line["file"] for line in lines] == [
        (many / f"r{number:04}.json").as_posix() for number in range(len(lines))
    ]
    assert all("findings" in line for line in lines)


def test_even_a_killed_main_process_leaves_nothing_behind(many):
    # SIGKILL cannot be handled: each worker ends when it finds the main process gone
    # (its pipe closed), and the forkserver and the resource tracker follow them.
    command = [sys.executable, "-m", "gkreport", "validate", "--json", "-j", "2", str(many)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, start_new_session=True)
    try:
        assert read_some(process.stdout.fileno(), time.monotonic() + 60, until=b"\n")
        process.kill()
        deadline = time.monotonic() + 5  # a worker first finishes the chunk it is on
        while living(process.pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert living(process.pid) == []
    finally:
        if living(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        process.stdout.close()


def test_the_help_gives_the_exit_status_of_a_stopped_run():
    done = subprocess.run(
        [sys.executable, "-m", "gkreport", "validate", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "130 stopped by SIGINT (Ctrl-C), 143 stopped by SIGTERM" in done.stdout
