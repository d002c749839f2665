"""Why a path cannot be read as a report file, found without opening it.

Opening a named pipe waits until something writes to it (a folder run would hang
on one forever), and `open` reports a symbolic link to nowhere, or one that leads
back to itself, as a plain missing file. Asking `os.stat` first lets every reader
and a batch over thousands of files say what each path really is, and never block.
"""

from __future__ import annotations

import errno
import os
import stat

__all__ = ["MISSING", "os_reason", "unreadable"]

#: What a path that is not there is: it may have been meant as a folder of reports.
MISSING = "no such file or folder"

_KINDS = (
    (stat.S_ISDIR, "a folder, not a file"),
    (stat.S_ISFIFO, "a named pipe, not a regular file; not opened"),
    (stat.S_ISSOCK, "a socket, not a regular file; not opened"),
    (stat.S_ISCHR, "a device, not a regular file; not opened"),
    (stat.S_ISBLK, "a device, not a regular file; not opened"),
)


def os_reason(exc: OSError) -> str:
    """An operating system error in words, lower case, without the path (the caller names it)."""
    if exc.errno == errno.ELOOP:
        return "a loop of symbolic links"
    if exc.errno == errno.ENOENT:
        return MISSING
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    reason = exc.strerror or str(exc) or type(exc).__name__
    return reason[:1].lower() + reason[1:]


def unreadable(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` is not a regular file that can be opened, or None when it is one.

    Nothing is opened, so a named pipe cannot block; a file that exists but may not
    be read (no permission) is found out when it is opened, as before.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ENOENT and os.path.islink(path):
            return f"a symbolic link to {os.readlink(path)}, which does not exist"
        return os_reason(exc)
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _KINDS if test(mode)), "not a regular file; not opened")
