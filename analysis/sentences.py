"""Split articles into a sentence table.

Segmenter: BlingFire (Microsoft, MIT licence), chosen by measuring four segmenters
on the seeds' 106 hand-checked body sentences (``tests/fixtures/seed_sentences.tsv``)
and on speed, with ``python benchmarks/segmenters.py`` on this project's 2-core
machine (words/s over the seed bodies segmented 100 times):

=========  =============  ============  ==============================================
segmenter  sentences      words/second  what it gets wrong on the seeds
           right (of 106)
=========  =============  ============  ==============================================
blingfire  106            ≈ 4.4 M       nothing
sentencex   92            ≈ 22 M        never splits inside a quotation; misses
                                        ``U.S. This includes`` and ``U.S." This``
syntok     104            ≈ 190 k       joins a quotation's closing sentence to the
                                        next quotation
pysbd       92            ≈ 55 k        never splits inside a quotation; misses
                                        ``the U.S. This includes``
=========  =============  ============  ==============================================

BlingFire keeps "U.S.", "Feb. 3", "Sen.", "Jan.", "(CECOT)" and quotations that end
in ``,”`` inside their sentence, splits a multi-sentence quotation into its
sentences (so each gets its own sentiment score), and costs a few per cent of
VADER's ≈ 180 k words/s, so it never dominates a large corpus. sentencex is
faster still but keeps whole quoted passages as one sentence. Each paragraph is
segmented on its own, so no sentence crosses a paragraph break.

The table has one row per sentence in reading order: the headline, the subtitle,
then the body. ``start``/``end`` index the text of the sentence's ``part``
(``headline``, ``subtitle`` or the cleaned ``body``), so
``articles.loc[i, part][start:end] == text`` always holds.
"""

from __future__ import annotations

import blingfire
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

SENTENCE_COLUMNS = ["article_id", "outlet", "sentence", "part", "is_headline", "position", "start", "end", "text"]
POSITION_DECIMALS = 4


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines of ``text``."""
    spans, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def offsets_by_search(paragraph: str) -> list[tuple[int, int]]:
    """Spans of BlingFire's sentences, found in order in the paragraph.

    BlingFire's own ``text_to_sentences_and_offsets`` converts byte offsets to
    characters in a Python loop over every byte, which costs more than the
    segmentation; looking each sentence up from where the last one ended gives
    the same spans. Should BlingFire ever alter a sentence's text, its own offsets are used.
    """
    spans, cursor = [], 0
    for sentence in blingfire.text_to_sentences(paragraph).split("\n"):
        sentence = sentence.strip()
        if not sentence:
            continue
        start = paragraph.find(sentence, cursor)
        if start < 0:
            return blingfire.text_to_sentences_and_offsets(paragraph)[1]
        cursor = start + len(sentence)
        spans.append((start, cursor))
    return spans


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text``, paragraph by paragraph."""
    spans = []
    for p_start, p_end in paragraph_spans(text):
        for start, end in offsets_by_search(text[p_start:p_end]):
            span = trim_span(text, p_start + start, p_start + end)
            if span[0] < span[1]:
                spans.append(span)
    return spans


def article_sentences(article: dict) -> dict[str, list]:
    """Sentence columns of one article: headline, subtitle, then body."""
    columns: dict[str, list] = {name: [] for name in SENTENCE_COLUMNS}
    body_length = len(article["body"])
    for part in ("headline", "subtitle", "body"):
        text = article.get(part) or ""
        spans = sentence_spans(text)
        first = len(columns["sentence"])
        columns["sentence"].extend(range(first, first + len(spans)))
        columns["part"].extend([part] * len(spans))
        columns["is_headline"].extend([part == "headline"] * len(spans))
        columns["position"].extend(round(start / body_length, POSITION_DECIMALS) if part == "body" else 0.0 for start, _ in spans)
        columns["start"].extend(start for start, _ in spans)
        columns["end"].extend(end for _, end in spans)
        columns["text"].extend(text[start:end] for start, end in spans)
    count = len(columns["sentence"])
    columns["article_id"] = [article["article_id"]] * count
    columns["outlet"] = [article["outlet"]] * count
    return columns


def sentence_table(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence of every article (columns in ``SENTENCE_COLUMNS``)."""
    columns: dict[str, list] = {name: [] for name in SENTENCE_COLUMNS}
    for article in articles[["article_id", "outlet", "headline", "subtitle", "body"]].to_dict("records"):
        for name, values in article_sentences(article).items():
            columns[name].extend(values)
    return pd.DataFrame(columns, columns=SENTENCE_COLUMNS)


def sentence_keys(*tables: pd.DataFrame) -> list[np.ndarray]:
    """One number per row of each table (``article_id`` and ``sentence``) naming its sentence: equal numbers, the same
    sentence (an article numbers its sentences across its parts). For joins and lookups on sentences: the article's
    place among the tables' articles is found by Arrow, where a join on the texts would first make a Python string of
    every row's article id (millions of rows at 100,000 articles)."""
    ids = [pa.array(table["article_id"], from_pandas=True, type=pa.large_string()) for table in tables]
    articles = pc.unique(pa.chunked_array(ids, type=pa.large_string()))
    span = max([int(table["sentence"].to_numpy(np.int64).max(initial=-1)) for table in tables], default=-1) + 1
    return [pc.index_in(column, value_set=articles).to_numpy(zero_copy_only=False).astype(np.int64) * span
            + table["sentence"].to_numpy(np.int64) for column, table in zip(ids, tables)]
