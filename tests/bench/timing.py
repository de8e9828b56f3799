"""Timing shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(first call, median of the next `repeat`) in milliseconds."""
    start = time.perf_counter()
    fn()
    first = (time.perf_counter() - start) * 1000
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return first, statistics.median(runs)


def timed_pair(first: Callable[[], object], second: Callable[[], object], repeat: int,
               block: int = 5) -> tuple[tuple[float, float], tuple[float, float]]:
    """`timed` of two things compared, their runs taken in turns of `block` (five of one,
    five of the other, again…): a change in the machine's pace while they run (another
    process, a shared host) falls on both alike, not on whichever ran then, and each keeps
    its caches for most of its runs, as it would running alone."""
    runs: tuple[list[float], list[float]] = ([], [])
    firsts = []
    for fn in (first, second):
        start = time.perf_counter()
        fn()
        firsts.append((time.perf_counter() - start) * 1000)
    while len(runs[1]) < repeat:
        for fn, kept in zip((first, second), runs, strict=True):
            for _ in range(min(block, repeat - len(kept))):
                start = time.perf_counter()
                fn()
                kept.append((time.perf_counter() - start) * 1000)
    return ((firsts[0], statistics.median(runs[0])), (firsts[1], statistics.median(runs[1])))


def report_row(name: str, first: float, median: float, target: float | None, floor: float,
               unit: str = "ms", width: int = 36, check: bool = True) -> tuple[str, bool]:
    """One printed line of figures beside its target and floor (NaN: none), and whether the
    median is over the target (only when `check`)."""
    over = check and target is not None and median >= target
    verdict = ("OVER" if over else "ok") if check and target is not None else ""
    floor_text = "" if floor != floor else f"{floor:8.3f}ms"
    target_text = (f"<{target:.2f}{unit}" if target < 10 else f"<{target:.0f}{unit}") \
        if target else ""  # a sub-millisecond target shown as it is, not as "<0ms"
    return (f"  {name:<{width}} {first:8.2f}{unit} {median:8.2f}{unit} {target_text:>9} "
            f"{floor_text:>10} {verdict}"), over


def verdict(failed: list[str], problems: bool = False) -> int:
    """The benchmark's exit status, after naming the figures over their target: 1 when any
    is (or when a `problem`, a wrong result, was printed), else 0."""
    if failed:
        print("\nover target: " + ", ".join(failed))
    return 1 if failed or problems else 0
