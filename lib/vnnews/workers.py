"""Where per-document work runs: in this process, or in worker processes kept for the run; with a progress bar.

Corpus cleaning, segmentation and tagging all go through `parallel_map`, so they share the workers, and each
worker loads underthesea's models once.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context

# Below this many characters of work, handing it to worker processes costs more than it saves.
PARALLEL_MIN_CHARS = 300_000

_POOL: tuple[int, ProcessPoolExecutor] | None = None


def progress_bar(total: int | None, desc: str, progress: bool | None = None):
    """A tqdm bar (a widget in JupyterLab, text in a terminal); off when `VNNEWS_PROGRESS=0`, as in reports."""
    from tqdm.auto import tqdm

    enabled = progress if progress is not None else os.environ.get("VNNEWS_PROGRESS", "1") != "0"
    return tqdm(total=total, desc=desc, unit="item", disable=not enabled)


def parallel_map(function: Callable, items: list, size: int, workers: int | None = None) -> Iterator:
    """`map(function, items)`, in order; in worker processes, in chunks, when the work (`size` characters) is
    worth it (`PARALLEL_MIN_CHARS`) and there is more than one worker (default: one per core).

    The workers are kept for the life of this process (the runner's kernel executes every notebook of a run).
    They are started with "spawn": forking a process that holds threads (a Jupyter kernel does) can deadlock.
    """
    global _POOL
    workers = workers or os.cpu_count() or 1
    if workers < 2 or size < PARALLEL_MIN_CHARS:
        yield from map(function, items)
        return
    if _POOL is None or _POOL[0] != workers:
        if _POOL is not None:
            _POOL[1].shutdown(cancel_futures=True)
        _POOL = (workers, ProcessPoolExecutor(workers, mp_context=get_context("spawn")))
    chunksize = max(1, min(64, len(items) // (workers * 8)))
    try:
        yield from _POOL[1].map(function, items, chunksize=chunksize)
    except BrokenProcessPool:
        _POOL = None  # a worker died (out of memory, killed): the next call starts new ones
        raise
