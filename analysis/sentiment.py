"""Sentence-level sentiment with VADER, and per-outlet summaries with bootstrap intervals.

VADER (Hutto & Gilbert 2014) is scored per sentence, as its authors recommend:
every score is exactly ``SentimentIntensityAnalyzer().polarity_scores(sentence)``.
A sentence is positive when compound ≥ 0.05, negative when compound ≤ −0.05,
neutral otherwise (the authors' thresholds).

Whole-article compound scores are kept only as a contrast
(``articles.csv: compound_whole_article``): VADER's compound saturates towards ±1
as text grows, so a whole article says little about its tone.

Outlet summaries use body sentences only (headlines are unknown for some
articles). The 95% interval of the mean compound is a percentile bootstrap,
``resamples`` draws with a seed derived from the outlet's name, so an outlet's
interval does not change when other outlets are added. Where the outlet has several
articles it resamples articles, then sentences within them; with one article, its
sentences (``analysis/intervals.py``). The ``resampled`` column says which.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    SentimentIntensityAnalyzer,
    SentiText,
)

from .datafiles import read_text
from .errors import InputError
from .intervals import RESAMPLES, SEED, clustered_mean_interval, named_seed
from .sentences import sentence_keys
from .shuffle import rows_by_key

SCORE_COLUMNS = ["neg", "neu", "pos", "compound"]
NOTE_COLUMN = "sentiment_note"
LEXICON_COLUMN = "compound_lexicon"  # VADER with a user's lexicon (--sentiment-lexicon): never in place of ``compound``
POSITIVE, NEGATIVE = 0.05, -0.05
# Languages with a validated sentiment lexicon: VADER's is English. Elsewhere the scores stay blank, never an
# English score of words it does not know (Spanish "ha" is laughter to VADER).
SENTIMENT_LANGUAGES = frozenset({"en"})


def not_scored_note(language: str) -> str:
    return f"no validated sentiment lexicon for language '{language}'"


def load_lexicon(path: str | Path) -> dict[str, float]:
    """A sentiment lexicon in VADER's format: one entry a line, the token and its mean valence (−4 to +4), tab-separated;
    VADER's standard deviation and raw ratings may follow and are ignored. Blank lines and ``#`` comments are skipped."""
    entries = {}
    for number, line in enumerate(read_text(path, "sentiment lexicon").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.rstrip("\n").split("\t")
        try:
            valence = float(fields[1]) if len(fields) >= 2 and fields[0].strip() else math.nan
        except ValueError:
            valence = math.nan
        if not -4 <= valence <= 4:
            raise InputError(path, "expected a token, a tab and a valence between -4 and 4 (VADER's lexicon format)", line=number)
        entries[fields[0].strip().lower()] = valence
    return entries


class Vader(SentimentIntensityAnalyzer):
    """VADER with its scores unchanged, a fifth faster on news text. ``polarity_scores`` first rewrites every emoji
    as words, one character at a time in Python; a text holding none comes out of that pass merely stripped, so
    such a text skips it (a set test in C) and goes on through the rest of VADER's method, as written in
    vaderSentiment 3.3.2 (``tests/test_sentiment.py`` checks the scores against ``SentimentIntensityAnalyzer``'s)."""

    def polarity_scores(self, text):
        if not self.emojis.keys().isdisjoint(text):
            return super().polarity_scores(text)
        text = text.strip()
        sentitext = SentiText(text)
        sentiments = []
        words_and_emoticons = sentitext.words_and_emoticons
        for i, item in enumerate(words_and_emoticons):
            valence = 0
            if item.lower() in BOOSTER_DICT:
                sentiments.append(valence)
                continue
            if i < len(words_and_emoticons) - 1 and item.lower() == "kind" and words_and_emoticons[i + 1].lower() == "of":
                sentiments.append(valence)
                continue
            sentiments = self.sentiment_valence(valence, sentitext, item, i, sentiments)
        sentiments = self._but_check(words_and_emoticons, sentiments)
        return self.score_valence(sentiments, text)


def lexicon_analyzer(entries: dict[str, float], replaces: bool = False) -> SentimentIntensityAnalyzer:
    """VADER with ``entries`` merged into its lexicon (a token in both takes the new valence), or in place of it."""
    analyzer = Vader()
    analyzer.lexicon = dict(entries) if replaces else {**analyzer.lexicon, **entries}
    return analyzer


def score_texts(texts, analyzer: SentimentIntensityAnalyzer | None = None) -> pd.DataFrame:
    """VADER's four scores for each text, unchanged."""
    analyzer = analyzer or Vader()
    return pd.DataFrame([analyzer.polarity_scores(text) for text in texts], columns=SCORE_COLUMNS)


def score_sentences(sentences: pd.DataFrame, analyzer: SentimentIntensityAnalyzer | None = None,
                    lexicon: SentimentIntensityAnalyzer | None = None) -> pd.DataFrame:
    """The sentence table with ``neg``, ``neu``, ``pos`` and ``compound`` added, and ``sentiment_note`` saying why
    a sentence is not scored: only sentences in ``SENTIMENT_LANGUAGES`` are (all, without a ``language`` column).
    With ``lexicon`` (``lexicon_analyzer``), its compound score is added as ``compound_lexicon``, beside VADER's."""
    language = sentences["language"] if "language" in sentences else pd.Series("en", index=sentences.index)
    scored = language.isin(SENTIMENT_LANGUAGES).to_numpy()
    scores = pd.DataFrame(np.nan, index=sentences.index, columns=SCORE_COLUMNS)
    if scored.any():
        scores.loc[scored] = score_texts(sentences.loc[scored, "text"], analyzer).to_numpy()
    notes = pd.Series([""] * len(sentences), index=sentences.index, dtype=object)
    notes[~scored] = [not_scored_note(code) for code in language[~scored]]
    if lexicon is not None:
        scores[LEXICON_COLUMN] = np.nan
        if scored.any():
            scores.loc[scored, LEXICON_COLUMN] = score_texts(sentences.loc[scored, "text"], lexicon)["compound"].to_numpy()
    table = pd.concat([sentences.drop(columns=[*SCORE_COLUMNS, LEXICON_COLUMN, NOTE_COLUMN], errors="ignore"), scores], axis=1)
    return table.assign(**{NOTE_COLUMN: notes}) if "language" in sentences else table


def polarity(compound: pd.Series) -> pd.Series:
    """``positive``, ``neutral`` or ``negative`` by VADER's thresholds."""
    flags = polarity_flags(compound.to_numpy())
    return pd.Series(np.select([flags["positive"], flags["negative"]], ["positive", "negative"], "neutral"), index=compound.index)


def polarity_flags(compound: np.ndarray) -> dict[str, np.ndarray]:
    """Whether each score is positive, neutral or negative by VADER's thresholds, as three boolean arrays."""
    positive, negative = compound >= POSITIVE, compound <= NEGATIVE
    return {"positive": positive, "neutral": ~(positive | negative), "negative": negative}


def scored_body(scored: pd.DataFrame) -> pd.DataFrame:
    """Body sentences that carry a score (not those in a language without a lexicon): their article, outlet and
    compound, the columns the summaries read (each copied column is 40 MB at 100,000 articles)."""
    return scored.loc[(scored["part"] == "body") & scored["compound"].notna(), ["article_id", "outlet", "compound"]]


def sentiment_by_article(scored: pd.DataFrame) -> pd.DataFrame:
    """Additive per-article counts over scored body sentences: n, sum of compound, and sentences by polarity."""
    return article_sums(scored_body(scored))


def article_sums(body: pd.DataFrame) -> pd.DataFrame:
    """``sentiment_by_article`` of sentences already ``scored_body``: the body is not copied again (at 100,000
    articles each copy of its columns is a third of a gigabyte)."""
    # Counted as flags, not ``polarity`` labels: a label per sentence is a Python string per sentence.
    table = body.assign(**polarity_flags(body["compound"].to_numpy())).groupby("article_id", sort=False).agg(
        outlet=("outlet", "first"), sentences=("compound", "size"), compound_sum=("compound", "sum"),
        positive=("positive", "sum"), neutral=("neutral", "sum"), negative=("negative", "sum"))
    return table.reset_index()


OUTLET_SENTIMENT_COLUMNS = [
    "outlet", "articles", "sentences", "mean_compound", "ci_low", "ci_high", "resampled", "share_positive", "share_neutral", "share_negative",
]


def sentiment_by_outlet(scored: pd.DataFrame, *, resamples: int = RESAMPLES, seed: int = SEED) -> pd.DataFrame:
    """Per outlet: sentences, mean compound with its 95% bootstrap interval, and shares by polarity."""
    body = scored_body(scored)
    by_article = article_sums(body)
    sums = by_article.groupby("outlet", sort=False)[["sentences", "compound_sum", "positive", "neutral", "negative"]].sum()
    rows = []
    for outlet, row in sums.iterrows():
        in_outlet = body[body["outlet"] == outlet]
        low, high, resampled = clustered_mean_interval(
            in_outlet["compound"].to_numpy(), in_outlet["article_id"].to_numpy(), resamples=resamples, seed=named_seed(outlet, seed)
        )
        n = int(row["sentences"])
        rows.append(
            {
                "outlet": outlet, "articles": int(in_outlet["article_id"].nunique()), "sentences": n,
                "mean_compound": round(row["compound_sum"] / n, 4),
                "ci_low": round(low, 4), "ci_high": round(high, 4), "resampled": resampled,
                "share_positive": round(row["positive"] / n, 4),
                "share_neutral": round(row["neutral"] / n, 4),
                "share_negative": round(row["negative"] / n, 4),
            }
        )
    return pd.DataFrame(rows, columns=OUTLET_SENTIMENT_COLUMNS)


# VADER's time grows with the square of a text's length (0.14 s at 20,000 characters, 2.7 s at 80,000):
# longer bodies get no whole-article contrast rather than minutes of it.
WHOLE_ARTICLE_CHARACTERS = 20_000


def whole_article_compound(articles: pd.DataFrame, analyzer: SentimentIntensityAnalyzer | None = None) -> pd.Series:
    """VADER compound of each whole body: a contrast that saturates, never the outlet's sentiment.
    Blank for bodies over ``WHOLE_ARTICLE_CHARACTERS`` characters."""
    short = articles["body"].str.len() <= WHOLE_ARTICLE_CHARACTERS
    scores = pd.Series(float("nan"), index=articles.index)
    if short.any():
        scores[short] = score_texts(articles.loc[short, "body"], analyzer)["compound"].to_numpy()
    return scores


def scored_rows(scored_keys: np.ndarray, compound: np.ndarray, row_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the rows whose sentence has a score, in order; the scored row of each), rows and scored sentences named by
    ``sentence_keys``. A sorted search: a hash table of every scored sentence (4.7 million at 100,000 articles) is
    larger."""
    with_score = np.flatnonzero(~np.isnan(compound))  # row numbers: the scored table is not copied
    keys = scored_keys[with_score]
    if not len(keys):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    order = np.argsort(keys, kind="stable")
    place = np.minimum(np.searchsorted(keys, row_keys, sorter=order), len(keys) - 1)
    found = np.flatnonzero(keys[order[place]] == row_keys)
    return found, with_score[order[place[found]]]


def sentiment_by_frame(
    scored: pd.DataFrame, hits: pd.DataFrame, *, resamples: int = RESAMPLES, seed: int = SEED, interval=clustered_mean_interval,
) -> pd.DataFrame:
    """Per outlet and frame: body sentences with at least one hit of the frame, their mean compound and 95% interval
    (``interval``: ``clustered_mean_interval``, or the same function remembered between runs). Joined and grouped
    through numbers (sentence keys, outlet and frame codes, articles by their rank among the ids, which orders them
    as the ids would): at 100,000 articles the same join and grouping by texts held 0.4 GB."""
    scored_keys, hit_keys = sentence_keys(scored, hits)
    frame_codes, frames = pd.factorize(hits["frame"])
    frame_count = max(len(frames), 1)
    body = np.flatnonzero((hits["part"] == "body").to_numpy())
    # Each (sentence, frame) once, at its first hit: the rows ``drop_duplicates`` keeps.
    _, first = np.unique(hit_keys[body] * frame_count + frame_codes[body], return_index=True)
    carrying = body[np.sort(first)]
    found, taken = scored_rows(scored_keys, scored["compound"].to_numpy(), hit_keys[carrying])
    outlet_codes, outlets = pd.factorize(scored["outlet"])  # outlets in order of first appearance
    article_ranks = pd.factorize(scored["article_id"], sort=True)[0]
    groups, pairs = pd.factorize(outlet_codes[taken] * frame_count + frame_codes[carrying[found]])  # groupby(sort=False)'s order
    compound = scored["compound"].to_numpy()[taken]
    rows = []
    for pair, members in zip(pairs, rows_by_key(groups, len(pairs))):
        values, outlet, frame = compound[members], outlets[pair // frame_count], frames[pair % frame_count]
        low, high, resampled = interval(
            values, article_ranks[taken[members]], resamples=resamples, seed=named_seed(f"{outlet}\x00{frame}", seed)
        )
        rows.append(
            {"outlet": outlet, "frame": frame, "sentences": len(values), "mean_compound": round(float(values.mean()), 4),
             "ci_low": round(low, 4), "ci_high": round(high, 4), "resampled": resampled}
        )
    table = pd.DataFrame(rows, columns=["outlet", "frame", "sentences", "mean_compound", "ci_low", "ci_high", "resampled"])
    order = {outlet: i for i, outlet in enumerate(outlets)}
    return table.sort_values("outlet", key=lambda c: c.map(order), kind="stable").reset_index(drop=True)
