"""Independent read-only computations of one request run at once, each on its own database connection.

A cold cockpit is a dozen aggregate queries over the same tables that do not depend on one another (the
year's figures, last year's for 同比, the pipeline, the filtered charts); one after the other they leave the
second core idle while the first waits on the database. `concurrently` runs the first call in the calling
thread and the rest in a small pool of threads, each with its own connection (Django's connections belong to
a thread), and returns the results in order; an exception in any call is raised in the caller.

The calls run one after the other instead, with the same results, where other connections could not see what
this one sees: inside a transaction (an atomic block, the test suite's TestCase), and inside a pool thread (a
call that itself asks for concurrency must not wait on the pool it occupies). ZHAOSHANG_FIGURE_THREADS (in
settings.FIGURE_THREADS) sizes the pool; 0 turns it off.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, connections

_local = threading.local()
_pool_lock = threading.Lock()
_pool: tuple[int, ThreadPoolExecutor, int] | None = None


def _executor(size: int) -> ThreadPoolExecutor:
    """The process's pool, made on first use: a pool made before gunicorn forks its workers has no threads in
    them, so it is remade in a process that did not make it."""
    global _pool
    with _pool_lock:
        if _pool is None or _pool[0] != os.getpid():
            _pool = (os.getpid(), ThreadPoolExecutor(max_workers=size, thread_name_prefix="figures"), size)
        return _pool[1]


def close_pool() -> None:
    """Ends the pool's threads and closes their database connections (the test suite, after each test: a test
    database with connections open cannot be dropped). The next `concurrently` makes a new pool."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is None or pool[0] != os.getpid():
        return
    _, executor, size = pool
    # One task per thread: each waits at the barrier until all have closed their connections, so no thread
    # takes two of them.
    barrier = threading.Barrier(size)

    def close() -> None:
        connections.close_all()
        # A thread still busy (a live server's request) breaks the barrier: the rest close all the same.
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=10)

    try:
        for future in [executor.submit(close) for _ in range(size)]:
            future.result()
    finally:
        executor.shutdown(wait=True)


def _in_pool(call: Callable[[], Any]) -> Any:
    _local.in_pool = True
    close_old_connections()  # a connection past its age or broken since the last call is not reused
    try:
        return call()
    finally:
        close_old_connections()


def may_run_concurrently() -> bool:
    """Whether other connections would see what this thread's connection sees, and a pool is configured."""
    return (settings.FIGURE_THREADS > 0 and not getattr(_local, "in_pool", False)
            and not connection.in_atomic_block)


def concurrently(*calls: Callable[[], Any]) -> list[Any]:
    """The calls' results in order, computed at once where that is safe (see the module's docstring). Each
    call runs in a copy of the caller's context (context variables such as kpis.computations' shared
    evaluation are seen)."""
    if len(calls) < 2 or not may_run_concurrently():
        return [call() for call in calls]
    pool = _executor(settings.FIGURE_THREADS)
    futures = [pool.submit(contextvars.copy_context().run, _in_pool, call) for call in calls[1:]]
    try:
        first = calls[0]()
    except BaseException:
        for future in futures:  # not started yet: the pool is not kept busy with a request that failed
            future.cancel()
        raise
    return [first, *(future.result() for future in futures)]
