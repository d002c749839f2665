"""The worker pool: results in order, a dead worker costs its chunk only, a stop is immediate."""

import multiprocessing
import os
import signal
import time

import pytest

from gkreport._cli.batch import _context
from gkreport._cli.workers import Pool


def lengths(chunk):
    """A task: each item's length; some items end, kill or stall the worker doing them."""
    for item in chunk:
        if item == "exit":
            os._exit(3)
        if item == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        if item == "stubborn":
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if item in ("sleep", "stubborn"):
            time.sleep(60)
    return [len(item) for item in chunk]


def failed(chunk, why):
    return [why] * len(chunk)


def test_results_come_in_the_order_of_the_chunks():
    chunks = [["x" * n] * (n % 3 + 1) for n in range(25)]
    with Pool(3, lengths, _context()) as pool:
        assert list(pool.map(chunks, failed)) == [[n] * (n % 3 + 1) for n in range(25)]
    assert multiprocessing.active_children() == []


def test_a_worker_that_dies_costs_its_chunk_only():
    chunks = [["ab"], ["exit", "x"], ["abc"], ["kill"], ["abcd"], ["a"]]
    with Pool(2, lengths, _context()) as pool:
        got = list(pool.map(chunks, failed))
    assert got == [[2], ["exit status 3"] * 2, [3], ["killed by SIGKILL"], [4], [1]]
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("stall", ["sleep", "stubborn"])
def test_leaving_by_an_exception_ends_every_worker_at_once(stall):
    chunks = [["a"]] + [[stall]] * 5

    class Stop(Exception):
        pass

    with pytest.raises(Stop), Pool(2, lengths, _context()) as pool:  # noqa: PT012
        for _ in pool.map(chunks, failed):
            time.sleep(0.2)  # both workers are stalled in their chunk by now
            left = time.monotonic()
            raise Stop
    # not the 60 s of a stalled chunk: SIGTERM, or SIGKILL after the grace period if ignored
    assert time.monotonic() - left < Pool.GRACE * 2 + 0.5
    assert multiprocessing.active_children() == []


def test_a_slow_chunk_holds_up_a_bounded_number_of_others():
    # chunk 0 stalls; the other worker goes on, but only `AHEAD` chunks per worker
    # are out at once, so the chunks waiting behind the slow one stay few
    sent = []

    def chunks():
        for number in range(60):
            sent.append(number)
            yield ["pause" if number == 0 else "x"]

    with Pool(2, paused, _context()) as pool:
        results = pool.map(chunks(), failed)
        assert next(results) == [5]
        assert len(sent) <= Pool.AHEAD * 2 + 1
        assert list(results) == [[1]] * 59


def paused(chunk):
    """A task: each item's length, after a pause for a "pause" item."""
    if "pause" in chunk:
        time.sleep(1.0)
    return [len(item) for item in chunk]
