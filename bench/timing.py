"""Timing shared by the benchmark scripts (run as `python bench/<name>.py`)."""
import statistics
import time


def median_ms(run, runs: int) -> float:
    """Median milliseconds of ``runs`` calls of ``run``, after one call to warm the caches."""
    run()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)
