"""Converting an office file with LibreOffice (``soffice --headless --convert-to``).

Old and other office formats (.doc, .xls without calamine, .wps, .et) are read by
converting them to .docx or .xlsx and reading that. LibreOffice is a desktop
program driven from the command line, so a few things keep runs apart:

- each file is copied into a temporary folder of its own and converted there,
  so two files of the same name (``a/报告.doc``, ``b/报告.doc``) never write the
  same output, and no lock file is left beside the user's file;
- each process has a user profile of its own (``-env:UserInstallation``): two
  instances on one profile hand their work to each other or refuse to start, so
  batch workers run in parallel while the conversions of one process take turns;
- a conversion that has not finished after `TIMEOUT_SECONDS` is stopped, with
  every process it started (it runs in a process group of its own).

The profile is made on the first conversion (that one takes a few seconds
more) and removed when the process ends. A conversion takes about a second.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing import util
from pathlib import Path

from gkreport._errors import ReadError
from gkreport._readers.dispatch import LIBREOFFICE

__all__ = ["PROGRAM", "TIMEOUT_SECONDS", "converted"]

#: The program run, found on PATH.
PROGRAM = "soffice"
#: A conversion still running after this long is stopped: LibreOffice may hang on a
#: damaged file, and a batch run must not wait for it forever.
TIMEOUT_SECONDS = 60.0

_profiles: dict[int, Path] = {}  # process id -> its profile (a forked child has its own)
_turn = threading.Lock()  # one conversion at a time per profile


def _new_lock() -> None:
    global _turn  # noqa: PLW0603 - a child forked while a thread converted gets a free lock
    _turn = threading.Lock()


if hasattr(os, "register_at_fork"):  # not on Windows, which does not fork
    os.register_at_fork(after_in_child=_new_lock)


@contextmanager
def converted(
    path: Path,
    to: str,
    *,
    as_suffix: str,
    infilter: str | None = None,
    timeout: float | None = None,
) -> Iterator[Path]:
    """The file at ``path`` converted to format ``to`` (``"docx"``, ``"xlsx"``), while in use.

    :param as_suffix: the suffix the copy LibreOffice opens gets (``".doc"``): its
        type detection looks at the name as well as the content.
    :param infilter: the import filter to use (``"MS Word 97"``); without one,
        LibreOffice opens anything it does not recognise as plain text.
    :param timeout: seconds before the conversion is stopped (`TIMEOUT_SECONDS`).
    :raises ReadError: naming ``path``: LibreOffice is not installed, cannot open
        the file, or did not finish in time.
    """
    program = shutil.which(PROGRAM)
    if program is None:
        raise ReadError(
            path,
            f"cannot read {path.suffix} files: the program {PROGRAM} is not installed or "
            f"not on PATH; {LIBREOFFICE}",
        )
    with tempfile.TemporaryDirectory(prefix="gkreport-convert-") as scratch:
        source = Path(scratch) / f"source{as_suffix}"
        try:
            shutil.copyfile(path, source)
        except OSError as exc:
            raise ReadError(path, f"cannot read the file: {exc.strerror or exc}") from None
        command = [
            program,
            f"-env:UserInstallation={_profile().as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            *([f"--infilter={infilter}"] if infilter else []),
            "--convert-to",
            to,
            "--outdir",
            str(Path(scratch) / "out"),
            str(source),
        ]
        with _turn:
            errors = _run(command, path, TIMEOUT_SECONDS if timeout is None else timeout)
        output = Path(scratch) / "out" / f"source.{to}"
        if not output.is_file():
            why = f" ({errors})" if errors else ""
            raise ReadError(path, f"LibreOffice cannot open this file{why}")
        yield output


def _run(command: list[str], path: Path, timeout: float) -> str:
    """Run LibreOffice; its complaint on stderr, if any (it exits 0 when it cannot load)."""
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # a process group of its own, to stop every process it starts
    )
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(process)
        raise ReadError(
            path, f"LibreOffice did not finish converting the file within {timeout:g} s"
        ) from None
    except BaseException:  # interrupted: leave no LibreOffice running
        _stop(process)
        raise
    lines = stderr.decode("utf-8", "replace").splitlines()
    return " ".join(line.strip() for line in lines if line.startswith("Error"))


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Kill the conversion's process group and reap its leader."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:  # Windows: no process groups
            process.kill()
    except ProcessLookupError:
        pass
    process.communicate()


def _profile() -> Path:
    """The LibreOffice profile folder of this process, made on first use, removed at exit."""
    pid = os.getpid()
    folder = _profiles.get(pid)
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="gkreport-soffice-profile-"))
        # multiprocessing's exit hooks run in batch workers too, which skip atexit
        util.Finalize(
            None, shutil.rmtree, args=(folder,), kwargs={"ignore_errors": True}, exitpriority=0
        )
        _profiles[pid] = folder
    return folder
