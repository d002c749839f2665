"""The service's worker pool: answers, a time limit that kills, a death that costs one job."""

import asyncio
import multiprocessing
import os
import signal
import tempfile
import time
from pathlib import Path

import pytest

from gkreport._service.pool import Pool, TimeLimitExceeded, WorkerFailed


def task(job):
    """A toy job: ``[what, argument]``; some jobs stall, die, or leave files behind."""
    what, argument = job
    if what == "sleep":
        time.sleep(float(argument))
    if what == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    if what == "stubborn":  # ignores SIGTERM: only SIGKILL ends it
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        time.sleep(60)
    if what == "litter":  # a temporary file, as LibreOffice's profile would be
        Path(tempfile.mkdtemp(prefix="litter-")).joinpath("f").write_text("x")
    return [(what, argument, os.getpid(), tempfile.gettempdir())]


def run(coroutine):
    return asyncio.run(coroutine)


async def started(size, limit):
    pool = Pool(size, limit, task)
    await pool.start()
    return pool


def test_answers_come_from_the_workers_each_with_its_own_temporary_folder():
    async def go():
        pool = await started(2, 10)
        try:
            answers = await asyncio.gather(*(pool.run(["echo", str(n)]) for n in range(6)))
            return pool.processes, pool.scratch, answers
        finally:
            await pool.close()

    processes, scratch, answers = run(go())
    assert [a[1] for a in answers] == [str(n) for n in range(6)]
    assert {a[2] for a in answers} <= set(processes)
    assert {Path(a[3]).parent for a in answers} == {scratch}
    assert not scratch.exists()
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("stall", ["sleep", "stubborn"])
def test_a_job_past_the_time_limit_is_stopped_and_its_worker_replaced(stall):
    async def go():
        pool = await started(1, 0.5)
        try:
            first = pool.processes
            begun = time.monotonic()
            with pytest.raises(TimeLimitExceeded):
                await pool.run([stall, "30"])
            took = time.monotonic() - begun
            answer = await pool.run(["echo", "after"])
            return first, took, answer, pool.processes
        finally:
            await pool.close()

    first, took, answer, after = run(go())
    assert took < 0.5 + 1.0  # the answer comes at the limit, not after the job
    assert answer[1] == "after"
    assert answer[2] not in first  # a new worker
    assert after == [answer[2]]


def test_a_worker_that_dies_costs_its_job_only():
    async def go():
        pool = await started(2, 10)
        try:
            jobs = [pool.run(["die", ""]), pool.run(["echo", "x"])]
            return await asyncio.gather(*jobs, return_exceptions=True)
        finally:
            await pool.close()

    died, lived = run(go())
    assert isinstance(died, WorkerFailed)
    assert str(died) == "killed by SIGKILL"
    assert lived[1] == "x"


def test_what_a_stopped_worker_left_is_removed_with_it():
    async def go():
        pool = await started(1, 10)
        try:
            _, _, _, folder = await pool.run(["litter", ""])
            litter = list(Path(folder).glob("litter-*"))
            pool.time_limit = 0.2
            with pytest.raises(TimeLimitExceeded):
                await pool.run(["sleep", "5"])
            await asyncio.sleep(Pool.GRACE + 0.5)  # the retiring happens beside the answer
            return litter, Path(folder)
        finally:
            await pool.close()

    litter, folder = run(go())
    assert litter  # the job did leave a folder in its worker's temporary folder
    assert not folder.exists()


def test_no_more_jobs_run_at_once_than_there_are_workers():
    async def go():
        pool = await started(2, 10)
        try:
            begun = time.monotonic()
            await asyncio.gather(*(pool.run(["sleep", "0.4"]) for _ in range(4)))
            return time.monotonic() - begun
        finally:
            await pool.close()

    assert run(go()) >= 0.8  # two rounds of two
