"""Clean worker processes for big scoring runs: ordered results over pipes (issue 5).

Forked workers start at once but share every page of the parent: at a million posts the parent
holds more than a gigabyte, and each page that either side writes afterwards (a reference count,
a new object in a half-free block) is copied, so forked workers took about 0.6 GB more than the
job needs. The workers here are fresh interpreters (``python -m audit._worker_main``) that hold
only the package, its lexicons and the chunk they score, about 110 MB each.

``spawn`` and ``forkserver`` would start fresh interpreters too, but they re-run the caller's main
script in every worker (a script without an ``if __name__ == "__main__":`` guard would break);
these workers import nothing but the function they run.

Protocol: every message is a pickle (protocol 5) preceded by its length (8 bytes, big-endian).
The parent sends ``(module, function, shared, warm)`` once, then one task per message; the worker
answers each task with ``(True, result)`` or ``(False, exception or traceback text)``, in order,
and exits at the end of its input. Task ``k`` goes to worker ``k % n``, each worker fed by a
thread of its own, and results are read in task order, so no worker waits on another.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import pickle
import struct
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

__all__ = ["WorkerError", "WorkerPool"]

_HEADER = struct.Struct(">Q")


class WorkerError(RuntimeError):
    """A worker process died or could not run a task (the message says why)."""


def _write(stream: IO[bytes], value: Any) -> None:
    data = pickle.dumps(value, protocol=5)
    stream.write(_HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def _read(stream: IO[bytes]) -> Any:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    size = _HEADER.unpack(header)[0]
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


def _start(count: int) -> list[subprocess.Popen[bytes]]:
    env = dict(os.environ)
    # the workers import this very package, wherever it was imported from
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    procs: list[subprocess.Popen[bytes]] = []
    try:
        for _ in range(count):
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "audit._worker_main"],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    env=env,
                )
            )
    except BaseException:
        _stop(procs)
        raise
    return procs


def _stop(procs: Sequence[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
    for proc in procs:
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class WorkerPool:
    """Clean worker processes running one function, started at once and fed later.

    Parameters
    ----------
    function : callable
        A module-level function ``function(shared, task)`` (importable by module and name).
    shared : object
        Picklable, sent once to every worker (settings).
    workers : int
        How many processes.
    warm : bool
        Have every worker call ``function(shared, None)`` once as soon as it starts (to build
        its caches while the caller prepares the tasks); the result is dropped.

    Raises
    ------
    OSError
        When no worker process can be started (the caller may then work alone).
    """

    def __init__(
        self, function: Callable[[Any, Any], Any], shared: Any, workers: int, warm: bool = False
    ) -> None:
        self._procs = _start(workers)
        try:
            for proc in self._procs:
                assert proc.stdin is not None
                _write(proc.stdin, (function.__module__, function.__qualname__, shared, warm))
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """End the worker processes (they finish at the end of their input)."""
        _stop(self._procs)

    def map(self, make_task: Callable[[int], Any], n_tasks: int) -> Iterator[Any]:
        """The result of every task, in task order (call once per pool).

        Parameters
        ----------
        make_task : callable
            Builds task ``k`` (picklable); called from one feeder thread per worker.
        n_tasks : int
            How many tasks.

        Yields
        ------
        object
            Each task's result, in task order.

        Raises
        ------
        WorkerError
            When a worker dies; an exception raised by the function is re-raised as it was.
        """
        procs = self._procs
        workers = len(procs)
        errors: list[BaseException] = []

        def feed(w: int) -> None:
            stdin = procs[w].stdin
            assert stdin is not None
            try:
                for k in range(w, n_tasks, workers):
                    _write(stdin, make_task(k))
                stdin.close()
            except (BrokenPipeError, ValueError, OSError):
                pass  # the worker died (the reader reports it) or we are shutting down
            except BaseException as exc:  # make_task failed: report it in the main thread
                errors.append(exc)
                with contextlib.suppress(OSError):
                    stdin.close()

        feeders = [threading.Thread(target=feed, args=(w,), daemon=True) for w in range(workers)]
        for t in feeders:
            t.start()
        try:
            for k in range(n_tasks):
                proc = procs[k % workers]
                assert proc.stdout is not None
                try:
                    ok, value = _read(proc.stdout)
                except EOFError:
                    if errors:
                        raise errors[0] from None
                    code = proc.wait()
                    raise WorkerError(
                        f"a scoring worker process ended unexpectedly (exit code {code}); "
                        "its error, if any, is printed above"
                    ) from None
                if not ok:
                    if isinstance(value, BaseException):
                        raise value
                    raise WorkerError(f"a scoring worker failed:\n{value}")
                yield value
        finally:
            self.close()
            for t in feeders:
                t.join(timeout=5)


def _serve(stdin: IO[bytes], stdout: IO[bytes]) -> None:
    """The worker side: read the function and shared value, then answer every task in order."""
    try:
        module, name, shared, warm = _read(stdin)
    except EOFError:
        return
    function = getattr(importlib.import_module(module), name)
    if warm:
        function(shared, None)
    while True:
        try:
            task = _read(stdin)
        except EOFError:
            return
        try:
            answer: tuple[bool, Any] = (True, function(shared, task))
        except Exception as exc:
            try:
                pickle.dumps(exc)
                answer = (False, exc)
            except Exception:
                answer = (False, traceback.format_exc())
        _write(stdout, answer)


def main() -> None:
    """Entry point of a worker process (``python -m audit._worker_main``)."""
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print() must not corrupt the answers
    # the scorers make millions of small objects and no reference cycles: the cycle collector
    # would only cost time (the parent pauses it the same way while scoring)
    gc.disable()
    _serve(sys.stdin.buffer, out)
