"""Stopping a command on SIGINT or SIGTERM: everything ends, and what was written stays whole.

A person presses Ctrl-C (SIGINT); a service manager, a CI timeout or ``kill``
sends SIGTERM. Python turns SIGINT into `KeyboardInterrupt` but lets SIGTERM
end the process on the spot, which leaves a batch's worker processes, the
forkserver and the resource tracker running, and can cut an output line in
half. Inside `stop_on_signals`, SIGTERM raises `Terminated` instead, so both
signals unwind the same way: the batch stops its workers (`batch.run`), Python
flushes what was written, and the command exits with the shell's status for the
signal, 128 + its number (`EXIT_SIGINT`, `EXIT_SIGTERM`).
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

__all__ = ["EXIT_SIGINT", "EXIT_SIGTERM", "Terminated", "stop_on_signals"]

EXIT_SIGINT = 128 + signal.SIGINT  # 130
EXIT_SIGTERM = 128 + signal.SIGTERM  # 143

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Terminated(BaseException):
    """SIGTERM arrived.

    A `BaseException`, like `KeyboardInterrupt`, so that the ``except Exception``
    guarding each file of a batch does not take it for one bad file.
    """


def _ours(signum: int) -> bool:
    """Python's own disposition, which we may replace: not one the caller chose (say, ignore)."""
    default = signal.default_int_handler if signum == signal.SIGINT else signal.SIG_DFL
    return signal.getsignal(signum) is default


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """While inside, SIGINT raises `KeyboardInterrupt` and SIGTERM raises `Terminated`, once.

    Only in the main thread (where Python delivers signals), and only for a signal
    still at Python's default: one the parent process chose to ignore stays ignored.
    The previous handlers are restored on the way out.
    """
    mine = [s for s in _SIGNALS if _ours(s)]
    if threading.current_thread() is not threading.main_thread():
        mine = []

    def stop(signum: int, frame: FrameType | None) -> None:
        # What follows is a bounded cleanup (workers are killed, not waited for), so a
        # second signal is ignored rather than allowed to cut it short and leave workers.
        for each in mine:
            signal.signal(each, signal.SIG_IGN)
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise Terminated

    previous = {s: signal.signal(s, stop) for s in mine}
    try:
        yield
    finally:
        for each, handler in previous.items():
            signal.signal(each, handler)
