"""Worker processes that the main thread drives by hand, and can stop at once.

`concurrent.futures.ProcessPoolExecutor` reads the workers' results in a thread
of its own; a worker killed while sending one (Ctrl-C, SIGTERM) leaves that
thread waiting for the rest of the message forever, and the interpreter waits
for the thread at exit, so a stopped run could hang or orphan its workers. Here
each worker has one pipe to the main process and does one chunk at a time; only
the main thread reads, and a dead worker's pipe ends, so nothing waits on it:
a run left by an exception kills its workers, reaps them, and goes. A worker
also ends by itself when the main process is gone (its pipe closes), however
that happened; the forkserver and the resource tracker live only as long as the
processes holding their pipes, so they follow.
"""

from __future__ import annotations

import collections
import contextlib
import signal
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from multiprocessing.context import ForkServerContext, SpawnContext
from multiprocessing.process import BaseProcess
from typing import Any

import attrs

__all__ = ["Pool"]

#: What a worker does with one chunk; top-level (or a partial of one), to be pickled.
Task = Callable[[Sequence[Any]], list[Any]]
#: What stands for a chunk's results when its worker died on it: (chunk, why) -> results.
Failed = Callable[[Sequence[Any], str], list[Any]]


def _serve(conn: Connection, task: Task) -> None:
    """A worker: do each chunk it is sent, until told to stop or the main process is gone."""
    # Ctrl-C reaches every process of a terminal's foreground group; the main process
    # decides what happens (it stops the workers), so a worker does not die on its own
    # with a traceback of its own. SIGTERM keeps its default: it ends a worker at once.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            chunk = conn.recv()
        except EOFError:
            return  # the main process is gone
        if chunk is None:
            return
        results = task(chunk)
        try:
            conn.send(results)
        except OSError:
            return  # the main process is gone: nobody to tell


def _why(exitcode: int | None) -> str:
    """How a worker ended, in words."""
    if exitcode is None:
        return "it stopped answering"
    if exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit status {exitcode}"


@attrs.define
class _Worker:
    process: BaseProcess
    conn: Connection
    #: the chunks sent and not answered yet, oldest first: (chunk number, chunk)
    jobs: collections.deque[tuple[int, Sequence[Any]]] = attrs.field(factory=collections.deque)


class Pool:
    """``jobs`` worker processes doing ``task`` on chunks, results in the chunks' order.

    Each worker is sent its next chunk before it has finished the one it is on
    (`QUEUED`), so it never waits for the main process between chunks; and no
    more than `AHEAD` chunks per worker are out at once, counted from the
    oldest one not yet handed on, so a slow chunk (a huge page) holds up at most
    that many finished ones: the results wait in a bounded reorder buffer, and a
    run of any length uses the same memory.

    Use it as a context manager: left normally, the idle workers are told to stop
    and are reaped; left by an exception (Ctrl-C, SIGTERM raised by
    `interrupt.stop_on_signals`, a closed pipe downstream), waiting would mean
    finishing every chunk, so the workers are killed and reaped instead, within
    about a second (`GRACE`) even if one ignores SIGTERM.
    """

    GRACE = 1.0  # seconds a worker gets to end after SIGTERM (or a stop request) before SIGKILL
    QUEUED = 2  # chunks sent to one worker and not answered yet, at most
    AHEAD = 6  # chunks per worker out at once (sent, or done and waiting for an earlier one)

    def __init__(self, jobs: int, task: Task, context: ForkServerContext | SpawnContext) -> None:
        self._jobs = max(1, jobs)
        self._task = task
        self._context = context
        self._workers: list[_Worker] = []

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is None:
            self._ask_to_stop()
        self._kill()

    def map(self, chunks: Iterable[Sequence[Any]], failed: Failed) -> Iterator[list[Any]]:
        """Each chunk's results, in the order of ``chunks``, as soon as they and all before are in.

        ``chunks`` is read lazily, as workers are free for more. A worker that dies
        on a chunk (out of memory, killed) costs that chunk only: ``failed(chunk,
        why)`` stands for its results, and a new worker takes over the chunks it
        had not started.
        """
        waiting = enumerate(chunks)
        done: dict[int, list[Any]] = {}
        given = following = 0  # chunks sent so far; the next chunk to hand on
        more = True
        while True:
            while more and given - following < self.AHEAD * self._jobs:
                worker = self._free()
                if worker is None:
                    break
                job = next(waiting, None)
                if job is None:
                    more = False
                    break
                self._send(worker, job)
                given += 1
            if following in done:
                yield done.pop(following)
                following += 1
            elif following == given and not more:
                return
            else:
                self._collect(done, failed)

    def _free(self) -> _Worker | None:
        """The worker to send a chunk to: the least busy, a new one while fewer than ``jobs``."""
        if len(self._workers) < self._jobs:
            return self._start()
        worker = min(self._workers, key=lambda each: len(each.jobs))
        return worker if len(worker.jobs) < self.QUEUED else None

    def _start(self) -> _Worker:
        mine, theirs = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(theirs, self._task), daemon=True)
        process.start()
        theirs.close()
        worker = _Worker(process, mine)
        self._workers.append(worker)
        return worker

    @staticmethod
    def _send(worker: _Worker, job: tuple[int, Sequence[Any]]) -> None:
        worker.jobs.append(job)
        with contextlib.suppress(OSError):  # a worker dead already: _collect finds out
            worker.conn.send(job[1])

    def _collect(self, done: dict[int, list[Any]], failed: Failed) -> None:
        """Wait for a busy worker to finish a chunk (or die), and keep its results."""
        busy = [worker for worker in self._workers if worker.jobs]
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
        for worker in busy:
            if {worker.conn, worker.process.sentinel} & ready:
                self._take(worker, done, failed)

    def _take(self, worker: _Worker, done: dict[int, list[Any]], failed: Failed) -> None:
        """Keep a ready worker's results; a dead worker is replaced, its other chunks sent again."""
        number, chunk = worker.jobs[0]
        try:
            done[number] = worker.conn.recv()
        except (EOFError, OSError):  # dead, maybe halfway through sending: its pipe ended
            worker.process.join(self.GRACE)
            done[number] = failed(chunk, _why(worker.process.exitcode))
            worker.jobs.popleft()
            self._retire(worker)
            if worker.jobs:
                replacement = self._start()
                for job in worker.jobs:
                    self._send(replacement, job)
            return
        worker.jobs.popleft()

    def _ask_to_stop(self) -> None:
        for worker in self._workers:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        deadline = time.monotonic() + self.GRACE
        for worker in self._workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))

    def _kill(self) -> None:
        """End every worker still running: SIGTERM, then SIGKILL after `GRACE`; reap them all."""
        for worker in self._workers:
            if worker.process.is_alive():
                worker.process.terminate()
        deadline = time.monotonic() + self.GRACE
        for worker in self._workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(self.GRACE)
        for worker in list(self._workers):
            self._retire(worker)

    def _retire(self, worker: _Worker) -> None:
        worker.conn.close()
        if worker.process.exitcode is not None:
            worker.process.close()
        self._workers.remove(worker)
