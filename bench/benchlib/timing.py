"""Timing and reporting helpers: every figure is printed as ``name: value unit``."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from contextlib import ExitStack

REPEATS = 20
WARMUPS = 2


def emit(name: str, value: float | int | str, unit: str) -> None:
    """One result line, e.g. ``listing_page1_median: 42.1 ms``."""
    if isinstance(value, float):
        value = f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"
    print(f"{name}: {value} {unit}", flush=True)


def sample_ms(action: Callable[[], object], repeats: int = REPEATS, warmups: int = WARMUPS):
    """Wall-clock milliseconds of ``repeats`` calls after ``warmups`` untimed ones."""
    for _ in range(warmups):
        action()
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def median(timings: list[float]) -> float:
    return statistics.median(timings)


def p95(timings: list[float]) -> float:
    """Nearest-rank 95th percentile (the 19th of 20 sorted timings)."""
    ordered = sorted(timings)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


class CapturedQueries:
    """CaptureQueriesContext over every database alias (a read replica included)."""

    def __enter__(self):
        from django.db import connections
        from django.test.utils import CaptureQueriesContext

        self.stack = ExitStack()
        self.contexts = [
            self.stack.enter_context(CaptureQueriesContext(connections[alias]))
            for alias in connections
        ]
        return self

    def __exit__(self, *exc_info):
        return self.stack.__exit__(*exc_info)

    @property
    def queries(self) -> list[dict]:
        return [query for context in self.contexts for query in context.captured_queries]


def describe_machine() -> None:
    """Cores, load and server version: timings on a shared machine need them."""
    import os

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"# {os.cpu_count()} cores, load average {load}, PostgreSQL {version}")


def limit_memory(gibibytes: int = 8) -> None:
    """Fail with MemoryError rather than let one page exhaust a shared machine
    (a figure page of the busiest metric loads gigabytes of source text)."""
    import resource

    ceiling = gibibytes * 1024**3
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    if soft == resource.RLIM_INFINITY or soft > ceiling:
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
