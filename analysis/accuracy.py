"""Accuracy of the quotation finder against a gold file read by hand.

A gold file is tab-separated with the columns ``article_id``, ``part``, ``kind``
(``speech`` or ``label``), ``speaker``, optionally ``how``, and ``text`` (exactly the
text inside the quotation marks), one row per quotation: ``tests/fixtures/quotes_gold.tsv``
for the seeds, ``tests/fixtures/bridge_toll/quotes_gold.tsv`` for the second corpus.
Speakers are compared without regard to case, so a role written "City spokesperson" at
a sentence start is the same speaker as "city spokesperson".
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from .quotes import UNATTRIBUTED


def read_quote_gold(path: str | Path) -> list[dict]:
    with Path(path).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def overlap(predicted: list[tuple], expected: list[tuple]) -> int:
    """How many of ``expected`` are in ``predicted``, each counted as often as both hold it."""
    return sum(min(predicted.count(item), expected.count(item)) for item in set(expected))


def ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else float("nan")


def quote_scores(found: pd.DataFrame, gold: list[dict]) -> dict[str, float]:
    """Precision and recall of extraction (article, text) and of attribution (article, text, speaker)."""
    articles = {row["article_id"] for row in gold}
    found = found[found["article_id"].astype(str).isin(articles)]
    predicted = list(zip(found["article_id"].astype(str), found["text"]))
    expected = [(row["article_id"], row["text"]) for row in gold]
    said = [(a, t, s.lower()) for a, t, s in zip(found["article_id"].astype(str), found["text"], found["speaker"]) if s and s != UNATTRIBUTED]
    gold_said = [(row["article_id"], row["text"], row["speaker"].lower()) for row in gold if row["kind"] == "speech" and row["speaker"]]
    matched, right = overlap(predicted, expected), overlap(said, gold_said)
    return {
        "extraction_precision": ratio(matched, len(predicted)), "extraction_recall": ratio(matched, len(expected)),
        "attribution_precision": ratio(right, len(said)), "attribution_recall": ratio(right, len(gold_said)),
    }


def attribution_by_how(found: pd.DataFrame, gold: list[dict]) -> pd.DataFrame:
    """Per kind of gold attribution (``how``): speech quotations, and how many got the gold speaker."""
    speakers = {(str(a), t): s.lower() for a, t, s in zip(found["article_id"], found["text"], found["speaker"])}
    rows = [
        {"how": row.get("how") or "", "right": speakers.get((row["article_id"], row["text"])) == row["speaker"].lower()}
        for row in gold if row["kind"] == "speech"
    ]
    table = pd.DataFrame(rows, columns=["how", "right"])
    return table.groupby("how", sort=True)["right"].agg(quotations="size", right="sum").reset_index()
