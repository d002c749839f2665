"""Writing a file all at once or not at all.

A report written over last year's copy must never leave half a file: a failure
half-way (a value that cannot be encoded, a full disk, Ctrl-C) would destroy
the old file and leave a broken new one. So every file gkreport writes goes
to a temporary file in the same folder (the same file system, so the rename is
atomic), and is renamed over the target with `os.replace` only once it is
complete and flushed to disk. On any failure the temporary file is removed and
the old file, if any, is left byte for byte as it was.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

__all__ = ["replacing", "write_bytes"]


@contextlib.contextmanager
def replacing(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Open a binary stream whose content replaces ``path`` when the block ends without error.

    ::

        with replacing("report.json") as out:
            out.write(text.encode("utf-8"))  # raises: report.json is untouched

    A symbolic link is followed (its target is replaced, the link stays). The new
    file gets the old file's permissions, or the usual ones (umask) if it is new.
    A target that exists but is not a regular file (a FIFO, a device) cannot be
    replaced atomically and is written in place. An `OSError` names ``path``, never
    the temporary file.
    """
    target = Path(os.path.realpath(path))
    if target.exists() and not target.is_file() and not target.is_dir():
        with target.open("wb") as stream:
            yield stream
        return
    # Hidden (leading dot), so that a folder walk never takes a leftover for a report; the
    # name cut short, so that a target whose name is near the limit can still be written.
    # os.urandom, as `secrets.token_hex` uses, without importing secrets (hmac, hashlib)
    temporary = target.with_name(f".{target.name[:40]}.{os.urandom(4).hex()}.tmp")
    try:
        stream = temporary.open("xb")  # "x": never an existing file; mode from the umask
    except OSError as exc:
        raise _naming(exc, path) from None
    try:
        with stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(temporary, stat.S_IMODE(target.stat().st_mode))
        os.replace(temporary, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(exc, OSError):
            raise _naming(exc, path) from None
        raise


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data``, all at once or not at all (see `replacing`)."""
    with replacing(path) as out:
        out.write(data)


def _naming(exc: OSError, path: str | os.PathLike[str]) -> OSError:
    """The same error about ``path`` (what the caller asked to write), not the temporary file."""
    if exc.errno is None:
        return exc
    return type(exc)(exc.errno, exc.strerror, os.fspath(path))
