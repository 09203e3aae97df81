"""Text reuse: which passages articles share word for word, and how similar every pair is.

**Passages.** Bodies are tokenized with the project tokenizer (lower-cased,
punctuation dropped, every word kept), and cut into shingles of ``k`` consecutive
tokens (default 8), each hashed to 64 bits from integer token ids. All shingles of the
corpus are one array sorted by hash, and equal hashes grouped (the sort/group a Dask
shuffle does across machines; memory is three integers a token): a group in two or more
articles gives the candidate pairs, and a hash match counts only where the tokens are
equal. Only articles sharing at least one shingle are ever compared, so the cost grows
with the number of shared shingles, not with the square of the corpus.
A shingle found in more than ``MAX_ARTICLES_PER_SHINGLE`` (50) articles is skipped as
boilerplate: syndicated text at that scale calls for clusters, not pairs.
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

Exact runs find verbatim reuse only. A paraphrase, such as one seed rewrite's rewording of
Rubio's "Mass migration is one of the great tragedies…" as "…a major modern tragedy",
shares no 8-token run; it shows, weakly, in the pair's TF-IDF cosine.

**Pairs.** For every pair of articles (or, above ``ALL_PAIRS_UP_TO`` articles, every
candidate pair): TF-IDF cosine similarity of their terms (unigrams, stopwords removed,
scikit-learn's ``TfidfVectorizer`` with the project analyzer), Jaccard similarity of
their shingle sets, and how much of each article the shared passages cover.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from .terms import fit_or_none, ngram_analyzer
from .tokens import Token, token_spans

SHINGLE_TOKENS = 8
ALL_PAIRS_UP_TO = 200
# A shingle in more articles than this is boilerplate or syndication at scale: pairing all
# its articles would cost the square of their number and bury the table. It is skipped.
MAX_ARTICLES_PER_SHINGLE = 50
PASSAGE_COLUMNS = [
    "article_a", "outlet_a", "start_a", "end_a", "article_b", "outlet_b", "start_b", "end_b", "tokens", "text_a", "text_b",
]
PAIR_COLUMNS = [
    "article_a", "outlet_a", "article_b", "outlet_b", "tfidf_cosine", "shingle_jaccard",
    "passages", "shared_tokens_a", "shared_tokens_b", "share_a", "share_b",
]


def token_ids(tokens: list[list[Token]]) -> list[np.ndarray]:
    """Each article's tokens as integers, one per distinct token of the corpus (in order of first use)."""
    vocabulary: dict[str, int] = {}
    return [np.fromiter((vocabulary.setdefault(t.token, len(vocabulary)) for t in article), dtype=np.int64, count=len(article))
            for article in tokens]


def shingle_hashes(ids: np.ndarray, k: int) -> np.ndarray:
    """A 64-bit hash of every run of ``k`` token ids (polynomial, wrapping): equal runs, equal hashes."""
    if len(ids) < k:
        return np.zeros(0, dtype=np.uint64)
    hashes = np.zeros(len(ids) - k + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(k):
            hashes = hashes * np.uint64(1_000_003) + ids[offset : len(ids) - k + 1 + offset].astype(np.uint64) + np.uint64(1)
    return hashes


def shared_shingle_places(ids: list[np.ndarray], k: int, max_articles: int) -> list[np.ndarray]:
    """Groups of (article, position) places that hold the same shingle, in two to ``max_articles`` articles.

    All shingles of the corpus are one array sorted by hash (a sort/group, as a Dask shuffle would
    do it across machines); memory is three integers a token, never an article × article matrix.
    """
    hashed = [shingle_hashes(article_ids, k) for article_ids in ids]
    hashes = np.concatenate([h for h in hashed] or [np.zeros(0, dtype=np.uint64)])
    articles = np.concatenate([np.full(len(h), number, dtype=np.int64) for number, h in enumerate(hashed)] or [np.zeros(0, dtype=np.int64)])
    positions = np.concatenate([np.arange(len(h), dtype=np.int64) for h in hashed] or [np.zeros(0, dtype=np.int64)])
    order = np.lexsort((positions, articles, hashes))
    hashes, articles, positions = hashes[order], articles[order], positions[order]
    starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]])
    ends = np.r_[starts[1:], len(hashes)]
    new_article = np.r_[True, (hashes[1:] != hashes[:-1]) | (articles[1:] != articles[:-1])]
    distinct = np.add.reduceat(new_article.astype(np.int64), starts) if len(starts) else np.zeros(0, dtype=np.int64)
    keep = (distinct >= 2) & (distinct <= max_articles)
    return [np.stack([articles[s:e], positions[s:e]], axis=1) for s, e in zip(starts[keep], ends[keep])]


def matches_by_pair(places_groups: list[np.ndarray], ids: list[np.ndarray], k: int) -> tuple[dict, Counter]:
    """For each pair of articles sharing a shingle: the (position in a, position in b) of every match,
    and how many distinct shingles the pair shares. A hash match counts only if the tokens are equal."""
    pairs: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    shared: Counter = Counter()
    for places in places_groups:
        first_article, first_position = places[0]
        reference = ids[first_article][first_position : first_position + k]
        same = [(int(a), int(i)) for a, i in places if np.array_equal(ids[a][i : i + k], reference)]
        article_set = sorted({a for a, _ in same})
        if len(article_set) < 2:
            continue
        shared.update(combinations(article_set, 2))
        for (a, i), (b, j) in combinations(same, 2):
            if a != b:
                pairs[(a, b) if a < b else (b, a)].append((i, j) if a < b else (j, i))
    return pairs, shared


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


def shared_runs(articles: pd.DataFrame, k: int, max_articles: int = MAX_ARTICLES_PER_SHINGLE):
    """Tokens of every body, the number of distinct shingles of each, and the maximal shared runs and the
    shared-shingle count of every pair that shares a shingle."""
    tokens = [token_spans(body) for body in articles["body"]]
    ids = token_ids(tokens)
    distinct = [len(np.unique(shingle_hashes(article_ids, k))) for article_ids in ids]
    matches, shared = matches_by_pair(shared_shingle_places(ids, k, max_articles), ids, k)
    runs = {pair: maximal_runs(pair_matches, k) for pair, pair_matches in matches.items()}
    return tokens, distinct, runs, shared


def passages_table(articles: pd.DataFrame, tokens: list[list[Token]], runs: dict) -> pd.DataFrame:
    ids, outlets, bodies = articles["article_id"].tolist(), articles["outlet"].tolist(), articles["body"].tolist()
    rows = []
    for (a, b), pair_runs in sorted(runs.items()):
        for i, j, length in pair_runs:
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


def tfidf_cosine(articles: pd.DataFrame, stopwords: frozenset[str], pairs: list[tuple[int, int]]) -> np.ndarray:
    """Cosine of the TF-IDF vectors of each pair of bodies (TfidfVectorizer's rows are L2-normalized)."""
    matrix = fit_or_none(TfidfVectorizer(analyzer=ngram_analyzer(stopwords, max_n=1)), articles["body"])
    if not pairs:
        return np.zeros(0)
    if matrix is None:  # no term but stopwords in any article: nothing in common to measure
        return np.zeros(len(pairs))
    matrix = matrix.tocsr()
    first, second = (np.array(side) for side in zip(*pairs))
    return np.asarray(matrix[first].multiply(matrix[second]).sum(axis=1)).ravel()


def pairs_table(articles, tokens, distinct, runs, shared, stopwords) -> pd.DataFrame:
    count = len(articles)
    pairs = list(combinations(range(count), 2)) if count <= ALL_PAIRS_UP_TO else sorted(runs)
    cosine = tfidf_cosine(articles, stopwords, pairs)
    ids, outlets = articles["article_id"].tolist(), articles["outlet"].tolist()
    rows = []
    for (a, b), pair_cosine in zip(pairs, cosine):
        pair_runs = runs.get((a, b), [])
        union = distinct[a] + distinct[b] - shared[(a, b)]
        shared_a = covered_tokens([(i, n) for i, _, n in pair_runs])
        shared_b = covered_tokens([(j, n) for _, j, n in pair_runs])
        rows.append(
            {
                "article_a": ids[a], "outlet_a": outlets[a], "article_b": ids[b], "outlet_b": outlets[b],
                "tfidf_cosine": round(float(pair_cosine), 4),
                "shingle_jaccard": round(shared[(a, b)] / union, 4) if union else 0.0,
                "passages": len(pair_runs), "shared_tokens_a": shared_a, "shared_tokens_b": shared_b,
                "share_a": round(shared_a / max(1, len(tokens[a])), 4), "share_b": round(shared_b / max(1, len(tokens[b])), 4),
            }
        )
    return pd.DataFrame(rows, columns=PAIR_COLUMNS)


def text_reuse(articles: pd.DataFrame, stopwords: frozenset[str], k: int = SHINGLE_TOKENS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(passages, pairs): every shared passage of at least ``k`` tokens, and the similarity of article pairs."""
    tokens, distinct, runs, shared = shared_runs(articles, k)
    return passages_table(articles, tokens, runs), pairs_table(articles, tokens, distinct, runs, shared, stopwords)


def reuse_passages(articles: pd.DataFrame, k: int = SHINGLE_TOKENS) -> pd.DataFrame:
    """Only the passages (no stopwords needed)."""
    tokens, _, runs, _ = shared_runs(articles, k)
    return passages_table(articles, tokens, runs)


def run_lengths(articles: pd.DataFrame, lengths=range(4, 13)) -> pd.DataFrame:
    """How many shared passages each minimum length finds: the evidence behind ``SHINGLE_TOKENS``."""
    return pd.DataFrame([{"min_tokens": k, "passages": len(reuse_passages(articles, k))} for k in lengths])


if __name__ == "__main__":
    from .config import SEEDS_DIR
    from .corpus import load_corpus

    print(run_lengths(load_corpus(SEEDS_DIR)).to_string(index=False))
