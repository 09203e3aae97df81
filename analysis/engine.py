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
    """``function`` applied to every partition, results in partition order."""
    if engine.scheduler:
        return on_cluster(function, parts, engine.scheduler)
    workers = engine.local_workers(len(parts))
    if workers == 1:  # no pool to start for one partition or one worker
        return [function(part) for part in parts]
    import dask
    from dask.diagnostics import ProgressBar

    tasks = [dask.delayed(function)(part) for part in parts]
    if engine.progress_bar:
        with ProgressBar(out=sys.stderr):
            return list(dask.compute(*tasks, scheduler="processes", num_workers=workers))
    return list(dask.compute(*tasks, scheduler="processes", num_workers=workers))


def on_cluster(function: Callable, parts: Sequence[pd.DataFrame], address: str) -> list:
    from distributed import Client

    with Client(address, set_as_default=False) as client:
        return client.gather(client.map(function, list(parts), pure=False))
