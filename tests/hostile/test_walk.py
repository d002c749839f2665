"""Nothing in a folder is skipped in silence: what cannot be read is reported, exit status 2;
what is not a report is listed as skipped.

Through the real command (``python -m gkreport validate``), in a child process
with a timeout, so that a named pipe opened by mistake fails the test instead of
hanging it.
"""

import json
import os
import shutil
import signal
import subprocess
import sys

import pytest

from gkreport._json import read_json
from tests.reference import EXAMPLES, put

REPORT = read_json(EXAMPLES / "qingzhen-2020.json")
PATH_MAX = os.pathconf("/", "PC_PATH_MAX") if hasattr(os, "pathconf") else 4096


def validate(*args, cwd=None, prefix=()):
    """Exit status, JSON lines (or the table) and stderr of ``gkreport validate``."""
    process = subprocess.Popen(
        [*prefix, sys.executable, "-m", "gkreport", "validate", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        start_new_session=True,  # a run stuck on a pipe is ended with all its processes
    )
    try:
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    if "--json" in args:
        return (
            process.returncode,
            [_unversioned(json.loads(line)) for line in out.splitlines()],
            err,
        )
    return process.returncode, out, err


def _unversioned(line):
    """A JSON line without the versions every line carries (tests/test_schemas.py checks them)."""
    assert line.pop("gkreport_version")
    assert line.pop("rules_version")
    return line


@pytest.fixture
def hostile(tmp_path):
    """A folder with a report, and every kind of entry that cannot be read beside it."""
    folder = tmp_path / "reports"
    put(folder / "ok.json", REPORT)
    put(folder / "sub" / "ok.json", REPORT)
    put(tmp_path / "elsewhere" / "x.json", REPORT)
    (folder / "dangling.json").symlink_to("gone.json")
    (folder / "danglingdir").symlink_to("nowhere")  # once a folder of reports, maybe
    (folder / "loop").symlink_to("loop")
    os.mkfifo(folder / "pipe.json")  # opened, it would wait for a writer forever
    (folder / "sub" / "up").symlink_to("..")  # back to a parent: no endless walk
    (folder / "alias").symlink_to("sub")  # the same files again: checked once
    (folder / "outside").symlink_to(tmp_path / "elsewhere")  # followed
    (folder / ".hidden").symlink_to("nowhere")  # hidden: skipped, as .git is
    (folder / "notes.ppt").write_text("not a report", "utf-8")  # no reader: skipped
    return folder


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_entry_that_cannot_be_read_is_reported_with_why(hostile, jobs):
    status, lines, err = validate("--json", "-j", jobs, "reports", cwd=hostile.parent)
    assert status == 2
    skipped = [line for line in lines if "skipped" in line]
    assert skipped == [{"file": "reports/notes.ppt", "skipped": "not a report file type"}]
    lines = [line for line in lines if "skipped" not in line]
    assert {line["file"]: line.get("error") for line in lines} == {
        "reports/dangling.json": "reports/dangling.json: a symbolic link to gone.json, "
        "which does not exist",
        "reports/danglingdir": "reports/danglingdir: a symbolic link to nowhere, "
        "which does not exist",
        "reports/loop": "reports/loop: a loop of symbolic links",
        "reports/ok.json": None,
        "reports/outside/x.json": None,
        "reports/pipe.json": "reports/pipe.json: a named pipe, not a regular file; not opened",
        "reports/sub/ok.json": None,
    }
    assert "unreadable 4" in err.replace("无法读取", "unreadable")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("dangling.json", "a symbolic link to gone.json, which does not exist"),
        ("loop", "a loop of symbolic links"),
        ("pipe.json", "a named pipe, not a regular file; not opened"),
        ("missing.json", "no such file or folder"),
    ],
)
def test_a_path_named_on_the_command_line_says_what_it_really_is(hostile, name, reason):
    status, lines, _ = validate("--json", str(hostile / name))
    assert status == 2
    assert lines == [{"file": (hostile / name).as_posix(), "error": f"{hostile / name}: {reason}"}]
    status, table, _ = validate("--lang", "en", str(hostile / name))
    assert status == 2
    assert reason in table


def deep_folders(base, report):
    """Folders nested until their path is longer than the system allows, a report at the end.

    Made level by level from an open folder, as a deep share or archive can hold
    them: a real folder that cannot be listed by its path, whoever runs the check
    (``chmod 000`` does not stop root; this does).
    """
    name = "d" * 250
    levels = PATH_MAX // (len(name) + 1) + 1
    folder = os.open(base, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(levels):
            os.mkdir(name, dir_fd=folder)
            inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=folder)
            os.close(folder)
            folder = inner
        handle = os.open("r.json", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=folder)
        os.write(handle, json.dumps(report).encode())
        os.close(handle)
    finally:
        os.close(folder)
    return base / name


def test_a_folder_that_cannot_be_listed_is_reported_not_skipped(tmp_path):
    put(tmp_path / "ok.json", REPORT)
    top = deep_folders(tmp_path, REPORT)
    try:
        status, lines, _ = validate("--json", str(tmp_path))
    finally:
        shutil.rmtree(top)
    assert status == 2
    (unlisted,) = [line for line in lines if "error" in line]
    assert len(unlisted["file"]) >= PATH_MAX
    assert unlisted["error"].endswith(": cannot read the folder: file name too long")
    assert [line["file"] for line in lines if "error" not in line] == [
        (tmp_path / "ok.json").as_posix()
    ]


def without_root_powers():
    """A command prefix that takes from root the power to read any folder, or () if not root.

    ``chmod 000`` does not stop root, whose capabilities override file modes; the
    command runs without those two capabilities (util-linux ``setpriv``), so the
    permission is really denied.
    """
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return ()
    prefix = ("setpriv", "--bounding-set", "-dac_override,-dac_read_search")
    if shutil.which("setpriv") is None or subprocess.run([*prefix, "true"], check=False).returncode:
        pytest.skip("root reads a folder whatever its mode, and setpriv cannot drop that power")
    return prefix


def test_a_folder_without_permission_is_reported_not_skipped(tmp_path):
    put(tmp_path / "ok.json", REPORT)
    put(tmp_path / "locked" / "r.json", REPORT)
    (tmp_path / "locked").chmod(0)
    try:
        status, lines, _ = validate("--json", str(tmp_path), prefix=without_root_powers())
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert status == 2
    assert {line["file"]: line.get("error") for line in lines} == {
        (tmp_path / "locked").as_posix(): f"{tmp_path / 'locked'}: "
        "cannot read the folder: permission denied",
        (tmp_path / "ok.json").as_posix(): None,
    }


def test_a_folder_nested_deeper_than_the_recursion_limit_is_walked_to_the_end(tmp_path):
    levels = [tmp_path]
    for _ in range(sys.getrecursionlimit() + 200):  # mkdir(parents=True) would recurse too
        levels.append(levels[-1] / "a")
        levels[-1].mkdir()
    report = put(levels[-1] / "r.json", REPORT)
    try:
        status, lines, _ = validate("--json", str(tmp_path))
    finally:  # by hand, from the bottom: shutil.rmtree (pytest's cleanup) would recurse
        report.unlink()
        for level in reversed(levels[1:]):
            level.rmdir()
    assert status == 0
    assert [line["file"] for line in lines] == [report.as_posix()]


def test_files_that_are_not_reports_are_listed_as_skipped_and_change_no_status(tmp_path):
    folder = tmp_path / "reports"
    put(folder / "ok.json", REPORT)
    (folder / "convert.py").write_text("print()", "utf-8")
    (folder / "scan.png").write_bytes(b"\x89PNG")
    (folder / "README").write_text("no extension", "utf-8")
    (folder / "~$ok.xlsx").write_bytes(b"lock")  # Excel's lock file: listed, not read
    (folder / ".DS_Store").write_bytes(b"")  # hidden: not listed
    put(folder / ".git" / "x.json", REPORT)  # inside a hidden folder: not walked
    status, lines, err = validate("--json", "reports", cwd=tmp_path)
    assert status == 0
    assert lines == [
        {"file": "reports/README", "skipped": "not a report file type"},
        {"file": "reports/convert.py", "skipped": "not a report file type"},
        {"file": "reports/ok.json", **lines[2]},
        {"file": "reports/scan.png", "skipped": "not a report file type"},
        {"file": "reports/~$ok.xlsx", "skipped": "an Office lock file"},
    ]
    assert "findings" in lines[2]
    assert err.replace("文件", "files").startswith("files 1 ")
    assert "跳过 4" in err


def test_a_file_of_another_type_named_on_the_command_line_is_unreadable_not_skipped(tmp_path):
    put(tmp_path / "ok.json", REPORT)
    (tmp_path / "convert.py").write_text("print()", "utf-8")
    status, lines, _ = validate("--json", str(tmp_path), str(tmp_path / "convert.py"))
    assert status == 2
    (named,) = [line for line in lines if line["file"].endswith("convert.py")]
    assert set(named) == {"file", "error"}
