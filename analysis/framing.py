"""Find a codebook's framing markers in every sentence, and count them per article and outlet.

Every hit is traceable: ``frame_hits`` gives its article, sentence, character span
in the text of its part (``body[start:end] == matched`` for body hits) and its
keyword in context. Overlapping matches are counted once, the longest winning
(ties: the earlier start, then the codebook's order), so "human rights" is never
also "rights" and "harsh and dangerous" is never also "dangerous".
"""

from __future__ import annotations

import re
from bisect import bisect_right

import pandas as pd

from .codebook import Codebook, marker_literal

HIT_COLUMNS = [
    "article_id", "outlet", "sentence", "part", "position", "start", "end",
    "frame", "marker", "matched", "left", "right",
]
CONTEXT_CHARS = 60
LEAD_SENTENCES = 3


def compile_markers(codebook: Codebook) -> list[tuple[re.Pattern, str | None, str, str]]:
    """(regex, fixed piece for a quick skip, frame, marker), in codebook order."""
    return [
        (re.compile(row.pattern, re.IGNORECASE), marker_literal(row.marker), row.frame, row.marker)
        for row in codebook.markers.itertuples()
    ]


def find_markers(text: str, compiled) -> list[tuple[int, int, str, str]]:
    """Non-overlapping (start, end, frame, marker) in ``text``, longest match first."""
    lowered = text.lower()
    candidates = []
    for order, (regex, literal, frame, marker) in enumerate(compiled):
        if literal is not None and literal not in lowered:
            continue
        for match in regex.finditer(text):
            if match.end() > match.start():
                candidates.append((-(match.end() - match.start()), match.start(), order, match.end(), frame, marker))
    taken: list[tuple[int, int]] = []
    hits = []
    for _, start, _, end, frame, marker in sorted(candidates):
        if all(end <= s or start >= e for s, e in taken):
            taken.append((start, end))
            hits.append((start, end, frame, marker))
    return sorted(hits)


def context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> tuple[str, str]:
    left = " ".join(text[max(0, start - width) : start].split())
    right = " ".join(text[end : end + width].split())
    return left, right


def part_hits(text: str, part_sentences: pd.DataFrame, compiled) -> list[dict]:
    """Hits in one part of one article, each assigned to the sentence that holds it."""
    starts = part_sentences["start"].tolist()
    rows = []
    for start, end, frame, marker in find_markers(text, compiled):
        index = bisect_right(starts, start) - 1
        if index < 0:
            continue
        sentence = part_sentences.iloc[index]
        if end > sentence["end"]:
            continue  # a phrase that runs across two sentences is not a marker
        left, right = context(text, start, end)
        rows.append(
            {
                "article_id": sentence["article_id"], "outlet": sentence["outlet"],
                "sentence": sentence["sentence"], "part": sentence["part"], "position": sentence["position"],
                "start": start, "end": end, "frame": frame, "marker": marker,
                "matched": text[start:end], "left": left, "right": right,
            }
        )
    return rows


def frame_hits(articles: pd.DataFrame, sentences: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """One row per framing hit in headline, subtitle or body (columns ``HIT_COLUMNS``)."""
    compiled = compile_markers(codebook)
    texts = articles.set_index("article_id")[["headline", "subtitle", "body"]]
    rows = []
    for (article_id, part), part_sentences in sentences.groupby(["article_id", "part"], sort=False):
        rows.extend(part_hits(texts.at[article_id, part], part_sentences, compiled))
    return pd.DataFrame(rows, columns=HIT_COLUMNS)


def frames_by_article(hits: pd.DataFrame, sentences: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Additive counts per article and frame (every frame listed, zeros included).

    ``hits`` and ``sentences_with_frame`` count the body; ``headline_hits`` and
    ``lead_hits`` (first three body sentences) say where else the frame appears;
    ``first_position`` is the relative position of its first body hit (blank if none).
    """
    body = sentences[sentences["part"] == "body"]
    lead = body.groupby("article_id").head(LEAD_SENTENCES)[["article_id", "sentence"]]
    is_lead = hits.merge(lead.assign(lead=True), on=["article_id", "sentence"], how="left")["lead"].fillna(False).to_numpy(bool)
    hits = hits.assign(
        body=hits["part"].eq("body"), headline=hits["part"].eq("headline"), lead=is_lead,
        body_position=hits["position"].where(hits["part"].eq("body")),
        body_sentence=hits["sentence"].where(hits["part"].eq("body")),
    )
    counted = hits.groupby(["article_id", "frame"]).agg(
        hits=("body", "sum"),
        headline_hits=("headline", "sum"),
        lead_hits=("lead", "sum"),
        sentences_with_frame=("body_sentence", "nunique"),
        first_position=("body_position", "min"),
    )
    grid = pd.MultiIndex.from_product(
        [sentences["article_id"].unique(), codebook.frames["frame"]], names=["article_id", "frame"]
    )
    table = counted.reindex(grid).reset_index()
    count_columns = ["hits", "headline_hits", "lead_hits", "sentences_with_frame"]
    table[count_columns] = table[count_columns].fillna(0).astype(int)
    outlets = sentences.drop_duplicates("article_id").set_index("article_id")["outlet"]
    table.insert(1, "outlet", table["article_id"].map(outlets))
    return table


def frames_by_outlet(by_article: pd.DataFrame, articles_table: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Per outlet and frame: sums of the article counts, rates, and where the frame appears.

    ``per_1000_words`` is body hits per 1,000 body words; ``share_of_sentences`` the
    share of body sentences with at least one hit; ``headline_articles`` and
    ``lead_articles`` count the outlet's articles with the frame in the headline or
    in the first three sentences; ``first_position_mean`` averages, over the
    outlet's articles with the frame, the relative position of its first hit.
    """
    size = articles_table.groupby("outlet", sort=False)[["words", "sentences"]].sum()
    flagged = by_article.assign(
        in_headline_article=by_article["headline_hits"] > 0, in_lead_article=by_article["lead_hits"] > 0,
    )
    table = flagged.groupby(["outlet", "frame"], sort=False).agg(
        articles=("article_id", "nunique"),
        hits=("hits", "sum"),
        sentences_with_frame=("sentences_with_frame", "sum"),
        headline_hits=("headline_hits", "sum"),
        headline_articles=("in_headline_article", "sum"),
        lead_articles=("in_lead_article", "sum"),
        first_position_mean=("first_position", "mean"),
    ).reset_index()
    table["per_1000_words"] = (1000 * table["hits"] / table["outlet"].map(size["words"])).round(3)
    table["share_of_sentences"] = (table["sentences_with_frame"] / table["outlet"].map(size["sentences"])).round(4)
    table["in_headline"] = table["headline_articles"] > 0
    table["in_lead"] = table["lead_articles"] > 0
    table["first_position_mean"] = table["first_position_mean"].round(4)
    labels = codebook.frames.set_index("frame")["label"]
    table.insert(2, "label", table["frame"].map(labels))
    return table[[
        "outlet", "frame", "label", "articles", "hits", "per_1000_words", "sentences_with_frame", "share_of_sentences",
        "headline_hits", "headline_articles", "in_headline", "lead_articles", "in_lead", "first_position_mean",
    ]]
