"""Writing a run's outputs: a whole new folder, swapped in for the old one in one step.

Every output is first written into a scratch folder beside ``OUT`` (``.OUT.writing-*``).
Only when all of it is written does the scratch folder take ``OUT``'s place, by one
atomic exchange of the two directory entries (Linux ``renameat2(RENAME_EXCHANGE)``;
elsewhere two renames, with the previous result kept until the second one). So a run
killed at any moment leaves ``OUT`` either exactly as it was or wholly new, and outputs
the new run no longer produces (pages of articles since removed) go with the old folder.
Scratch folders a killed run left behind are removed by the next run.

``OUT`` must be new, empty, or a folder an earlier run wrote: a folder holding anything
else is refused, so that no file of the user's is ever replaced.

CSV cells that begin with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return are
written with a leading apostrophe, as OWASP advises against formula injection: a
spreadsheet opening the table shows the text instead of running it. Only text cells
are touched: numbers, including negative ones, are written as they are. A carriage
return inside a text cell is written as a line feed (articles are normalised so already).
"""

from __future__ import annotations

from dataclasses import dataclass, field
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Iterable, Iterator, Mapping

import pandas as pd

from .cache import Cache
from .clib import c_library
from .config import ARTICLES_SUBDIR, TABLES_SUBDIR
from .errors import InputError
from .parted import PartedTable, parts_of, stored, without_rows
from .plots import save_figure

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# What a run writes: anything else in OUT is the user's, and OUT is then refused.
OUTPUT_FILES = re.compile(
    rf"(?:index\.html|{TABLES_SUBDIR}/[^/]+\.csv|{TABLES_SUBDIR}/[a-z_]+/part-\d+\.parquet|\d\d-[a-z0-9-]+\.(?:png|svg|csv)|{ARTICLES_SUBDIR}/[^/]+\.html)"
)
SCRATCH, PREVIOUS = "writing", "previous"
AT_FDCWD, RENAME_EXCHANGE = -100, 2


def neutralise_formula(value):
    """A text cell a spreadsheet would run as a formula, made inert with a leading apostrophe; a carriage
    return inside a cell becomes a line feed, since CSV readers would take an unquoted one for a row's end."""
    if not isinstance(value, str):
        return value
    value = "'" + value if value.startswith(FORMULA_START) else value
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def safe_column(column: pd.Series) -> pd.Series:
    """``neutralise_formula`` on the cells that need it only: a vectorised test finds them (millions of
    cells in a large terms table), and the other cells are left untouched. A categorical column is made safe
    through its categories."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = column.cat.categories
        fixed = categories.map(neutralise_formula)
        if fixed.equals(categories):
            return column
        return column.cat.rename_categories(fixed) if fixed.is_unique else safe_column(column.astype(object))
    text = column.astype("str") if column.dtype == object else column
    is_text = column.map(lambda value: isinstance(value, str)) if column.dtype == object else pd.Series(True, index=column.index)
    risky = is_text & (text.str.startswith(FORMULA_START).fillna(False) | text.str.contains("\r", regex=False).fillna(False))
    if not risky.any():
        return column
    fixed = column.astype(object).copy()
    fixed[risky] = column[risky].map(neutralise_formula)
    return fixed


# Rows made safe and written at a time: the safe copy of a whole large table is not held. Measured on a 1,000,000-row
# sentence table: 250,000 rows at a time held 192 MB more while writing, 50,000 rows 44 MB, in the same time (12 s).
CSV_ROWS_AT_ONCE = 50_000


def write_csv(table: pd.DataFrame | PartedTable, path: Path) -> None:
    """A table as UTF-8 CSV, text cells safe to open in a spreadsheet, written a block of rows at a time (a parted
    table part by part: it is never read whole)."""
    with path.open("w", encoding="utf-8", newline="") as file:
        for number, rows in enumerate(row_blocks(table, CSV_ROWS_AT_ONCE)):
            text_columns = [c for c in rows.columns if rows[c].dtype == object or pd.api.types.is_string_dtype(rows[c])
                            or isinstance(rows[c].dtype, pd.CategoricalDtype)]
            safe = rows.assign(**{c: safe_column(rows[c]) for c in text_columns}) if text_columns else rows
            safe.to_csv(file, index=False, header=number == 0, lineterminator="\n")


def row_blocks(table: pd.DataFrame | PartedTable, rows: int) -> Iterator[pd.DataFrame]:
    """The table in consecutive blocks of ``rows`` rows (the last one shorter), across the parts of a parted table;
    an empty table is one empty block (its header is still written)."""
    waiting, held, yielded, empty = [], 0, False, None
    for part in parts_of(table):
        empty = without_rows(part) if empty is None else empty
        start = 0
        while held + len(part) - start >= rows:
            take = rows - held
            yield one_table([*waiting, part.iloc[start : start + take]])
            waiting, held, start, yielded = [], 0, start + take, True
        if start < len(part):
            waiting, held = [*waiting, part.iloc[start:]], held + len(part) - start
    if waiting or not yielded:
        yield one_table(waiting) if waiting else empty


def one_table(blocks: list[pd.DataFrame]) -> pd.DataFrame:
    return blocks[0] if len(blocks) == 1 else pd.concat(blocks)


def foreign_files(out: Path) -> list[str]:
    """Files in ``out`` that no run of this tool writes."""
    return sorted(
        str(path.relative_to(out)) for path in out.rglob("*")
        if (path.is_file() or path.is_symlink()) and not OUTPUT_FILES.fullmatch(path.relative_to(out).as_posix())
    )


def check_output_folder(out: Path) -> None:
    """OUT is new, empty, or an earlier run's: never a file, never a folder of the user's own files."""
    if out.exists() and not out.is_dir():
        raise InputError(out, "is a file: --out takes a folder")
    if out.is_dir():
        others = foreign_files(out)
        if others:
            raise InputError(
                out, f"holds files this tool does not write ({', '.join(others[:3])}{', …' if len(others) > 3 else ''}): "
                "give a new or empty folder, or one an earlier run wrote",
            )


def remove_leftovers(out: Path) -> None:
    """Scratch and previous-result folders that a run killed before it finished left beside OUT."""
    for path in out.parent.glob(f".{out.name}.*-*"):
        if path.is_dir() and path.name.split(".")[-1].startswith((SCRATCH, PREVIOUS)):
            shutil.rmtree(path, ignore_errors=True)


def exchange(first: Path, second: Path) -> bool:
    """Swap two directory entries in one atomic step, where the system can (Linux); False where it cannot."""
    if not sys.platform.startswith("linux"):
        return False
    libc = c_library()
    if libc is None or not hasattr(libc, "renameat2"):  # glibc before 2.28 has no wrapper
        return False
    return libc.renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0


def swap_in(new: Path, out: Path) -> None:
    """Put the finished folder ``new`` in ``out``'s place; the previous result is deleted only afterwards."""
    if not out.exists():
        os.rename(new, out)
        return
    if exchange(new, out):
        shutil.rmtree(new, ignore_errors=True)  # now holds the previous result
        return
    previous = Path(tempfile.mkdtemp(prefix=f".{out.name}.{PREVIOUS}-", dir=out.parent))
    os.rename(out, previous / "result")
    os.rename(new, out)
    shutil.rmtree(previous, ignore_errors=True)


# The tables that grow with the corpus; with --format parquet they are written as Parquet, in parts.
LARGE_TABLES = ("sentences", "frame_hits", "quotes", "terms_by_outlet", "reuse_passages")
ROWS_PER_PART = 500_000


def write_parquet_parts(table: pd.DataFrame | PartedTable, folder: Path) -> None:
    """A table as ``folder/part-00000.parquet`` …, raw values (no formula guard: Parquet is not opened as a sheet)."""
    folder.mkdir()
    for number, rows in enumerate(row_blocks(table, ROWS_PER_PART)):
        rows.to_parquet(folder / f"part-{number:05d}.parquet", index=False)


def write_all(scratch: Path, tables: Mapping[str, pd.DataFrame], figures, pages: dict[str, str] | None, table_format: str,
              written: Written, index: str | None = None) -> None:
    (scratch / TABLES_SUBDIR).mkdir()
    for name in tables:
        table = stored(tables, name)  # a parted table is streamed, never read whole
        if table_format == "parquet" and name in LARGE_TABLES:
            write_parquet_parts(table, scratch / TABLES_SUBDIR / name)
        else:
            target = scratch / TABLES_SUBDIR / f"{name}.csv"
            written.cache.file("written-csv", written.keys.get(name), target, lambda path, table=table: write_csv(table, path))
    for name, figure, data in figures:
        save_figure(figure, data, scratch, name)
    if pages:
        (scratch / ARTICLES_SUBDIR).mkdir()
        for article_id, page in pages.items():
            (scratch / ARTICLES_SUBDIR / f"{article_id}.html").write_text(page, encoding="utf-8")
    if index is not None:
        (scratch / "index.html").write_text(index, encoding="utf-8")


@dataclass(frozen=True)
class Written:
    """CSV files written before, by what their tables were computed from (``Study.table_keys``): a table whose
    key is known and stored is copied, not written again (``Cache.file``)."""

    cache: Cache = field(default_factory=lambda: Cache(None))
    keys: dict[str, str] = field(default_factory=dict)


def write_outputs(
    out_dir: str | Path,
    tables: Mapping[str, pd.DataFrame],
    figures: Iterable[tuple[str, object, pd.DataFrame]] = (),
    pages: dict[str, str] | None = None,
    table_format: str = "csv",
    written: Written = Written(),
    index: str | None = None,
) -> list[Path]:
    """Write tables (``tables/``), figures (``NN-slug.png/.svg/.csv``), article pages (``articles/``) and the
    explorer page ``index`` (``index.html``) as a whole new ``out_dir``, swapped in for the old one in one step.
    ``table_format="parquet"`` writes the large tables (``LARGE_TABLES``) as Parquet parts;
    ``written`` holds CSV files written before. Returns the paths written; a failure leaves
    the earlier ``out_dir`` exactly as it was."""
    out = Path(out_dir).absolute()
    check_output_folder(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(out)
        scratch = Path(tempfile.mkdtemp(prefix=f".{out.name}.{SCRATCH}-", dir=out.parent))
    except OSError as exc:
        raise InputError(out, f"cannot write here ({exc.strerror})") from None
    try:
        write_all(scratch, tables, figures, pages, table_format, written, index)
        paths = [out / path.relative_to(scratch) for path in sorted(scratch.rglob("*")) if path.is_file()]
        swap_in(scratch, out)
    except OSError as exc:
        raise InputError(out, f"cannot write the outputs ({exc.strerror or exc}); the earlier outputs are as they were") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return [Path(out_dir) / path.relative_to(out) for path in paths]


def write_tables(tables: Mapping[str, pd.DataFrame], out_dir: str | Path, table_format: str = "csv", written: Written = Written()) -> list[Path]:
    """Only the tables, into ``OUT/tables/``."""
    return write_outputs(out_dir, tables, table_format=table_format, written=written)
