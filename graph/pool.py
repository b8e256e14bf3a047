"""Bounded, unkillable worker processes: one file per task, a time and memory budget each.

Public names: :class:`Budget` (per-file limits) and :func:`run_bounded` (results of a
function over tasks, in input order).

Each worker process caps its address space (``resource.setrlimit(RLIMIT_AS)``) and arms
an alarm per task; a task past its time gets the alarm inside the worker, and if the
worker does not answer by then (a long call in C), the parent kills the workers. A worker
that dies (``kill -9``, out of memory, a crash) breaks the pool
(:class:`concurrent.futures.process.BrokenProcessPool`): the parent builds a new pool,
runs the tasks that were in flight one at a time to find the one that kills its worker,
reports that one through ``on_death`` and goes on with the rest. SIGINT is ignored by the
workers: Ctrl-C reaches the parent only, which stops the pool and re-raises.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

WINDOW = 256  # tasks handed to the pool at a time (bounds the parent's memory)
GRACE = 5.0  # seconds the parent waits past a task's budget before killing the workers
TEST_KILL_ENV = "VBKG_TEST_KILL_ON"  # test hook: a worker given this file name kills itself


@dataclass(frozen=True)
class Budget:
    """Per-file limits in a worker: seconds (``None``: no limit) and bytes of address space."""

    seconds: float | None = 300.0
    memory: int | None = 4 * 1024 * 1024 * 1024


class FileTimeout(BaseException):
    """Raised inside a worker when its task is past its time budget."""


@dataclass(frozen=True)
class _Died(Generic[T]):
    task: T
    how: str  # "died" or "timeout"


def _on_alarm(signum: int, frame: object) -> None:
    raise FileTimeout


def _orphan_watch(parent: int) -> None:
    """A worker whose parent died (``kill -9``) exits: it must not keep the parent's pipes
    open nor run on unobserved."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _init_worker(budget: Budget) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGALRM, _on_alarm)
    threading.Thread(target=_orphan_watch, args=(os.getppid(),), daemon=True).start()
    if budget.memory is not None:
        import resource  # POSIX only: the budget is then time alone

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = budget.memory if hard == resource.RLIM_INFINITY else min(budget.memory, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _call(fn: Callable[[T], R], task: T, budget: Budget, name: str) -> R | _Died[T]:
    if name and name == os.environ.get(TEST_KILL_ENV):
        os.kill(os.getpid(), signal.SIGKILL)
    if budget.seconds is not None:
        signal.setitimer(signal.ITIMER_REAL, budget.seconds)
    try:
        return fn(task)
    except FileTimeout:
        return _Died(task, "timeout")
    finally:
        if budget.seconds is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)


class _Pool(Generic[T, R]):
    def __init__(self, fn: Callable[[T], R], jobs: int, budget: Budget) -> None:
        self.fn, self.jobs, self.budget = fn, jobs, budget
        self.ctx = multiprocessing.get_context("fork")
        self.executor: ProcessPoolExecutor | None = None
        self.wait = None if budget.seconds is None else budget.seconds + GRACE

    def get(self, workers: int) -> ProcessPoolExecutor:
        if self.executor is None:
            self.executor = ProcessPoolExecutor(
                workers, mp_context=self.ctx, initializer=_init_worker, initargs=(self.budget,)
            )
        return self.executor

    def kill(self) -> None:
        """Stop every worker now and forget the pool."""
        ex, self.executor = self.executor, None
        if ex is None:
            return
        for p in list((getattr(ex, "_processes", None) or {}).values()):
            if p.is_alive():
                p.kill()
        ex.shutdown(wait=True, cancel_futures=True)

    def submit(self, ex: ProcessPoolExecutor, task: T, name: str) -> Future[R | _Died[T]]:
        return ex.submit(_call, self.fn, task, self.budget, name)

    def alone(self, task: T, name: str) -> R | _Died[T]:
        """Run ``task`` in a pool of its own: a death is then this task's."""
        self.kill()
        try:
            return self.submit(self.get(1), task, name).result(timeout=self.wait)
        except FuturesTimeout:
            return _Died(task, "timeout")
        except BrokenProcessPool:
            return _Died(task, "died")
        finally:
            self.kill()

    def run(self, tasks: Iterator[tuple[T, str]]) -> Iterator[R | _Died[T]]:
        """Results of ``tasks`` (task, name) in input order, at most :data:`WINDOW` in flight:
        a window slides (one task handed out per result taken), so the workers never wait
        for the parent to take a whole window's results."""
        flight: deque[tuple[T, str, Future[R | _Died[T]]]] = deque()
        while True:
            if len(flight) < WINDOW:
                ex = self.get(self.jobs)
                for task, name in islice(tasks, WINDOW - len(flight)):
                    try:
                        fut = self.submit(ex, task, name)
                    except BrokenProcessPool as exc:  # broken already: see below
                        fut = Future()
                        fut.set_exception(exc)
                    flight.append((task, name, fut))
            if not flight:
                return
            task, name, fut = flight.popleft()
            try:
                result = fut.result(timeout=self.wait)
            except FuturesTimeout:
                yield _Died(task, "timeout")
                self._recover(flight)  # its worker may be stuck in C: the pool goes
                continue
            except BrokenProcessPool:
                flight.appendleft((task, name, fut))
                self._recover(flight)
                continue
            yield result

    def _recover(self, flight: deque[tuple[T, str, Future[R | _Died[T]]]]) -> None:
        """The pool broke (or a task ran past its time): keep the results that finished, run
        the first unfinished ones (in flight when it broke: FIFO dispatch) one at a time to
        find the one that kills its worker, hand the others to a new pool; ``flight`` keeps
        its order."""
        self.kill()
        entries = list(flight)
        flight.clear()
        suspects = 2 * self.jobs + 2
        later: list[int] = []
        for k, (task, name, fut) in enumerate(entries):
            if fut.done() and not fut.cancelled() and fut.exception() is None:
                continue  # finished before the pool broke: keep
            if suspects > 0:
                suspects -= 1
                entries[k] = (task, name, _done(self.alone(task, name)))
            else:
                later.append(k)
        if later:
            ex = self.get(self.jobs)
            for k in later:
                task, name, _ = entries[k]
                entries[k] = (task, name, self.submit(ex, task, name))
        flight.extend(entries)


def _done(value: R) -> Future[R]:
    fut: Future[R] = Future()
    fut.set_result(value)
    return fut


def run_bounded(
    fn: Callable[[T], R],
    tasks: Iterable[T],
    *,
    jobs: int,
    budget: Budget,
    name: Callable[[T], str],
    on_death: Callable[[T, str], R],
) -> Iterator[R]:
    """``fn`` over ``tasks`` in ``jobs`` worker processes, results in input order.

    A task past its time or whose worker dies gives ``on_death(task, how)`` (``how``:
    ``"timeout"`` or ``"died"``) instead of a result; ``name(task)`` is the file name
    the test hook :data:`TEST_KILL_ENV` compares.
    """
    pool: _Pool[T, R] = _Pool(fn, jobs, budget)
    try:
        yield from _unwrap(pool.run((t, name(t)) for t in tasks), on_death)
    finally:  # also on Ctrl-C and when the consumer stops early
        pool.kill()


def _unwrap(items: Iterator[R | _Died[T]], on_death: Callable[[T, str], R]) -> Iterator[R]:
    for item in items:
        yield on_death(item.task, item.how) if isinstance(item, _Died) else item
