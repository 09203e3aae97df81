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
from dataclasses import dataclass
from typing import Callable, Sequence

import pandas as pd

SCHEDULER_VARIABLE = "DASK_SCHEDULER_ADDRESS"
ARTICLES_PER_PARTITION = 200


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


def partitions(articles: pd.DataFrame, size: int) -> list[pd.DataFrame]:
    """The articles in corpus order, cut into consecutive partitions of at most ``size``."""
    return [articles.iloc[start : start + size] for start in range(0, len(articles), max(1, size))]


def map_partitions(function: Callable[[pd.DataFrame], object], parts: Sequence[pd.DataFrame], engine: Engine) -> list:
    """``function`` applied to every partition, results in partition order; with ``engine.progress_bar``, a bar
    on stderr counts the articles done, with the rate and the time left."""
    with article_bar(parts, engine.progress_bar) as bar:
        if engine.scheduler:
            return on_cluster(function, parts, engine.scheduler, bar)
        workers = engine.local_workers(len(parts))
        if workers == 1:  # no pool to start for one partition or one worker
            return [finished(function(part), part, bar) for part in parts]
        return on_local_processes(function, parts, workers, bar)


def article_bar(parts: Sequence[pd.DataFrame], shown: bool):
    """A tqdm bar over the articles of all partitions (disabled: a bar that prints nothing)."""
    from tqdm import tqdm

    return tqdm(total=sum(len(part) for part in parts), unit="article", desc="per-article stages", file=sys.stderr,
                disable=not shown, smoothing=0.1, dynamic_ncols=True)


def finished(result, part: pd.DataFrame, bar):
    bar.update(len(part))
    return result


def on_local_processes(function: Callable, parts: Sequence[pd.DataFrame], workers: int, bar) -> list:
    import dask
    from dask.callbacks import Callback

    tasks = [dask.delayed(function, pure=False)(part, dask_key_name=f"partition-{number}") for number, part in enumerate(parts)]
    sizes = {f"partition-{number}": len(part) for number, part in enumerate(parts)}

    class Counter(Callback):
        def _posttask(self, key, result, dsk, state, worker_id):
            bar.update(sizes.get(key, 0))

    with Counter():
        return list(dask.compute(*tasks, scheduler="processes", num_workers=workers))


def on_cluster(function: Callable, parts: Sequence[pd.DataFrame], address: str, bar) -> list:
    from distributed import Client

    with Client(address, set_as_default=False) as client:
        futures = client.map(function, list(parts), pure=False)
        return [finished(future.result(), part, bar) for future, part in zip(futures, parts)]  # counted in order
