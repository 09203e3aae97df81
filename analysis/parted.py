"""Tables too large to hold: kept on disk in consecutive parts, read one part at a time.

The terms and keyness tables of a large corpus have tens of millions of rows (one per
outlet and n-gram), the sentences and framing hits millions: held whole, they were most
of a run's memory. The terms stage writes its tables part by part, in the table's own
order (one part per outlet, language and n-gram length); the map step's sentences and hits
go to disk a partition at a time as they arrive (``PartitionParts``), and voices and
framing write them again with their voices, a part per partition (``PartedTable``). The
writer streams parted tables to CSV or Parquet, and the charts, the explorer and the
article pages read the rows and columns they need part by part (``table_parts``,
``selected``), so that no step holds more than one part of them. ``Tables``, the run's
tables by name, reads a parted table whole only when asked for it by name
(``tables["keyness"]``): what notebooks and small corpora do. The corpus's bodies, once the
per-article work is done, are a parted column (``column_on_disk``): text reuse and the
article pages read them back by article.

Parts are pickled DataFrames named ``part-00000.pickle`` …. A parted table of a run with a
cache lives in the cache folder, beside the stage's entry (``analysis/cache.py``); without a
cache, in a temporary folder removed when the table is no longer used.
"""

from __future__ import annotations

import pickle
import shutil
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .scratch import scratch_path

PART_NAME = "part-{:05d}.pickle"


def without_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The table's columns and types, no row. A copy: ``table.iloc[:0]`` is a view that keeps every row's memory."""
    return table.iloc[:0].copy()


def write_part(folder: Path, number: int, table: pd.DataFrame) -> None:
    """Part ``number`` of a parted table, as ``PartedTable.part`` reads it."""
    with (folder / PART_NAME.format(number)).open("wb") as file:
        pickle.dump(table, file, protocol=pickle.HIGHEST_PROTOCOL)


class PartedTable:
    """A table as its parts in ``folder`` (``parts`` of them, ``rows`` rows in all) and ``empty``, a table with its
    columns and no rows: what the whole table is when no part has a row. ``transform`` is applied to every part as
    it is read (``map``)."""

    def __init__(self, folder: Path, parts: int, rows: int, empty: pd.DataFrame,
                 transform: Callable[[pd.DataFrame], pd.DataFrame] | None = None) -> None:
        self.folder, self.count, self.rows, self.empty, self.transform = Path(folder), parts, rows, empty, transform

    def __len__(self) -> int:
        return self.rows

    def __getstate__(self) -> dict:
        return {**self.__dict__, "transform": None}  # a transform is for one reader; a stored table is the parts

    def part(self, number: int) -> pd.DataFrame:
        with (self.folder / PART_NAME.format(number)).open("rb") as file:
            table = pickle.load(file)
        return self.transform(table) if self.transform else table

    def parts(self) -> Iterator[pd.DataFrame]:
        """Every part in order; a table without rows is its one empty part."""
        if not self.count:
            yield self.transform(self.empty) if self.transform else self.empty
        for number in range(self.count):
            yield self.part(number)

    def frame(self) -> pd.DataFrame:
        """The whole table in memory."""
        return pd.concat(self.parts(), ignore_index=True) if self.count > 1 else next(self.parts())

    def map(self, transform: Callable[[pd.DataFrame], pd.DataFrame]) -> PartedTable:
        """The same parts, each passed through ``transform`` when read (the files are not touched)."""
        previous = self.transform
        composed = transform if previous is None else (lambda table: transform(previous(table)))
        mapped = PartedTable(self.folder, self.count, self.rows, self.empty, composed)
        mapped.keeper = getattr(self, "keeper", self)  # a temporary folder lives while any table reading it does
        return mapped

    def complete(self) -> bool:
        """Whether every part is on disk (a cache folder may have been cleaned since the table was stored)."""
        return all((self.folder / PART_NAME.format(number)).is_file() for number in range(self.count))


class PartWriter:
    """Writes a ``PartedTable`` part by part into ``home`` (new or empty); ``home`` is None for a temporary
    folder (in ``scratch_parent``, else ``$TMPDIR``), removed once the table is no longer referenced."""

    def __init__(self, home: Path | None, empty: pd.DataFrame, scratch_parent: Path | None = None) -> None:
        self.temporary = home is None
        self.folder = scratch_path("analysis-table-", scratch_parent) if home is None else Path(home)
        if not self.temporary:
            shutil.rmtree(self.folder, ignore_errors=True)  # what a killed run left
            self.folder.mkdir(parents=True)
        self.empty, self.count, self.rows = without_rows(empty), 0, 0

    def add(self, table: pd.DataFrame) -> None:
        """The next part, in table order; a part without rows is left out (it could change a column's type)."""
        if not len(table):
            return
        write_part(self.folder, self.count, table.reset_index(drop=True))
        self.count, self.rows = self.count + 1, self.rows + len(table)

    def table(self) -> PartedTable:
        parted = PartedTable(self.folder, self.count, self.rows, self.empty)
        if self.temporary:
            weakref.finalize(parted, shutil.rmtree, str(self.folder), True)
        return parted


class PartitionParts:
    """The map step's table of every partition, written to ``folder`` as each partition's result arrives (in any
    order), as part number ``number``: ``total()`` is the corpus's table as a ``PartedTable``, partitions in corpus
    order, empty ones included, so that part ``i`` is always partition ``i``. An ``engine.Reducer``: the driver
    holds one partition's table at a time, never the corpus's sentences or framing hits."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.numbers: set[int] = set()
        self.rows, self.empty = 0, pd.DataFrame()

    def add(self, number: int, table: pd.DataFrame) -> None:
        write_part(self.folder, number, table)
        if not self.numbers:
            self.empty = without_rows(table)
        self.numbers.add(number)
        self.rows += len(table)

    def total(self) -> PartedTable:
        return PartedTable(self.folder, len(self.numbers), self.rows, self.empty)


class PartedColumn(Sequence):
    """One column of a parted table by row number: the corpus's bodies, once the per-article work is done, which
    text reuse reads in turn and the article pages a few of. ``column[n]`` reads the part holding row ``n`` and keeps
    it, so that a reader going in row order reads each part once; iterating reads the parts in turn. ``sizes``: the
    rows of each part."""

    def __init__(self, table: PartedTable, name: str, sizes: list[int]) -> None:
        self.table, self.name = table, name
        self.starts = np.cumsum([0, *sizes])
        self.kept: tuple[int, pd.api.extensions.ExtensionArray | np.ndarray | None] = (-1, None)

    def __len__(self) -> int:
        return int(self.starts[-1])

    def __getitem__(self, row: int):
        if not 0 <= row < len(self):
            raise IndexError(row)
        number = int(np.searchsorted(self.starts, row, side="right")) - 1
        if self.kept[0] != number:
            self.kept = (number, self.table.part(number)[self.name].array)
        return self.kept[1][row - int(self.starts[number])]

    def __iter__(self) -> Iterator:
        for part in self.table.parts():
            yield from part[self.name]

    def series(self) -> pd.Series:
        """The whole column in memory."""
        return self.table.frame()[self.name]

    def take(self, rows: Iterable[int]) -> pd.Series:
        """The values at these row numbers, in their order, with the column's type."""
        return pd.Series([self[int(row)] for row in rows], dtype=self.table.empty[self.name].dtype)


def column_on_disk(pieces: Iterable[pd.Series], scratch_parent: Path | None = None) -> PartedColumn:
    """A column given in consecutive pieces, kept on disk a piece a part (in a temporary folder in ``scratch_parent``,
    else ``$TMPDIR``) and let go from memory: what is read of it later is read back."""
    writer, sizes, name = None, [], None
    for piece in pieces:
        frame = piece.to_frame()
        name = piece.name
        writer = writer or PartWriter(None, frame, scratch_parent)
        if len(frame):
            writer.add(frame)
            sizes.append(len(frame))
    if writer is None:
        raise ValueError("column_on_disk needs at least one piece, for the column's name and type")
    return PartedColumn(writer.table(), name, sizes)


class PartitionOnDisk:
    """A partition of the articles (``rows``, without the column the bodies were in) whose bodies wait on disk, as piece
    ``number`` of ``column``: what the map step sends to a local worker process, which reads the bodies itself
    (``load``), so that the driver never holds them all. ``place``: where the column goes back."""

    def __init__(self, rows: pd.DataFrame, column: PartedColumn, number: int, place: int) -> None:
        self.rows, self.table, self.name, self.number, self.place = rows, column.table, column.name, number, place

    def __len__(self) -> int:
        return len(self.rows)

    def load(self) -> pd.DataFrame:
        """The partition as it was, its column back in its place."""
        values = self.table.part(self.number)[self.name]
        if len(values) != len(self.rows):
            raise ValueError(f"part {self.number} of {self.table.folder} has {len(values)} rows, the partition {len(self.rows)}")
        table = self.rows.copy()
        table.insert(self.place, self.name, values.array)  # by position: the part's index was renumbered from 0
        return table


class Tables(Mapping):
    """A run's tables by name, in order. ``tables[name]`` is a DataFrame, read whole from its parts if the table is
    parted; ``stored(name)`` gives it as kept (DataFrame or ``PartedTable``), for readers that go part by part."""

    def __init__(self, tables: Mapping[str, pd.DataFrame | PartedTable]) -> None:
        self.kept = dict(tables)

    def __getitem__(self, name: str) -> pd.DataFrame:
        table = self.kept[name]
        return table.frame() if isinstance(table, PartedTable) else table

    def __iter__(self) -> Iterator[str]:
        return iter(self.kept)

    def __len__(self) -> int:
        return len(self.kept)

    def stored(self, name: str) -> pd.DataFrame | PartedTable:
        return self.kept[name]


def stored(tables: Mapping, name: str) -> pd.DataFrame | PartedTable:
    """A table as kept: ``Tables.stored`` of a run's tables, the value itself in a plain dict."""
    return tables.stored(name) if isinstance(tables, Tables) else tables[name]


def parts_of(table: pd.DataFrame | PartedTable) -> Iterator[pd.DataFrame]:
    """A table's parts in order: a DataFrame is one part."""
    return table.parts() if isinstance(table, PartedTable) else iter([table])


def table_parts(tables: Mapping, name: str) -> Iterator[pd.DataFrame]:
    """The parts of ``tables[name]`` in order, never the whole of a parted table at once."""
    return parts_of(stored(tables, name))


def selected(tables: Mapping, name: str, select: Callable[[pd.DataFrame], pd.DataFrame]) -> pd.DataFrame:
    """The rows and columns of ``tables[name]`` that ``select`` keeps of each part, in order: what a chart or page
    needs of a parted table, read part by part (each part's index kept, as a selection of a DataFrame keeps it)."""
    pieces = [select(part) for part in table_parts(tables, name)]
    return pd.concat(pieces) if len(pieces) > 1 else pieces[0]
