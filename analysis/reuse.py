"""Text reuse: which passages articles share word for word, and how similar every pair is.

**Passages.** Bodies are tokenized with the project tokenizer (lower-cased,
punctuation dropped, every word kept), and cut into shingles of ``k`` consecutive
tokens (default 8). An inverted index from shingle to (article, position) gives the
candidate pairs: only articles sharing at least one shingle are ever compared, so the
cost grows with the number of shared shingles, not with the square of the corpus.
For each candidate pair, matching shingles on one diagonal (same offset between the
two articles) and at consecutive positions merge into a maximal run of identical
tokens, reported with both locations and texts.

Why 8 tokens: measured on the seeds (``python -m analysis.reuse`` prints the counts),
shared runs of 5–7 tokens are dominated by the story's fixed names and formulas:
"Secretary of State Marco Rubio" (5–6 tokens, seven pairs), "Costa Rica, Guatemala and
the Dominican Republic" (7, six pairs), "to outsource part of its prison system" (7).
At 8 tokens four runs remain, and three of them are the same quotation reproduced by two
outlets (Bukele's "fee would be relatively low…", Rubio's "He's also offered…" and
"This is an effective way to stem the flow of illegal migration"); the fourth is the
itinerary again, with "visits to" in front.

Exact runs find verbatim reuse only. A paraphrase, such as manilapr.com's rewording of
Rubio's "Mass migration is one of the great tragedies…" as "…a major modern tragedy",
shares no 8-token run; it shows, weakly, in the pair's TF-IDF cosine.

**Pairs.** For every pair of articles (or, above ``ALL_PAIRS_UP_TO`` articles, every
candidate pair): TF-IDF cosine similarity of their terms (unigrams, stopwords removed,
scikit-learn's ``TfidfVectorizer`` with the project analyzer), Jaccard similarity of
their shingle sets, and how much of each article the shared passages cover.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

from .terms import ngram_analyzer
from .tokens import Token, token_spans

SHINGLE_TOKENS = 8
ALL_PAIRS_UP_TO = 200
PASSAGE_COLUMNS = [
    "article_a", "outlet_a", "start_a", "end_a", "article_b", "outlet_b", "start_b", "end_b", "tokens", "text_a", "text_b",
]
PAIR_COLUMNS = [
    "article_a", "outlet_a", "article_b", "outlet_b", "tfidf_cosine", "shingle_jaccard",
    "passages", "shared_tokens_a", "shared_tokens_b", "share_a", "share_b",
]


def shingles(tokens: list[Token], k: int) -> list[tuple[str, ...]]:
    words = [t.token for t in tokens]
    return [tuple(words[i : i + k]) for i in range(len(words) - k + 1)]


def shingle_index(shingled: list[list[tuple[str, ...]]]) -> dict[tuple[str, ...], list[tuple[int, int]]]:
    """Shingle → every (article number, position) where it occurs."""
    index: dict[tuple[str, ...], list[tuple[int, int]]] = defaultdict(list)
    for article, article_shingles in enumerate(shingled):
        for position, shingle in enumerate(article_shingles):
            index[shingle].append((article, position))
    return index


def matches_by_pair(index) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """For each pair of articles sharing a shingle: the (position in a, position in b) of every match."""
    pairs: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for places in index.values():
        if len(places) < 2:
            continue
        for (a, i), (b, j) in combinations(places, 2):
            if a != b:
                pairs[(a, b) if a < b else (b, a)].append((i, j) if a < b else (j, i))
    return pairs


def maximal_runs(matches: list[tuple[int, int]], k: int) -> list[tuple[int, int, int]]:
    """(start in a, start in b, length in tokens) of each run of consecutive matches on one diagonal."""
    runs = []
    for i, j in sorted(set(matches), key=lambda m: (m[0] - m[1], m[0])):
        if runs and i - j == runs[-1][0] - runs[-1][1] and i <= runs[-1][0] + runs[-1][2] - k + 1:
            start_i, start_j, _ = runs[-1]
            runs[-1] = (start_i, start_j, i - start_i + k)
        else:
            runs.append((i, j, k))
    return sorted(runs)


def tokenized_bodies(articles: pd.DataFrame) -> list[list[Token]]:
    return [token_spans(body) for body in articles["body"]]


def reuse_passages(articles: pd.DataFrame, k: int = SHINGLE_TOKENS) -> pd.DataFrame:
    """Every maximal passage of at least ``k`` identical tokens shared by two articles."""
    tokens = tokenized_bodies(articles)
    pairs = matches_by_pair(shingle_index([shingles(t, k) for t in tokens]))
    ids, outlets, bodies = articles["article_id"].tolist(), articles["outlet"].tolist(), articles["body"].tolist()
    rows = []
    for (a, b), matches in sorted(pairs.items()):
        for i, j, length in maximal_runs(matches, k):
            start_a, end_a = tokens[a][i].start, tokens[a][i + length - 1].end
            start_b, end_b = tokens[b][j].start, tokens[b][j + length - 1].end
            rows.append(
                {
                    "article_a": ids[a], "outlet_a": outlets[a], "start_a": start_a, "end_a": end_a,
                    "article_b": ids[b], "outlet_b": outlets[b], "start_b": start_b, "end_b": end_b,
                    "tokens": length, "text_a": bodies[a][start_a:end_a], "text_b": bodies[b][start_b:end_b],
                }
            )
    return pd.DataFrame(rows, columns=PASSAGE_COLUMNS)


def covered_tokens(spans: list[tuple[int, int]]) -> int:
    """Tokens covered by a set of possibly overlapping (start, length) runs."""
    covered: set[int] = set()
    for start, length in spans:
        covered.update(range(start, start + length))
    return len(covered)


def tfidf_cosine(articles: pd.DataFrame, stopwords: frozenset[str]) -> np.ndarray:
    vectorizer = TfidfVectorizer(analyzer=ngram_analyzer(stopwords, max_n=1))
    matrix = vectorizer.fit_transform(articles["body"])
    return linear_kernel(matrix)


def reuse_pairs(articles: pd.DataFrame, stopwords: frozenset[str], k: int = SHINGLE_TOKENS) -> pd.DataFrame:
    """Similarity of every pair of articles (every candidate pair above ``ALL_PAIRS_UP_TO`` articles)."""
    tokens = tokenized_bodies(articles)
    shingled = [shingles(t, k) for t in tokens]
    matches = matches_by_pair(shingle_index(shingled))
    count = len(articles)
    pairs = combinations(range(count), 2) if count <= ALL_PAIRS_UP_TO else sorted(matches)
    cosine = tfidf_cosine(articles, stopwords)
    sets = [set(s) for s in shingled]
    ids, outlets = articles["article_id"].tolist(), articles["outlet"].tolist()
    rows = []
    for a, b in pairs:
        runs = maximal_runs(matches.get((a, b), []), k)
        union = len(sets[a] | sets[b])
        shared_a = covered_tokens([(i, n) for i, _, n in runs])
        shared_b = covered_tokens([(j, n) for _, j, n in runs])
        rows.append(
            {
                "article_a": ids[a], "outlet_a": outlets[a], "article_b": ids[b], "outlet_b": outlets[b],
                "tfidf_cosine": round(float(cosine[a, b]), 4),
                "shingle_jaccard": round(len(sets[a] & sets[b]) / union, 4) if union else 0.0,
                "passages": len(runs), "shared_tokens_a": shared_a, "shared_tokens_b": shared_b,
                "share_a": round(shared_a / max(1, len(tokens[a])), 4), "share_b": round(shared_b / max(1, len(tokens[b])), 4),
            }
        )
    return pd.DataFrame(rows, columns=PAIR_COLUMNS)


def run_lengths(articles: pd.DataFrame, lengths=range(4, 13)) -> pd.DataFrame:
    """How many shared passages each minimum length finds: the evidence behind ``SHINGLE_TOKENS``."""
    return pd.DataFrame([{"min_tokens": k, "passages": len(reuse_passages(articles, k))} for k in lengths])


if __name__ == "__main__":
    from .config import SEEDS_DIR
    from .corpus import load_corpus

    print(run_lengths(load_corpus(SEEDS_DIR)).to_string(index=False))
