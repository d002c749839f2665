"""SIGINT and SIGTERM raise in the main thread while a command runs, once; handlers come back."""

import os
import signal
import threading
import time

import pytest

from gkreport._cli import interrupt, main
from gkreport._cli.interrupt import Terminated, stop_on_signals

pytestmark = pytest.mark.skipif(
    signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    or signal.getsignal(signal.SIGINT) is not signal.default_int_handler,
    reason="the test runner handles SIGINT or SIGTERM itself",
)


def deliver(signum):
    os.kill(os.getpid(), signum)
    for _ in range(200):  # the Python-level handler runs at the next instruction
        time.sleep(0.005)


@pytest.mark.parametrize(
    ("signum", "raised"), [(signal.SIGTERM, Terminated), (signal.SIGINT, KeyboardInterrupt)]
)
def test_a_signal_raises_once_then_both_are_ignored_until_the_end(signum, raised):
    with stop_on_signals():
        with pytest.raises(raised):
            deliver(signum)
        # the cleanup that follows must not be cut short by a second signal
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_IGN
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_a_signal_the_caller_ignores_stays_ignored():
    previous = signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        with stop_on_signals():
            assert signal.getsignal(signal.SIGTERM) is signal.SIG_IGN
            assert signal.getsignal(signal.SIGINT) is not signal.default_int_handler
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_outside_the_main_thread_nothing_changes():
    seen = []

    def body():
        with stop_on_signals():
            seen.append(signal.getsignal(signal.SIGTERM))

    thread = threading.Thread(target=body)
    thread.start()
    thread.join()
    assert seen == [signal.SIG_DFL]


def test_the_command_line_leaves_the_handlers_as_it_found_them(capsys):
    assert main(["schema", "--list"]) == 0
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert (interrupt.EXIT_SIGINT, interrupt.EXIT_SIGTERM) == (130, 143)
    assert "report" in capsys.readouterr().out.split()
