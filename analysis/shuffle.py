"""A shuffle on disk: rows of the partitions' partial tables regrouped by key, never all in memory.

Some corpus-level stages need every row that shares a key, from whatever partition it came:
text reuse groups equal shingles, the terms stage sums a term's counts over the partitions.
Held whole, those partials are the largest tables of a run (tens of millions of rows at
100,000 articles). Instead, as each partition's result reaches the driver, its rows are
appended to the file of their key's bucket (a hash of the key, modulo the number of
buckets), and the stage then reads one bucket at a time: every row of a key is in one
bucket, so each bucket is reduced on its own, with memory of one bucket whatever the corpus.
This is the sort/group step of a MapReduce shuffle, done by the driver, so it works the
same whatever runs the partitions (``analysis/engine.py``). Files are pickled DataFrame
chunks in a folder the run owns (``$TMPDIR``), removed when the run ends.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import numpy as np
import pandas as pd


def buckets_for(rows: float, rows_per_bucket: int) -> int:
    """How many buckets keep each near ``rows_per_bucket`` rows, for about ``rows`` rows in all."""
    return max(1, -(-int(rows) // rows_per_bucket))


# Rows a shuffle holds before writing them out by bucket. Each chunk written costs about a millisecond to write and
# read back whatever its size; written as every partition arrives, the chunks would number partitions × buckets, which
# grows with the square of the corpus (about 56,000 for the terms alone at 100,000 articles: 500 partitions × 112
# buckets). Held, they number (rows / rows held) × buckets: enough rows are held for chunks of ROWS_PER_CHUNK rows on
# average, and at most ROWS_HELD (about 100 MB of term counts, 24 MB of shingles).
ROWS_PER_CHUNK = 20_000
ROWS_HELD = 1_000_000


def rows_by_key(keys: np.ndarray, count: int) -> list[np.ndarray]:
    """The row numbers of each key 0 … ``count`` - 1 (``keys``: one a row), each in row order: a bucket's rows, a
    partition's, a group's."""
    order = np.argsort(keys, kind="stable")
    bounds = np.searchsorted(keys[order], np.arange(count + 1))
    return [order[start:end] for start, end in pairwise(bounds)]


class Shuffle:
    """Rows appended to one file per bucket in ``folder`` (``rows_held`` at a time, by default as ``ROWS_PER_CHUNK``
    and ``ROWS_HELD`` say), read back a bucket at a time. Rows of a bucket come back in the order they were added,
    which depends on the order the partitions finished: what reads them must not depend on row order."""

    def __init__(self, folder: Path, buckets: int, rows_held: int | None = None) -> None:
        self.folder, self.buckets = Path(folder), buckets
        self.rows_held = min(ROWS_HELD, buckets * ROWS_PER_CHUNK) if rows_held is None else rows_held
        self.folder.mkdir(parents=True, exist_ok=True)
        self.waiting: list[tuple[pd.DataFrame, np.ndarray]] = []

    def bucket_of(self, keys: np.ndarray) -> np.ndarray:
        return (keys % np.uint64(self.buckets)).astype(np.int64)

    def path(self, bucket: int) -> Path:
        return self.folder / f"bucket-{bucket:05d}.pickle"

    def add(self, table: pd.DataFrame, keys: np.ndarray) -> None:
        """Append each row of ``table`` to the bucket of its key (``keys``: a non-negative integer hash per row). Rows
        are held until ``rows_held`` have come, then written together (``write``)."""
        self.waiting.append((table, np.asarray(keys, dtype=np.uint64)))
        if sum(len(held) for held, _ in self.waiting) >= self.rows_held:
            self.write()

    def write(self) -> None:
        """Every held row appended to its bucket's file, in the order added: one chunk per bucket, gathered from the
        held tables a bucket at a time (copied whole first, the held rows would be in memory twice)."""
        if not self.waiting:
            return
        pieces = [(table, rows_by_key(self.bucket_of(keys), self.buckets)) for table, keys in self.waiting]
        self.waiting = []
        for number in range(self.buckets):
            chunk = [table.iloc[rows[number]] for table, rows in pieces if len(rows[number])]
            if chunk:
                with self.path(number).open("ab") as file:
                    pickle.dump(pd.concat(chunk, ignore_index=True), file, protocol=pickle.HIGHEST_PROTOCOL)

    def read(self, bucket: int, empty: pd.DataFrame) -> pd.DataFrame:
        """Every row added to ``bucket`` (``empty``, a table with no rows and the right columns, if none)."""
        self.write()  # rows still held
        chunks = []
        if self.path(bucket).exists():
            with self.path(bucket).open("rb") as file:
                while True:
                    try:
                        chunks.append(pickle.load(file))
                    except EOFError:
                        break
        return pd.concat(chunks, ignore_index=True) if chunks else empty

    def tables(self, empty: pd.DataFrame) -> Iterator[pd.DataFrame]:
        """Every bucket in turn (``read``)."""
        return (self.read(bucket, empty) for bucket in range(self.buckets))
