"""Text columns held as categories while the corpus-level summaries read them.

The summaries of sentiment, voices and framing read a few columns of every sentence and
every framing hit (``pipeline.SCORE_COLUMNS``, ``pipeline.HIT_SUMMARY_COLUMNS``), held for
the whole corpus. Their labels (outlet, part, voice, frame, group) repeat from row to row:
as categories each row holds a small number, and the texts are held once
(``as_categories``). Categories are sorted as the texts sort, so a grouping or a sort gives
the order it gives on the texts. What the summaries return goes back to texts
(``with_texts``): the outputs, and the stages' cache, keep the types they had.

Article ids stay texts: the summaries look articles up by id, and pandas 3.1 maps a
categorical through a Series with a categorical index by position in the categories, not by
value (``pd.Series(pd.Categorical(["x", "y"], categories=["y", "x"])).map(lookup)`` gave
the wrong rows on the seeds); ids are nearly as many as rows, so categories would save little.
"""

from __future__ import annotations

import pandas as pd
from pandas.api.types import union_categoricals

LABELS = ["outlet", "part", "voice", "frame", "voice_group"]  # the text columns held as categories


def as_categories(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with its ``LABELS`` as categories, a new table. Measured on the shape of the 100,000-article benchmark:
    the scores of 4.7 million sentences are 346 MB with their labels as texts, 152 MB as categories; the summary of
    3.1 million framing hits 303 and 106 MB."""
    return table.astype({column: "category" for column in LABELS if column in table.columns})


def joined_categories(tables: list[pd.DataFrame]) -> pd.DataFrame:
    """One or more tables of ``as_categories`` one below the other, a category column's categories the union of
    theirs, sorted: ``pd.concat`` would turn categories that differ back into texts."""
    tables = [table for table in tables if len(table)] or tables[:1]
    return pd.DataFrame({
        column: union_categoricals([table[column] for table in tables], sort_categories=True)
        if isinstance(tables[0][column].dtype, pd.CategoricalDtype) else pd.concat([table[column] for table in tables], ignore_index=True)
        for column in tables[0].columns
    })


def with_texts(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with its category columns back to texts."""
    return table.astype({column: table[column].cat.categories.dtype for column in table.columns
                         if isinstance(table[column].dtype, pd.CategoricalDtype)})


def tables_with_texts(tables: dict) -> dict:
    """``with_texts`` of every DataFrame of a stage's tables (parted tables are on disk as they were written)."""
    return {name: with_texts(table) if isinstance(table, pd.DataFrame) else table for name, table in tables.items()}
