"""Where per-document work runs: in this process, in worker processes kept for the run, or on a Dask cluster; with a
progress bar.

Corpus cleaning, segmentation and tagging all go through `parallel_map`, so they share the workers, and each
worker loads underthesea's models once. Given a scheduler address (`vnnews run --scheduler`, `VNNEWS_SCHEDULER`,
which the runner sets for its kernel, or Dask's own `DASK_SCHEDULER_ADDRESS`), the work goes to that Dask
`distributed` cluster in chunks, and comes back in order: the cache and the tables are those of a local run.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import TYPE_CHECKING

from vnnews.errors import ClusterError

if TYPE_CHECKING:
    from distributed import Client, Future

# Below this many characters of work, handing it to worker processes costs more than it saves.
PARALLEL_MIN_CHARS = 300_000
# A cluster's workers are already running, their models loaded: a task costs milliseconds, so less is worth sending.
CLUSTER_MIN_CHARS = 20_000
SCHEDULER_ENV = "VNNEWS_SCHEDULER"
DASK_SCHEDULER_ENV = "DASK_SCHEDULER_ADDRESS"
# A Dask task gets about this many characters (≈ 0.5 s of segmentation on one core): enough to hide the cost of a
# task (milliseconds), small enough to spread a batch over many workers.
CLUSTER_CHUNK_CHARS = 100_000
# A scheduler left without workers keeps tasks waiting for ever: after this long without one, the run stops.
NO_WORKERS_SECONDS = 60.0
POLL_SECONDS = 5.0
_RESUME = "the segmentation and tags already back are cached, and the next run resumes from them"
_INSTALL = "install the same requirements.lock and project (pip install -e .) on every worker, then restart it"

_POOL: tuple[int, ProcessPoolExecutor] | None = None
_CLIENT: tuple[str, Client] | None = None


def progress_bar(total: int | None, desc: str, progress: bool | None = None):
    """A tqdm bar (a widget in JupyterLab, text in a terminal); off when `VNNEWS_PROGRESS=0`, as in reports."""
    from tqdm.auto import tqdm

    enabled = progress if progress is not None else os.environ.get("VNNEWS_PROGRESS", "1") != "0"
    return tqdm(total=total, desc=desc, unit="item", disable=not enabled)


def scheduler_address(flag: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The Dask scheduler to send work to: `flag` (`--scheduler`), else `VNNEWS_SCHEDULER`, else
    `DASK_SCHEDULER_ADDRESS`; "" = this machine. An empty flag or `VNNEWS_SCHEDULER` means this machine even when
    `DASK_SCHEDULER_ADDRESS` is set, so `--scheduler ''` runs locally."""
    environ = os.environ if environ is None else environ
    for value in (flag, environ.get(SCHEDULER_ENV), environ.get(DASK_SCHEDULER_ENV)):
        if value is not None:
            return value.strip()
    return ""


def parallel_map(function: Callable, items: list, size: int, workers: int | None = None) -> Iterator:
    """`map(function, items)`, in order; in chunks, on the Dask cluster of `scheduler_address()` or else in worker
    processes (`workers`, default one per core), when the work (`size` characters) is worth it
    (`CLUSTER_MIN_CHARS`, `PARALLEL_MIN_CHARS`); `workers=1` keeps it in this process."""
    address = scheduler_address()
    if workers == 1 or size < (CLUSTER_MIN_CHARS if address else PARALLEL_MIN_CHARS):
        yield from map(function, items)
    elif address:
        yield from cluster_map(address, function, items, size)
    else:
        yield from pool_map(function, items, workers or os.cpu_count() or 1)


def pool_map(function: Callable, items: list, workers: int) -> Iterator:
    """`map` in worker processes kept for the life of this process (the runner's kernel executes every notebook of
    a run). They are started with "spawn": forking a process that holds threads (a Jupyter kernel does) can
    deadlock."""
    global _POOL
    if workers < 2:
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


# ---------------------------------------------------------------------------------------------------------------
# Dask


def open_client(address: str) -> Client:
    """A client of the scheduler at `address`; ClusterError when none answers within Dask's connect timeout
    (`distributed.comm.timeouts.connect`, 30 s unless configured)."""
    from distributed import Client

    try:
        return Client(address, set_as_default=False)  # the user's own Dask code keeps its default client
    except (OSError, ValueError) as exc:  # TimeoutError is an OSError
        raise ClusterError(f"no Dask scheduler answers at {address} ({exc}); start one, or leave --scheduler out "
                           "(and DASK_SCHEDULER_ADDRESS unset) to run on this machine") from None


def client(address: str) -> Client:
    """The client of this process (the runner's kernel) for `address`, kept like the local workers; a client
    that lost its scheduler is replaced, so the next call either reconnects or says the cluster is gone."""
    global _CLIENT
    if _CLIENT is None or _CLIENT[0] != address or _CLIENT[1].status != "running":
        forget_client()
        _CLIENT = (address, open_client(address))
    return _CLIENT[1]


def forget_client() -> None:
    """Close this process's client. Closing one that is reconnecting to a lost scheduler cancels the attempt, which
    distributed logs with a traceback (into the report): the ClusterError raised instead says what happened."""
    global _CLIENT
    if _CLIENT is not None:
        log = logging.getLogger("distributed.client")
        level = log.level
        log.setLevel(logging.CRITICAL)
        try:
            _CLIENT[1].close(timeout=5)
        finally:
            log.setLevel(level)
        _CLIENT = None


def cluster_summary(address: str) -> str:
    """What the scheduler at `address` has, e.g. "2 workers, 4 threads"; ClusterError when it does not answer. The
    runner asks before any notebook runs: a wrong address costs one timeout, not one per notebook."""
    probe = open_client(address)
    try:
        threads = probe.nthreads()
    finally:
        probe.close(timeout=5)
    return f"{len(threads)} workers, {sum(threads.values())} threads"


def apply_chunk(chunk: list, function: Callable) -> list:
    """A Dask task: `function` over one chunk (pickled by reference: each worker runs its own installed vnnews)."""
    return [function(item) for item in chunk]


def cluster_map(address: str, function: Callable, items: list, size: int) -> Iterator:
    """`map(function, items)` on the Dask cluster at `address`, in chunks of about CLUSTER_CHUNK_CHARS; each chunk's
    results are yielded in order as soon as they are back, so a caller that caches them keeps them if the cluster
    goes away."""
    from distributed import CancelledError, KilledWorker

    try:
        cluster = client(address)
        check_workers(cluster, function)
        chunks = _chunks(items, size, sum(cluster.nthreads().values()) or 1)
        # Keys from the chunks' content (pure): runs sharing a cluster compute a chunk once, on checked code
        futures = cluster.map(apply_chunk, chunks, function=function, key=f"vnnews.{function.__name__}")
    except (CancelledError, OSError) as exc:
        raise _gone(address, exc) from None
    futures.reverse()  # popped in input order; a future dropped once read frees its result on the worker
    while futures:
        future = futures.pop()
        try:
            results = _result(cluster, future, address)
        except KilledWorker as exc:  # the chunk, not the cluster: each worker that tried it died (out of memory?)
            message = f"Dask workers died running {function.__name__} ({_first_line(exc)}); {_RESUME}"
            raise ClusterError(message) from None
        except (CancelledError, OSError) as exc:
            raise (_task_error(exc) if future.status == "error" else _gone(address, exc)) from None
        yield from results


def _chunks(items: list, size: int, threads: int) -> list[list]:
    """Chunks of about CLUSTER_CHUNK_CHARS, at least four per thread so that no worker waits long on a slow one."""
    per_chunk = max(1, min(-(-len(items) * CLUSTER_CHUNK_CHARS // size), -(-len(items) // (4 * threads))))
    return [items[start:start + per_chunk] for start in range(0, len(items), per_chunk)]


def check_workers(cluster: Client, function: Callable) -> None:
    """Every worker runs the code and libraries this process does (`cache.code_version`): results computed by
    other code would be cached under this code's keys."""
    from vnnews.cache import code_version

    here = code_version(function.__module__)
    versions = cluster.run(code_version, function.__module__, on_error="return")  # a worker's error as its value
    if failed := {worker: error for worker, error in versions.items() if isinstance(error, BaseException)}:
        worker, error = min(failed.items())
        raise ClusterError(f"Dask worker {worker} cannot run vnnews ({error}): {_INSTALL}")
    if other := sorted(worker for worker, version in versions.items() if version != here):
        raise ClusterError(f"Dask worker(s) {', '.join(other)} run other vnnews code or library versions than this "
                           f"machine: {_INSTALL}")


def _result(cluster: Client, future: Future, address: str) -> list:
    """A chunk's results, once done. A scheduler without workers would wait for ever: NO_WORKERS_SECONDS without
    any is the cluster gone."""
    idle = 0.0
    while True:
        try:
            return future.result(timeout=POLL_SECONDS)
        except TimeoutError:
            if future.done():
                raise  # the task's own TimeoutError
            idle = 0.0 if cluster.nthreads() else idle + POLL_SECONDS
            if idle >= NO_WORKERS_SECONDS:
                raise ClusterError(f"the Dask scheduler at {address} has had no workers for {idle:.0f} s: start "
                                   f"some (dask worker {address}); {_RESUME}") from None


def _first_line(exc: BaseException) -> str:
    return next(iter(str(exc).splitlines()), "") or type(exc).__name__


def _gone(address: str, exc: BaseException) -> ClusterError:
    forget_client()
    reason = getattr(exc, "reason", "") or _first_line(exc)  # a cancelled future says why
    return ClusterError(f"the Dask cluster at {address} went away during the run ({reason}); {_RESUME}")


def _task_error(exc: BaseException) -> BaseException:
    """A task's own error, as a local run would raise it; but a corpus file a worker cannot find means the corpus
    is not where the workers look."""
    if isinstance(exc, FileNotFoundError):
        return ClusterError(f"a Dask worker cannot read {exc.filename}: workers read the corpus files themselves, "
                            "so the corpus must be at the same path on every machine (a shared folder)")
    return exc
