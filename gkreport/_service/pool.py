"""Worker processes for the service: one request at a time each, stopped past the time limit.

The web server is one process running an event loop; the work (reading a file,
validating, rendering) happens in ``size`` worker processes, so a long PDF does
not stall every other client, and the CPUs are all used. Each worker runs the
batch runner's worker loop (`gkreport._cli.workers`): one pipe to the server,
one job at a time. A request waits for a free worker, hands it the job, and
waits for the answer at most ``time_limit`` seconds; past that the worker is
stopped (SIGTERM, so a LibreOffice conversion it runs is stopped with it; SIGKILL
after `GRACE`) and replaced, and the request is answered 504. A worker that dies
on a job (out of memory) costs that job only. The waiting is done in threads of
the pool's own, one per worker, so the event loop never blocks.

Each worker keeps its temporary files (LibreOffice's profile, a conversion's
copy) in a folder of its own under the service's scratch folder, removed when the
worker is retired, however it ended: nothing is left on disk.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import itertools
import multiprocessing
import shutil
import signal
import tempfile
import time
from collections.abc import Sequence
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext, SpawnContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import FrameType
from typing import Any

import attrs

from gkreport._cli import workers

__all__ = ["Pool", "TimeLimitExceeded", "WorkerFailed"]


class TimeLimitExceeded(Exception):
    """The job was not done within the time limit; its worker was stopped."""


class WorkerFailed(Exception):
    """The worker died on the job (the message says how: `gkreport._cli.workers._why`)."""


def _leave(signum: int, frame: FrameType | None) -> None:
    """SIGTERM in a worker: leave by `SystemExit`, so `finally` blocks stop what it started."""
    raise SystemExit(128 + signum)


#: What a new worker says when it is ready for its first job.
READY = "ready"


def _work(conn: Connection, task: workers.Task, folder: str) -> None:
    """A worker: its temporary files in ``folder``, then the batch runner's worker loop.

    It says `READY` first, once its task is unpickled (importing its module), so that
    a job's time limit counts the job's work only, never a worker's start.
    """
    tempfile.tempdir = folder
    signal.signal(signal.SIGTERM, _leave)
    conn.send(READY)
    workers._serve(conn, task)


def _context() -> ForkServerContext | SpawnContext:
    """Workers forked from a clean server process that has the service's modules loaded."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["gkreport._service.jobs"])
        return context
    return multiprocessing.get_context("spawn")


@attrs.define(eq=False)  # told apart by identity: kept in a set
class _Worker:
    process: BaseProcess
    conn: Connection
    folder: Path


class Pool:
    """``size`` workers doing ``task`` on one job each, each job within ``time_limit`` seconds.

    `start` it before use and `close` it at the end (the service's lifespan does both).
    """

    GRACE = 1.0  # seconds a stopped worker gets to end after SIGTERM before SIGKILL
    START_LIMIT = 60.0  # seconds a new worker may take to be ready (imports, a busy machine)

    def __init__(self, size: int, time_limit: float, task: workers.Task) -> None:
        self.size = max(1, size)
        self.time_limit = time_limit
        self._task = task
        self._scratch: Path | None = None
        self._context = _context()
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._slots = asyncio.Semaphore(self.size)
        # a thread per worker waits on its pipe; as many again start and retire workers
        self._threads = concurrent.futures.ThreadPoolExecutor(2 * self.size, "gkreport-pool")
        self._retiring: set[asyncio.Future[None]] = set()
        self._numbers = itertools.count(1)  # names the workers' folders

    @property
    def scratch(self) -> Path:
        """The pool's temporary folder (the workers' and the requests' folders are in it)."""
        if self._scratch is None:
            msg = "the pool is not started"
            raise RuntimeError(msg)
        return self._scratch

    @property
    def processes(self) -> list[int]:
        """The process ids of the workers alive now (for tests and operators)."""
        return sorted(w.process.pid for w in self._all if w.process.pid is not None)

    async def start(self) -> None:
        """Start every worker now, so that the first requests do not wait for them."""
        self._scratch = Path(tempfile.mkdtemp(prefix="gkreport-service-"))
        loop = asyncio.get_running_loop()
        started = [loop.run_in_executor(self._threads, self._start) for _ in range(self.size)]
        for worker in await asyncio.gather(*started):
            self._all.add(worker)
            self._idle.append(worker)

    def _start(self) -> _Worker:
        folder = self.scratch / f"worker-{next(self._numbers)}"
        folder.mkdir()
        mine, theirs = self._context.Pipe()
        process = self._context.Process(
            target=_work, args=(theirs, self._task, str(folder)), daemon=True
        )
        process.start()
        theirs.close()
        worker = _Worker(process, mine, folder)
        try:
            if mine.poll(self.START_LIMIT) and mine.recv() == READY:
                return worker
        except (EOFError, OSError):
            pass
        self._retire(worker)
        raise WorkerFailed(f"it did not start: {workers._why(process.exitcode)}")

    async def run(self, job: Sequence[str]) -> Any:
        """The worker's answer to ``job``.

        :raises TimeLimitExceeded: past the time limit (the worker is stopped and replaced).
        :raises WorkerFailed: the worker died on the job (it is replaced).
        """
        loop = asyncio.get_running_loop()
        async with self._slots:
            worker = self._idle.pop() if self._idle else None
            if worker is None:
                worker = await loop.run_in_executor(self._threads, self._start)
                self._all.add(worker)
            try:
                answer = await loop.run_in_executor(self._threads, self._exchange, worker, job)
            except BaseException:  # over time, dead, or the request was cancelled: retire it
                self._retire_later(worker)
                raise
            self._idle.append(worker)
            return answer

    def _exchange(self, worker: _Worker, job: Sequence[str]) -> Any:
        """Send the job, wait for the answer within the time limit (in a pool thread)."""
        try:
            worker.conn.send(list(job))
            if not worker.conn.poll(self.time_limit):
                raise TimeLimitExceeded
            answers: list[Any] = worker.conn.recv()
        except (EOFError, OSError):  # dead, maybe halfway through sending: its pipe ended
            worker.process.join(self.GRACE)
            raise WorkerFailed(workers._why(worker.process.exitcode)) from None
        return answers[0]

    def _retire_later(self, worker: _Worker) -> None:
        """Stop and reap ``worker`` in a pool thread; the request is answered meanwhile."""
        self._all.discard(worker)
        future = asyncio.get_running_loop().run_in_executor(self._threads, self._retire, worker)
        self._retiring.add(future)
        future.add_done_callback(self._retiring.discard)

    def _retire(self, worker: _Worker) -> None:
        """SIGTERM, SIGKILL after `GRACE`; reap the worker and remove its temporary folder."""
        process = worker.process
        if process.is_alive():
            process.terminate()
            process.join(self.GRACE)
        if process.is_alive():
            process.kill()
            process.join()
        worker.conn.close()
        process.close()
        shutil.rmtree(worker.folder, ignore_errors=True)

    async def close(self) -> None:
        """Stop every worker (idle ones are asked first) and remove the scratch folder."""
        for worker in self._idle:
            try:
                worker.conn.send(None)
            except OSError:
                continue
        deadline = time.monotonic() + self.GRACE
        for worker in self._idle:
            worker.process.join(max(0.0, deadline - time.monotonic()))
        if self._retiring:
            await asyncio.gather(*self._retiring, return_exceptions=True)
        for worker in list(self._all):
            self._retire(worker)
        self._all.clear()
        self._idle.clear()
        self._threads.shutdown(wait=True)
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
