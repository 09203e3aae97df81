"""Where the per-article work runs: this module alone knows about Dask.

A corpus is cut into partitions of articles, in corpus order; one function maps each
partition to its partial tables, and the pipeline reduces the partial tables once. The
measures are plain functions over DataFrames and never know how they are scheduled.

- By default the partitions run on every local core, in processes (VADER is pure
  Python, so threads would share one core), with Dask's embedded scheduler: no server.
- ``workers=1`` runs them one after the other in this process.
- ``scheduler=ADDRESS`` (or ``DASK_SCHEDULER_ADDRESS``) sends them to a
  ``dask.distributed`` cluster.

Results come back in partition order whatever ran them, and every partial table is
additive per article, so the outputs are byte-identical for any partitioning, number
of workers or scheduler (``tests/test_engine.py``).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, replace
from functools import partial
from typing import Callable, Mapping, Protocol, Sequence

import pandas as pd

SCHEDULER_VARIABLE = "DASK_SCHEDULER_ADDRESS"
ARTICLES_PER_PARTITION = 200
# Starting the local worker processes (each imports pandas, scikit-learn and VADER) and sending them the partitions:
# measured at 2.4 s on the benchmark machine (python -m analysis.bench, a rerun after a codebook edit).
WORKER_START_SECONDS = 2.5


@dataclass(frozen=True)
class Engine:
    """How to run the per-article work: local cores (``workers``, None for all) or a cluster (``scheduler``)."""

    workers: int | None = None
    scheduler: str | None = None
    articles_per_partition: int = ARTICLES_PER_PARTITION
    progress_bar: bool = False

    @classmethod
    def from_environment(cls, workers: int | None = None, scheduler: str | None = None, **options) -> "Engine":
        return cls(workers=workers, scheduler=scheduler or os.environ.get(SCHEDULER_VARIABLE) or None, **options)

    def describe(self, partitions: int) -> str:
        where = f"the Dask cluster at {self.scheduler}" if self.scheduler else f"{self.local_workers(partitions)} local process(es)"
        return f"{partitions} partition(s) of at most {self.articles_per_partition} articles on {where}"

    def local_workers(self, partitions: int) -> int:
        return max(1, min(self.workers or os.cpu_count() or 1, partitions))

    @property
    def chooses_workers(self) -> bool:
        """Whether the user left the number of local workers to the engine (no ``workers``, no cluster)."""
        return self.workers is None and not self.scheduler

    def sized_for(self, seconds: float, partitions: int) -> Engine:
        """This engine, or this process alone when the work (``seconds`` on one core) would finish before the local
        workers had started: a rerun that only recomputes framing. Only when the engine ``chooses_workers``; the
        tables are the same either way."""
        if not self.chooses_workers:
            return self
        workers = self.local_workers(partitions)
        saved = seconds * (1 - 1 / workers)  # what sharing the work among the workers would save
        return self if saved > WORKER_START_SECONDS else replace(self, workers=1)


def partitions(articles: pd.DataFrame, size: int) -> list[pd.DataFrame]:
    """The articles in corpus order, cut into consecutive partitions of at most ``size``."""
    return [articles.iloc[start : start + size] for start in range(0, len(articles), max(1, size))]


def map_partitions(function: Callable[[pd.DataFrame], object], parts: Sequence[pd.DataFrame], engine: Engine) -> list:
    """``function`` applied to every partition, results in partition order; with ``engine.progress_bar``, a bar
    on stderr counts the articles done, with the rate and the time left."""
    return map_reduce(function, parts, engine)[0]


class Reducer(Protocol):
    """What takes one entry of every partition's result as it arrives: ``add`` is called once per partition, in any
    order, with the partition's number; ``total`` once at the end."""

    def add(self, number: int, partial) -> None: ...

    def total(self) -> object: ...


def map_reduce(
    function: Callable[[pd.DataFrame], dict], parts: Sequence[pd.DataFrame], engine: Engine, reducers: Mapping[str, Reducer] | None = None,
) -> tuple[list, dict[str, object]]:
    """``map_partitions``, where some entries of the partitions' result dicts are reduced as they arrive.

    ``reducers`` maps an entry's key to a ``Reducer``, such as the shuffles to disk of term counts and shingles
    (``terms.TermBuckets``, ``reuse.ShingleBuckets``). As each partition's result arrives, its entry is taken out
    and handed over, so the driver never holds them all. Returns the results without those entries, in partition
    order, and each reducer's total. ``parts``: DataFrames, or partitions kept on disk (with ``load()`` and a length,
    ``parted.PartitionOnDisk``), which local processes read themselves and a cluster is sent.
    """
    reducers = dict(reducers or {})
    taking = Taking(reducers)
    with article_bar(parts, engine.progress_bar) as bar:
        if engine.scheduler:
            results = on_cluster(function, parts, engine.scheduler, bar, taking)
        else:
            results = on_local_scheduler(function, parts, engine.local_workers(len(parts)), bar, taking)
    return results, {key: reducer.total() for key, reducer in reducers.items()}


class Taking:
    """Hands each arriving result's reduced entries to their reducers."""

    def __init__(self, reducers: dict[str, Reducer]) -> None:
        self.reducers = reducers

    def take(self, number: int, result):
        """``result`` (of partition ``number``) without its reduced entries, which are handed over."""
        for key, reducer in self.reducers.items():
            reducer.add(number, result.pop(key))
        return result


def loaded(part):
    """A partition's articles: a DataFrame as it is, or one kept on disk (``parted.PartitionOnDisk``) read back."""
    return part.load() if hasattr(part, "load") else part


def on_loaded(function: Callable, part):
    return function(loaded(part))


def article_bar(parts: Sequence[pd.DataFrame], shown: bool):
    """A tqdm bar over the articles of all partitions (disabled: a bar that prints nothing)."""
    from tqdm import tqdm

    return tqdm(total=sum(len(part) for part in parts), unit="article", desc="per-article stages", file=sys.stderr,
                disable=not shown, smoothing=0.1, dynamic_ncols=True)


def on_local_scheduler(function: Callable, parts: Sequence[pd.DataFrame], workers: int, bar, taking: Taking) -> list:
    """Dask's embedded scheduler: ``workers`` local processes, or this process alone for one worker (no pool to
    start for one partition or one worker). Each partition's result is reduced and counted as it arrives."""
    import dask
    from dask.callbacks import Callback

    # One task a partition, which reads a partition kept on disk itself: a task of its own would send it back through here.
    tasks = [dask.delayed(partial(on_loaded, function), pure=False)(part, dask_key_name=f"partition-{number}") for number, part in enumerate(parts)]
    numbers = {f"partition-{number}": number for number in range(len(parts))}

    class Arrivals(Callback):
        def _posttask(self, key, result, dsk, state, worker_id):
            if key in numbers:
                taking.take(numbers[key], result)  # in place: the scheduler's copy lets go of the reduced entries at once
                bar.update(len(parts[numbers[key]]))

    with Arrivals():
        if workers == 1:
            return list(dask.compute(*tasks, scheduler="sync"))
        return list(dask.compute(*tasks, scheduler="processes", num_workers=workers,
                                 initializer=partial(end_with_parent, os.getpid())))


PR_SET_PDEATHSIG = 1  # Linux prctl(2) option: the signal a process receives when its parent dies


def end_with_parent(parent: int) -> None:
    """Run in each local worker process as it starts: the worker ends when ``parent``, the process that started it,
    does. Without it, a run killed alone (a job scheduler's SIGTERM to the driver, ``kill PID``) left its workers
    running, each holding a partition's memory. Linux only (``prctl``); elsewhere, nothing."""
    if not sys.platform.startswith("linux"):
        return
    import signal

    from .clib import c_library

    library = c_library()
    if library is None or not hasattr(library, "prctl"):
        return
    library.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent died before the line above: no signal will come
        os._exit(1)


def on_cluster(function: Callable, parts: Sequence[pd.DataFrame], address: str, bar, taking: Taking) -> list:
    """A ``dask.distributed`` cluster; results are gathered, reduced and counted one partition at a time, in order,
    and each is released on the cluster once gathered."""
    from distributed import Client

    results = []
    with Client(address, set_as_default=False) as client:
        # A cluster's workers may not see this machine's disk: partitions kept on it are read here and sent.
        for number, (future, part) in enumerate(zip(client.map(function, [loaded(part) for part in parts], pure=False), parts)):
            results.append(taking.take(number, future.result()))
            future.release()
            bar.update(len(part))
    return results
