"""Clean worker processes (audit._workers): order, errors, a dying worker, cleanup."""

from __future__ import annotations

import os

import pytest

from audit import _workers
from audit._workers import WorkerError, WorkerPool


def _square_plus(shared: int, task: int) -> int:
    return task * task + shared


def _fail_on_three(shared: int, task: int) -> int:
    if task == 3:
        raise ValueError(f"task {task} is bad")
    return task


def _die_on_two(shared: int, task: int) -> int:
    if task == 2:
        os._exit(7)
    return task


def _pid(shared: int, task: int) -> int:
    return os.getpid()


def ordered_map(function, shared, make_task, n_tasks, workers):
    with WorkerPool(function, shared, workers) as pool:
        yield from pool.map(make_task, n_tasks)


def test_results_come_back_in_task_order():
    got = list(ordered_map(_square_plus, 10, lambda k: k, 25, workers=3))
    assert got == [k * k + 10 for k in range(25)]


def test_tasks_are_spread_over_the_workers():
    pids = list(ordered_map(_pid, 0, lambda k: k, 8, workers=2))
    assert len(set(pids)) == 2 and os.getpid() not in pids
    assert pids[0::2] == [pids[0]] * 4 and pids[1::2] == [pids[1]] * 4


def test_an_exception_in_a_task_is_raised_as_it_was():
    results = ordered_map(_fail_on_three, 0, lambda k: k, 6, workers=2)
    assert [next(results) for _ in range(3)] == [0, 1, 2]
    with pytest.raises(ValueError, match="task 3 is bad"):
        next(results)


def test_a_dying_worker_gives_a_clear_error():
    with pytest.raises(WorkerError, match=r"ended unexpectedly \(exit code 7\)"):
        list(ordered_map(_die_on_two, 0, lambda k: k, 6, workers=2))


def test_a_failing_task_builder_is_raised_in_the_caller():
    def make(k: int) -> int:
        if k == 4:
            raise KeyError("no such chunk")
        return k

    with pytest.raises(KeyError, match="no such chunk"):
        list(ordered_map(_square_plus, 0, make, 8, workers=2))


def test_workers_end_when_the_caller_stops_early(monkeypatch):
    started = []
    real_start = _workers._start

    def spy(count):
        procs = real_start(count)
        started.extend(procs)
        return procs

    monkeypatch.setattr(_workers, "_start", spy)
    results = ordered_map(_square_plus, 0, lambda k: k, 100, workers=2)
    assert next(results) == 0
    results.close()  # the caller drops the generator
    assert started and all(p.poll() is not None for p in started)


def _warm_marker(shared: str, task: int | None) -> str:
    if task is None:  # the warm-up call: leave a mark the tasks can see
        os.environ["WARMED"] = shared
        return ""
    return os.environ.get("WARMED", "cold")


def test_warm_workers_run_the_function_once_before_the_tasks():
    with WorkerPool(_warm_marker, "warm", 2, warm=True) as pool:
        assert list(pool.map(lambda k: k, 4)) == ["warm"] * 4
    with WorkerPool(_warm_marker, "warm", 2) as pool:
        assert list(pool.map(lambda k: k, 2)) == ["cold"] * 2


def test_zero_tasks_start_and_stop_cleanly():
    assert list(ordered_map(_square_plus, 0, lambda k: k, 0, workers=2)) == []
