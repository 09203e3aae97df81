"""Find a codebook's framing markers in every sentence, and count them per article and outlet.

Every hit is traceable: ``frame_hits`` gives its article, sentence, character span
in the text of its part (``body[start:end] == matched`` for body hits) and its
keyword in context. Overlapping matches are counted once, the longest winning
(ties: the earlier start, then the codebook's order), so "human rights" is never
also "rights" and "harsh and dangerous" is never also "dangerous".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

import regex

from .codebook import markers_in, REGEX_PREFIX, WORD_START, Codebook, compile_marker, marker_literal
from .errors import InputError
from .sentences import sentence_keys
from .intervals import ARTICLES, POISSON, RESAMPLES, SEED, named_seed, poisson_rate_interval, ratio_interval

HIT_COLUMNS = [
    "article_id", "outlet", "sentence", "part", "position", "start", "end",
    "frame", "marker", "matched", "left", "right",
]
HIT_TYPES = {
    **{column: "str" for column in HIT_COLUMNS}, "sentence": int, "position": float, "start": int, "end": int,
}
CONTEXT_CHARS = 60
LEAD_SENTENCES = 3


PART_SEPARATOR = "\n\x00\n"  # no marker can match across it, so hits never span two texts


@dataclass(frozen=True)
class CompiledMarker:
    regex: re.Pattern | regex.Pattern
    literal: str | None  # fixed lower-case piece every match contains, to skip texts without it
    on_lowered: bool  # plain markers run case-sensitively on lower-cased text: much faster than IGNORECASE
    frame: str
    marker: str


# A user's "re:" marker gets this long over the whole corpus text, plus a little per character:
# legitimate patterns take about 10 ns a character; catastrophic backtracking takes forever.
PATTERN_SECONDS, PATTERN_SECONDS_PER_CHARACTER = 5.0, 1e-6


def compile_markers(codebook: Codebook) -> list[CompiledMarker]:
    """The codebook's markers, in codebook order."""
    compiled = []
    for row in codebook.markers.itertuples():
        plain = not row.marker.startswith(REGEX_PREFIX)
        # The word-start check is done in find_markers: a leading look-behind would stop the regex
        # engine from jumping to the marker's first letters.
        pattern = row.pattern.removeprefix(WORD_START) if plain else row.pattern
        pattern_object = re.compile(pattern) if plain else compile_marker(pattern, user=True)
        compiled.append(CompiledMarker(pattern_object, marker_literal(row.marker), plain, row.frame, row.marker))
    return compiled


def starts_a_word(text: str, start: int) -> bool:
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_")


def user_pattern_matches(marker: CompiledMarker, text: str, source) -> list:
    """The matches of a user's ``re:`` marker, within its time limit; past it, one clear error."""
    limit = PATTERN_SECONDS + PATTERN_SECONDS_PER_CHARACTER * len(text)
    try:
        return list(marker.regex.finditer(text, timeout=limit))
    except TimeoutError:
        raise InputError(
            source or "codebook", f"frame '{marker.frame}', marker {marker.marker!r}: matching took over {limit:.0f} s, "
            "so the pattern backtracks without end (nested repeats such as (a+)+ or (a|aa)+): rewrite it",
        ) from None


def candidate_matches(text: str, compiled: list[CompiledMarker], source=None) -> list[tuple[int, int, int]]:
    """Every (start, end, marker number) match of every marker, overlaps included (``source``: the codebook's path)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare character whose lower case is longer: keep offsets exact
        lowered = None
    candidates = []
    for number, marker in enumerate(compiled):
        if marker.literal is not None and marker.literal not in (lowered or text.lower()):
            continue
        use_lowered = marker.on_lowered and lowered is not None
        if not marker.on_lowered:
            matches = user_pattern_matches(marker, text, source)
        else:
            pattern = marker.regex if use_lowered else re.compile(marker.regex.pattern, re.IGNORECASE)
            matches = pattern.finditer(lowered if use_lowered else text)
        for match in matches:
            start, end = match.span()
            if end > start and (not marker.on_lowered or starts_a_word(text, start)):
                candidates.append((start, end, number))
    return candidates


def longest_first(candidates: list[tuple[int, int, int]], length: int) -> list[tuple[int, int, int]]:
    """Non-overlapping matches: longest first, then earliest, then codebook order; returned in text order.

    ``length`` is the searched text's length: taken characters are marked in a byte
    array, so checking a candidate costs one C-level scan of its own span.
    """
    taken = bytearray(length)
    chosen = []
    for start, end, number in sorted(candidates, key=lambda c: (c[0] - c[1], c[0], c[2])):
        if taken.find(1, start, end) == -1:
            taken[start:end] = b"\x01" * (end - start)
            chosen.append((start, end, number))
    return sorted(chosen)


def find_markers(text: str, compiled: list[CompiledMarker]) -> list[tuple[int, int, str, str]]:
    """Non-overlapping (start, end, frame, marker) in ``text``, the longest match winning."""
    return [
        (start, end, compiled[number].frame, compiled[number].marker)
        for start, end, number in longest_first(candidate_matches(text, compiled), len(text))
    ]


def joined_parts(articles: pd.DataFrame, sentences: pd.DataFrame) -> tuple[str, np.ndarray, np.ndarray, np.ndarray]:
    """All texts that hold sentences, joined in sentence order; each sentence's global span and its part's."""
    texts = articles.set_index("article_id")[["headline", "subtitle", "body"]]
    keys = sentences[["article_id", "part"]]
    new_part = (keys != keys.shift()).any(axis=1).to_numpy()
    part_keys = keys[new_part].itertuples(index=False)
    part_texts = [texts.at[article_id, part] for article_id, part in part_keys]
    lengths = np.array([len(text) for text in part_texts])
    part_offsets = np.concatenate([[0], np.cumsum(lengths + len(PART_SEPARATOR))[:-1]])
    part_of_sentence = np.cumsum(new_part) - 1
    offset = part_offsets[part_of_sentence]
    sentence_starts = sentences["start"].to_numpy() + offset
    sentence_ends = sentences["end"].to_numpy() + offset
    return PART_SEPARATOR.join(part_texts), sentence_starts, sentence_ends, np.stack([offset, offset + lengths[part_of_sentence]])


def frame_hits(articles: pd.DataFrame, sentences: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """One row per framing hit in headline, subtitle or body (columns ``HIT_COLUMNS``), in sentence order.

    Each article is searched with the markers of its language (``language`` column of the
    sentences; without one, every marker applies). All texts of a language are searched as
    one string, each marker once, so the cost grows with the corpus's length, not with
    articles × markers.
    """
    if "language" not in sentences or sentences.empty:
        return language_hits(articles, sentences, codebook)
    languages = sentences["language"].unique()
    if len(languages) == 1:
        return language_hits(articles, sentences, markers_in(codebook, languages[0]))
    order = pd.Series(np.arange(len(sentences)), index=pd.MultiIndex.from_frame(sentences[["article_id", "sentence"]]))
    hits = pd.concat([language_hits(articles, group, markers_in(codebook, language))
                      for language, group in sentences.groupby("language", sort=False)], ignore_index=True)
    rank = order.reindex(pd.MultiIndex.from_frame(hits[["article_id", "sentence"]])).to_numpy()
    return hits.iloc[np.lexsort((hits["start"].to_numpy(), rank))].reset_index(drop=True)


def language_hits(articles: pd.DataFrame, sentences: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """``frame_hits`` for sentences all searched with every marker of ``codebook``."""
    if sentences.empty or codebook.markers.empty:
        return pd.DataFrame(columns=HIT_COLUMNS).astype(HIT_TYPES)
    compiled = compile_markers(codebook)
    text, sentence_starts, sentence_ends, part_bounds = joined_parts(articles, sentences)
    found = longest_first(candidate_matches(text, compiled, codebook.path), len(text))
    starts = np.array([hit[0] for hit in found], dtype=int)
    ends = np.array([hit[1] for hit in found], dtype=int)
    rows = np.searchsorted(sentence_starts, starts, side="right") - 1
    inside = (rows >= 0) & (ends <= sentence_ends[np.maximum(rows, 0)])  # phrases across two sentences are no hit
    found = [hit for hit, keep in zip(found, inside) if keep]
    starts, ends, rows = starts[inside], ends[inside], rows[inside]
    part_start, part_end = part_bounds[0][rows], part_bounds[1][rows]
    hits = sentences.iloc[rows][["article_id", "outlet", "sentence", "part", "position"]].reset_index(drop=True)
    hits["start"] = starts - part_start
    hits["end"] = ends - part_start
    hits["frame"] = [compiled[hit[2]].frame for hit in found]
    hits["marker"] = [compiled[hit[2]].marker for hit in found]
    hits["matched"] = [text[s:e] for s, e in zip(starts, ends)]
    hits["left"] = [" ".join(text[max(lo, s - CONTEXT_CHARS) : s].split()) for s, lo in zip(starts, part_start)]
    hits["right"] = [" ".join(text[e : min(hi, e + CONTEXT_CHARS)].split()) for e, hi in zip(ends, part_end)]
    return hits[HIT_COLUMNS].astype(HIT_TYPES)  # typed even with no hit, so later arithmetic and joins agree


def frames_by_article(hits: pd.DataFrame, sentences: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Additive counts per article and frame (every frame listed, zeros included).

    ``hits`` and ``sentences_with_frame`` count the body; ``headline_hits`` and
    ``lead_hits`` (first three body sentences) say where else the frame appears;
    ``first_position`` is the relative position of its first body hit (blank if none).
    """
    body = sentences.loc[sentences["part"] == "body", ["article_id", "sentence"]]
    lead = body.groupby("article_id").head(LEAD_SENTENCES)
    hit_keys, lead_keys = sentence_keys(hits, lead)
    is_lead = np.isin(hit_keys, lead_keys)
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


def rate_intervals(by_article: pd.DataFrame, articles_table: pd.DataFrame, *, resamples: int = RESAMPLES, seed: int = SEED) -> pd.DataFrame:
    """Per outlet and frame: 95% interval of hits per 1,000 words, resampling the outlet's articles where it has two
    or more and some hit; else the exact Poisson interval of its hit count (``interval`` says which)."""
    words = by_article["article_id"].map(articles_table.set_index("article_id")["words"]).to_numpy(float)
    rows = []
    for (outlet, frame), group in by_article.assign(words=words).groupby(["outlet", "frame"], sort=False):
        hits, exposure = group["hits"].to_numpy(float), group["words"].to_numpy()
        if len(group) > 1 and hits.sum() > 0:
            low, high = ratio_interval(hits, exposure, scale=1000, resamples=resamples, seed=named_seed(f"{outlet}\x00{frame}", seed))
            method = ARTICLES
        else:  # one text, or nothing to resample: how far the count itself can be from the rate
            low, high = poisson_rate_interval(int(hits.sum()), exposure.sum(), scale=1000)
            method = POISSON
        rows.append({"outlet": outlet, "frame": frame, "ci_low": round(low, 3), "ci_high": round(high, 3), "interval": method})
    return pd.DataFrame(rows, columns=["outlet", "frame", "ci_low", "ci_high", "interval"])


def frames_by_outlet(by_article: pd.DataFrame, articles_table: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Per outlet and frame: sums of the article counts, rates, and where the frame appears.

    ``per_1000_words`` is body hits per 1,000 body words, with a 95% interval
    (``ci_low``, ``ci_high``) from resampling the outlet's articles where it has two or
    more and a hit, else the exact Poisson interval of the hit count (``interval``:
    ``articles`` or ``poisson``; ``analysis/intervals.py``); ``share_of_sentences`` the
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
    table = table.merge(rate_intervals(by_article, articles_table), on=["outlet", "frame"], how="left")
    return table[[
        "outlet", "frame", "label", "articles", "hits", "per_1000_words", "ci_low", "ci_high", "interval", "sentences_with_frame", "share_of_sentences",
        "headline_hits", "headline_articles", "in_headline", "lead_articles", "in_lead", "first_position_mean",
    ]]
