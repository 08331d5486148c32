"""Running test code on several threads at the same moment, each with its own connection."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection


def run_together(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Run ``jobs`` on their own threads, released at the same moment; return their results.

    A job that raises gives its exception as its result, for the test to assert on.
    """
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = job()
        except Exception as err:  # surfaced by the assertion on results
            results[index] = err
        finally:
            connection.close()  # each thread has its own database connection

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def failures(results: list[Any]) -> list[BaseException]:
    """Return the exceptions among ``results`` of :func:`run_together`."""
    return [result for result in results if isinstance(result, BaseException)]
