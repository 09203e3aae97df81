"""Text reuse: which passages articles share word for word, and how similar pairs of articles are.

**Passages.** Bodies are tokenized with the project tokenizer (lower-cased,
punctuation dropped, every word kept), and cut into shingles of ``k`` consecutive
tokens (default 8). This is per-article work, done in the map step beside the other
per-article measures (``article_shingles``): each token is hashed to 64 bits
(BLAKE2b, the same on every machine), and each shingle to two independent 64-bit
polynomial hashes of its tokens, so a shingle is 128 bits and two shingles count as
equal when both hashes agree (a false match needs a 2^-128 coincidence). Memory is
four numbers a token, never the tokens themselves.

The reduce is a shuffle on disk (``ShingleBuckets``): each partition's shingles are appended
to files by hash bucket as they arrive, so equal shingles share a bucket, and each bucket in
turn is sorted by hash and grouped (``shared_places``): a group in two or more articles gives
a match for each pair of its places. A pair's matches come from many buckets, so they are
shuffled to disk again, by pair (``shared_runs``), and joined into runs one pair bucket at a
time. Memory is one bucket's, whatever the corpus.
Only articles sharing at least one shingle are ever compared, so the cost grows with the
number of shared shingles, not with the square of the corpus. A shingle is skipped as
boilerplate when it is in more than ``boilerplate_share`` of the articles (default
half; never for a shingle only two articles share) or in more than ``max_articles``
(default 50): a sign-off line or syndicated text at that scale calls for clusters, not pairs, and pairing
its articles would cost the square of their number. Matching shingles on one diagonal
(same offset between the two articles) and at consecutive positions merge into a
maximal run of identical tokens, reported with both locations and texts.

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

**Pairs.** Up to ``ALL_PAIRS_UP_TO`` articles, every pair; above it, the pairs that share
a passage and each article's ``neighbours`` (default 5) nearest articles by TF-IDF cosine
(``tfidf_neighbours``), never all pairs. For each: TF-IDF cosine similarity of their terms
(unigrams, stopwords removed, scikit-learn's ``TfidfVectorizer`` with the project
analyzer), Jaccard similarity of their shingle sets, and how much of each article the
shared passages cover.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix
from sklearn.preprocessing import normalize

from .clib import give_back_memory
from .shuffle import Shuffle, buckets_for
from .terms import ngram_analyzer
from .tokens import token_offsets, tokenize

SHINGLE_TOKENS = 8
ALL_PAIRS_UP_TO = 200
BOILERPLATE_SHARE = 0.5  # a shingle in more than this share of the articles is boilerplate
MAX_ARTICLES_PER_SHINGLE = 50  # …and so is one in more articles than this, whatever the corpus size
NEIGHBOURS = 5  # above ALL_PAIRS_UP_TO articles, each article's nearest articles by TF-IDF are scored
NEIGHBOUR_TERMS_SHARE = 0.01  # neighbours are found through terms in at most this share of articles (or 50)
MULTIPLIERS = (np.uint64(1_000_003), np.uint64(0x9E3779B97F4A7C15))  # two independent polynomial hashes
SHINGLE_COLUMNS = ["article", "position", "hash", "check"]
PLACE_COLUMNS = ["a", "b", "i", "j", "shingle"]
PASSAGE_COLUMNS = [
    "article_a", "outlet_a", "start_a", "end_a", "article_b", "outlet_b", "start_b", "end_b", "tokens", "text_a", "text_b",
]
PAIR_COLUMNS = [
    "article_a", "outlet_a", "article_b", "outlet_b", "tfidf_cosine", "shingle_jaccard",
    "passages", "shared_tokens_a", "shared_tokens_b", "share_a", "share_b",
]


def token_hashes(tokens: list[str], memo: dict[str, int]) -> np.ndarray:
    """A 64-bit hash of every token, the same in every process and on every machine (``memo``: tokens seen)."""

    def hashed(token: str) -> int:
        if token not in memo:
            memo[token] = int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "little")
        return memo[token]

    return np.fromiter((hashed(token) for token in tokens), dtype=np.uint64, count=len(tokens))


def shingle_hashes(token_hash: np.ndarray, k: int, multiplier: np.uint64 = MULTIPLIERS[0]) -> np.ndarray:
    """A 64-bit hash of every run of ``k`` token hashes (polynomial, wrapping): equal runs, equal hashes."""
    if len(token_hash) < k:
        return np.zeros(0, dtype=np.uint64)
    hashes = np.zeros(len(token_hash) - k + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(k):
            hashes = hashes * multiplier + token_hash[offset : len(token_hash) - k + 1 + offset] + np.uint64(1)
    return hashes


def article_shingles(articles: pd.DataFrame, k: int = SHINGLE_TOKENS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The map step of text reuse, for some articles: (shingles, sizes).

    ``shingles``: one row per shingle (``article``: the article's number in ``articles``, ``position``:
    its first token, ``hash`` and ``check``: its two hashes); ``sizes``: per article, its tokens and its
    distinct shingles."""
    memo: dict[str, int] = {}
    columns, sizes = {column: [] for column in SHINGLE_COLUMNS}, []
    for number, body in enumerate(articles["body"]):
        hashed = token_hashes(tokenize(body), memo)
        first, second = (shingle_hashes(hashed, k, multiplier) for multiplier in MULTIPLIERS)
        for column, values in zip(SHINGLE_COLUMNS, (np.full(len(first), number, dtype=np.int64), np.arange(len(first), dtype=np.int64), first, second)):
            columns[column].append(values)
        sizes.append((len(hashed), len(np.unique(first))))
    # One table built from whole columns: a DataFrame per article cost more than hashing its tokens.
    shingles = pd.DataFrame({column: np.concatenate(parts) for column, parts in columns.items()}) if sizes else pd.DataFrame(columns=SHINGLE_COLUMNS)
    return shingles, pd.DataFrame(sizes, columns=["tokens", "shingles"], index=articles.index)


# Shingles sorted at once in the reduce (64 MB): equal shingles always share a bucket. Sorting and grouping a bucket
# holds about four times its rows; at 4,000,000 rows that was half a gigabyte.
ROWS_PER_BUCKET = 2_000_000
PAIR_BUCKETS_PER_BUCKET = 4  # matches can outnumber shingles (a shingle in n articles matches n(n-1)/2 pairs)


class ShingleBuckets:
    """The shuffle of text reuse (``analysis/shuffle.py``): each partition's shingles, as its result arrives,
    appended to the file of their hash's bucket, articles numbered across the corpus. Equal shingles land in one
    bucket, so the reduce sorts and groups one bucket at a time (``shared_places``) and memory is one bucket's,
    whatever the corpus. An ``engine.Reducer``: ``add`` takes a partition's ``article_shingles``, in any order.

    ``first_article``: the corpus number of each partition's first article; ``words``: about how many tokens the
    corpus has (a shingle starts at nearly every token), which sets the number of buckets."""

    def __init__(self, folder: Path, first_article: list[int], words: float) -> None:
        self.shuffle = Shuffle(folder, buckets_for(words, ROWS_PER_BUCKET))
        self.first_article = first_article
        self.sizes: dict[int, pd.DataFrame] = {}

    def add(self, number: int, partial: tuple[pd.DataFrame, pd.DataFrame]) -> None:
        shingles, self.sizes[number] = partial
        numbered = shingles.assign(article=shingles["article"].to_numpy(np.int64) + self.first_article[number])
        self.shuffle.add(numbered, shingles["hash"].to_numpy(np.uint64))

    def total(self) -> tuple[Iterator[pd.DataFrame], pd.DataFrame, Shuffle | None]:
        """(the buckets, read one at a time as shingle tables; every article's sizes, in corpus order; the shuffle by
        pair that ``shared_runs`` regroups matches through, when there is more than one bucket)."""
        sizes = pd.concat([self.sizes[number] for number in sorted(self.sizes)], ignore_index=True)
        empty = pd.DataFrame({column: np.zeros(0, dtype=np.uint64 if column in ("hash", "check") else np.int64) for column in SHINGLE_COLUMNS})
        buckets = self.shuffle.buckets
        regroup = Shuffle(self.shuffle.folder / "pairs", PAIR_BUCKETS_PER_BUCKET * buckets) if buckets > 1 else None
        return self.shuffle.tables(empty), sizes, regroup


def boilerplate_limit(articles: int, share: float = BOILERPLATE_SHARE, max_articles: int = MAX_ARTICLES_PER_SHINGLE) -> int:
    """The most articles a shingle may be in and still count as reuse: a share of the corpus (never fewer
    than two, a pair) capped at ``max_articles``."""
    return max(2, min(max_articles, int(np.floor(share * articles))))


def shared_places(shingles: pd.DataFrame, limit: int) -> pd.DataFrame:
    """Every match of a shingle between two articles: (a, b, i, j, shingle) with a < b, ``i`` and ``j`` the
    positions in each, ``shingle`` a number per distinct shingle; shingles in more than ``limit`` articles skipped."""
    hashes, checks = shingles["hash"].to_numpy(np.uint64), shingles["check"].to_numpy(np.uint64)
    articles, positions = shingles["article"].to_numpy(np.int64), shingles["position"].to_numpy(np.int64)
    order = np.lexsort((positions, articles, checks, hashes))
    hashes, checks, articles, positions = hashes[order], checks[order], articles[order], positions[order]
    new_shingle = np.r_[True, (hashes[1:] != hashes[:-1]) | (checks[1:] != checks[:-1])] if len(hashes) else np.zeros(0, bool)
    starts = np.flatnonzero(new_shingle)
    ends = np.r_[starts[1:], len(hashes)]
    new_article = new_shingle | np.r_[True, articles[1:] != articles[:-1]] if len(hashes) else new_shingle
    distinct = np.add.reduceat(new_article.astype(np.int64), starts) if len(starts) else np.zeros(0, dtype=np.int64)
    keep = (distinct >= 2) & (distinct <= limit)
    size = np.where(keep, ends - starts, 0)
    rows = []
    for places in np.unique(size[size >= 2]):  # every group of the same number of places at once: no loop per shingle
        groups = np.flatnonzero(size == places)
        index = starts[groups][:, None] + np.arange(places)
        first, second = np.triu_indices(places, 1)  # each pair of places once; articles ascend within a group
        a, b = articles[index][:, first].ravel(), articles[index][:, second].ravel()
        i, j = positions[index][:, first].ravel(), positions[index][:, second].ravel()
        other = a != b  # two places in one article are not reuse
        rows.append(np.stack([a[other], b[other], i[other], j[other], np.repeat(groups, len(first))[other]], axis=1))
    return pd.DataFrame(np.concatenate(rows) if rows else np.zeros((0, 5), dtype=np.int64), columns=PLACE_COLUMNS)


def maximal_runs(matches: list[tuple[int, int]], k: int) -> list[tuple[int, int, int]]:
    """(start in a, start in b, length in tokens) of each run of consecutive matches on one diagonal."""
    places = pd.DataFrame(sorted(set(matches)), columns=["i", "j"]).assign(a=0, b=0)
    return [tuple(run) for run in pair_runs(places, k)[["i", "j", "tokens"]].itertuples(index=False)]


def pair_runs(places: pd.DataFrame, k: int) -> pd.DataFrame:
    """Maximal runs (a, b, i, j, tokens) of matches at consecutive positions on one diagonal of each pair,
    sorted by pair and position."""
    places = places.drop_duplicates(["a", "b", "i", "j"]).assign(diagonal=lambda t: t["i"] - t["j"])
    places = places.sort_values(["a", "b", "diagonal", "i"], kind="stable")
    same_line = (places[["a", "b", "diagonal"]].diff().fillna(1) == 0).all(axis=1).to_numpy()
    run = np.cumsum(~(same_line & (places["i"].diff().to_numpy() == 1)))
    runs = places.groupby(run, sort=False).agg(a=("a", "first"), b=("b", "first"), i=("i", "first"), j=("j", "first"), last=("i", "last"))
    runs["tokens"] = runs["last"] - runs["i"] + k
    return runs[["a", "b", "i", "j", "tokens"]].sort_values(["a", "b", "i", "j", "tokens"]).reset_index(drop=True)


def bodies_of(articles: pd.DataFrame, bodies: Sequence[str] | None = None) -> Sequence[str]:
    """The bodies text reuse reads, by article number: ``bodies`` when given (a run keeps them on disk once the
    per-article work is done, ``parted.PartedColumn``), else the ``articles`` table's."""
    return articles["body"].array if bodies is None else bodies


def passages_table(articles: pd.DataFrame, runs: pd.DataFrame, bodies: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per run, with character spans and texts (tokens found again for the articles involved only, once each;
    ``bodies`` as ``bodies_of``)."""
    if runs.empty:
        return pd.DataFrame(columns=PASSAGE_COLUMNS)
    ids, outlets, bodies = articles["article_id"].to_numpy(object), articles["outlet"].to_numpy(object), bodies_of(articles, bodies)
    a, b, i, j, length = (runs[column].to_numpy(np.int64) for column in ["a", "b", "i", "j", "tokens"])
    start_a, end_a, text_a = passages_in(bodies, a, i, i + length - 1)
    start_b, end_b, text_b = passages_in(bodies, b, j, j + length - 1)
    return pd.DataFrame({
        "article_a": ids[a], "outlet_a": outlets[a], "start_a": start_a, "end_a": end_a,
        "article_b": ids[b], "outlet_b": outlets[b], "start_b": start_b, "end_b": end_b, "tokens": length,
        "text_a": text_a, "text_b": text_b,
    }, columns=PASSAGE_COLUMNS)


def passages_in(bodies: Sequence[str], article: np.ndarray, first: np.ndarray, last: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row, where token ``first`` of the body at position ``article`` starts and token ``last`` ends, in characters,
    and the text between. Each body is read and tokenized once, however many passages it has, one at a time and in
    corpus order: all of them at once as Python strings took 1.2 GB at 100,000 articles, and bodies kept on disk in
    parts are then read a part at a time."""
    starts, ends = np.zeros(len(article), dtype=np.int64), np.zeros(len(article), dtype=np.int64)
    texts = np.empty(len(article), dtype=object)
    order = np.argsort(article, kind="stable")
    for rows in np.split(order, np.flatnonzero(np.diff(article[order])) + 1):
        body = bodies[int(article[rows[0]])]
        spans = np.array(token_offsets(body), dtype=np.int64).reshape(-1, 2)
        starts[rows], ends[rows] = spans[first[rows], 0], spans[last[rows], 1]
        texts[rows] = [body[start:end] for start, end in zip(starts[rows].tolist(), ends[rows].tolist())]
    return starts, ends, texts


ENTRIES_AT_ONCE = 1_000_000  # TF-IDF matrix entries weighted, renumbered or counted at a time (8 MB, not 8 bytes an entry at once)


def entry_blocks(matrix) -> Iterator[slice]:
    """The matrix's entries, ``ENTRIES_AT_ONCE`` at a time."""
    return (slice(start, start + ENTRIES_AT_ONCE) for start in range(0, matrix.nnz, ENTRIES_AT_ONCE))


def tfidf_matrix(bodies: Iterable[str], stopwords: frozenset[str]):
    """Bodies as L2-normalised TF-IDF rows (CSR), or None when no article holds a term but stopwords. The bodies
    are read once, in turn. The numbers of scikit-learn's ``TfidfVectorizer`` (smoothed idf, l2 norm) to the last
    bit, with less memory: counts as ``document_term_counts`` makes them, and the weights applied in place (its
    ``transform`` gathers every entry's idf at once, a third of a gigabyte at 100,000 articles)."""
    counts = document_term_counts(bodies, ngram_analyzer(stopwords, max_n=1))
    if counts is None:
        return None
    idf = smoothed_idf(counts)
    for block in entry_blocks(counts):
        counts.data[block] *= idf[counts.indices[block]]
    return normalize(counts, norm="l2", copy=False)


def smoothed_idf(counts) -> np.ndarray:
    """scikit-learn's smoothed idf (``TfidfTransformer().fit(counts).idf_``), operation for operation."""
    frequency = column_entries(counts).astype(np.float64)
    frequency += 1.0
    idf = np.full_like(frequency, fill_value=counts.shape[0] + 1, dtype=np.float64)
    idf /= frequency
    np.log(idf, out=idf)
    idf += 1.0
    return idf


def column_entries(matrix) -> np.ndarray:
    """How many entries each column of a CSR matrix has, counted a block of entries at a time: ``np.bincount`` of
    every entry at once first copies the column numbers to 64 bits (0.3 GB at 100,000 articles)."""
    entries = np.zeros(matrix.shape[1], dtype=np.int64)
    for block in entry_blocks(matrix):
        entries += np.bincount(matrix.indices[block], minlength=matrix.shape[1])
    return entries


def document_term_counts(bodies: Iterable[str], analyze: Callable[[str], list[str]]):
    """What ``CountVectorizer(analyzer=analyze, dtype=np.float64).fit_transform(bodies)`` gives (CSR), entry for entry
    and in the same order within each row (which the L2 norm's sums follow), or None when no body has a term. Its
    counting holds every entry as a Python list, then as three arrays, then copies the matrix once more while pruning
    nothing: about 1 GB for the 42 million entries of 100,000 articles, where this holds the matrix (0.5 GB)."""
    vocabulary: dict[str, int] = {}
    indices, data, indptr = array("i"), array("d"), [0]
    for body in bodies:
        counter: dict[int, int] = {}
        for term in analyze(body):
            column = vocabulary.setdefault(term, len(vocabulary))  # terms numbered as first seen, as scikit-learn does
            counter[column] = counter.get(column, 0) + 1
        indices.extend(counter.keys())
        data.extend(counter.values())
        indptr.append(len(indices))
    if not vocabulary:
        return None
    counts = csr_matrix((np.frombuffer(data, dtype=np.float64), np.frombuffer(indices, dtype=np.int32), np.asarray(indptr, dtype=np.int64)),
                        shape=(len(indptr) - 1, len(vocabulary)), copy=False)
    counts.sort_indices()  # by first-seen number within each row, in place
    alphabetical = np.empty(len(vocabulary), dtype=np.int32)  # then columns renumbered in the vocabulary's sorted order
    alphabetical[[vocabulary[term] for term in sorted(vocabulary)]] = np.arange(len(vocabulary), dtype=np.int32)
    for block in entry_blocks(counts):
        counts.indices[block] = alphabetical[counts.indices[block]]
    return counts


def tfidf_cosine(matrix, first: np.ndarray, second: np.ndarray, block: int = 8192) -> np.ndarray:
    """Cosine of the TF-IDF vectors of bodies ``first[n]`` and ``second[n]`` (the rows are L2-normalised)."""
    if matrix is None or not len(first):  # nothing in common to measure, or no pair
        return np.zeros(len(first))
    # A block of pairs at a time: both sides' rows copied for every pair at once would be the stage's largest table.
    return np.concatenate([rowwise_dot(matrix, first[start : start + block], second[start : start + block])
                           for start in range(0, len(first), block)])


def rowwise_dot(matrix, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The dot product of row ``first[n]`` and row ``second[n]`` of a sparse matrix, for every n."""
    return np.asarray(matrix[first].multiply(matrix[second]).sum(axis=1)).ravel()


def pair_numbers(a: np.ndarray, b: np.ndarray, count: int) -> np.ndarray:
    """Each pair (a < b) of ``count`` articles as one number, ``a × count + b``: sorted numbers are pairs in order."""
    return np.asarray(a, dtype=np.int64) * count + np.asarray(b, dtype=np.int64)


def tfidf_neighbours(matrix, neighbours: int = NEIGHBOURS, block: int = 256) -> np.ndarray:
    """Each article's ``neighbours`` most similar articles by TF-IDF cosine, as sorted ``pair_numbers``, in sparse blocks.

    Candidates are the articles sharing a distinctive term (one in at most 1% of the articles, or 50):
    a term every article uses would make every pair a candidate, and the square of the corpus is what
    this avoids. Their cosine is computed over all terms."""
    if matrix is None or neighbours < 1:
        return np.zeros(0, dtype=np.int64)
    count = matrix.shape[0]
    frequency = column_entries(matrix)
    finder = matrix[:, np.flatnonzero(frequency <= max(50, NEIGHBOUR_TERMS_SHARE * count))].tocsr()
    found = [np.zeros(0, dtype=np.int64)]
    for start in range(0, count, block):
        candidates = (finder[start : start + block] @ finder.T).tocoo()
        rows, others = candidates.row + start, candidates.col
        keep = rows != others
        rows, others = rows[keep], others[keep]
        if not len(rows):
            continue
        cosine = rowwise_dot(matrix, rows, others)
        order = np.lexsort((others, -cosine, rows))  # per article, most similar first, ties to the earlier article
        rows, others = rows[order], others[order]
        first = np.r_[0, np.flatnonzero(rows[1:] != rows[:-1]) + 1]
        rank = np.arange(len(rows)) - np.repeat(first, np.diff(np.r_[first, len(rows)]))
        best = rank < neighbours
        found.append(pair_numbers(np.minimum(rows[best], others[best]), np.maximum(rows[best], others[best]), count))
    return np.unique(np.concatenate(found))


def covered_by_pair(pair: np.ndarray, start: np.ndarray, length: np.ndarray, pairs: int) -> np.ndarray:
    """Tokens covered by the possibly overlapping runs (``start``, ``length``) of each pair (``pair``: its number,
    of ``pairs``): a run adds what lies beyond the furthest end of the pair's runs that start before it."""
    order = np.lexsort((start, pair))
    pair, start = pair[order], start[order]
    end = start + length[order]
    span = int(end.max(initial=0)) + 1  # pairs apart on one line: pair × span + token
    reach = np.maximum.accumulate(pair * span + end) if len(end) else end
    before = np.r_[-1, reach[:-1]] if len(end) else end
    added = np.maximum(0, pair * span + end - np.maximum(pair * span + start, before))
    return np.bincount(pair, weights=added, minlength=pairs).astype(np.int64)


def pairs_table(articles: pd.DataFrame, sizes: pd.DataFrame, runs: pd.DataFrame, shared: pd.Series, stopwords, neighbours: int,
                bodies: Sequence[str] | None = None) -> pd.DataFrame:
    count = len(articles)
    matrix = tfidf_matrix(bodies_of(articles, bodies), stopwords)
    run_numbers = pair_numbers(runs["a"].to_numpy(), runs["b"].to_numpy(), count)
    if count <= ALL_PAIRS_UP_TO:
        numbers = pair_numbers(*np.triu_indices(count, 1), count)
    else:
        numbers = np.union1d(run_numbers, tfidf_neighbours(matrix, neighbours))
    if not len(numbers):
        return pd.DataFrame(columns=PAIR_COLUMNS)
    a, b = np.divmod(numbers, count)
    cosine = tfidf_cosine(matrix, a, b)
    del matrix  # let go before the table is built: at 100,000 articles it is 0.5 GB
    give_back_memory()
    # Every pair with a run is scored: so is every pair sharing a shingle.
    number = np.searchsorted(numbers, run_numbers)
    common = np.zeros(len(numbers), dtype=np.int64)
    common[np.searchsorted(numbers, pair_numbers(shared.index.get_level_values(0), shared.index.get_level_values(1), count))] = shared.to_numpy(np.int64)
    length = runs["tokens"].to_numpy(np.int64)
    shared_a = covered_by_pair(number, runs["i"].to_numpy(np.int64), length, len(numbers))
    shared_b = covered_by_pair(number, runs["j"].to_numpy(np.int64), length, len(numbers))
    distinct, tokens = sizes["shingles"].to_numpy(np.int64), sizes["tokens"].to_numpy(np.int64)
    union = distinct[a] + distinct[b] - common
    ids, outlets = articles["article_id"].to_numpy(object), articles["outlet"].to_numpy(object)
    return pd.DataFrame({
        "article_a": ids[a], "outlet_a": outlets[a], "article_b": ids[b], "outlet_b": outlets[b],
        "tfidf_cosine": rounded(cosine),
        "shingle_jaccard": rounded(np.divide(common, union, out=np.zeros(len(numbers)), where=union > 0)),
        "passages": np.bincount(number, minlength=len(numbers)), "shared_tokens_a": shared_a, "shared_tokens_b": shared_b,
        "share_a": rounded(shared_a / np.maximum(1, tokens[a])), "share_b": rounded(shared_b / np.maximum(1, tokens[b])),
    }, columns=PAIR_COLUMNS)


def rounded(values: np.ndarray, places: int = 4, block: int = 1 << 16) -> np.ndarray:
    """``values`` to ``places`` decimals as Python rounds them, correctly (numpy's rounding can differ in the last
    place), a block at a time: a list of every value as a Python float would be the table's largest part."""
    result = np.empty(len(values))
    for start in range(0, len(values), block):
        result[start : start + block] = [round(value, places) for value in values[start : start + block].tolist()]
    return result


def shared_runs(
    articles: pd.DataFrame, buckets: Iterable[pd.DataFrame], k: int, share: float, max_articles: int, regroup: Shuffle | None = None,
) -> tuple[pd.DataFrame, pd.Series]:
    """The maximal shared runs of every pair, and the number of distinct shingles each pair shares, from the corpus's
    shingles in ``buckets`` (every shingle's rows in one bucket: one table, or ``ShingleBuckets``).

    A pair's matches come from every shingle bucket. With ``regroup`` (a second shuffle on disk, ``ShingleBuckets.total``),
    each bucket's matches go to the bucket of their pair as they are found, and runs are joined one pair bucket at a
    time; a few hundred articles sharing chance runs of words make matches by the square of their number, too many to
    hold at once. Without it, every match is held."""
    limit = boilerplate_limit(len(articles), share, max_articles)
    found, numbered = [], 0
    for shingles in buckets:
        places = shared_places(shingles, limit)
        distinct = int(places["shingle"].max()) + 1 if len(places) else 0
        places["shingle"] += numbered  # shingle numbers stay distinct across buckets
        numbered += distinct  # counted before the shift: counted after, the total doubled with every bucket
        if regroup is None:
            found.append(places)
        elif len(places):
            regroup.add(places, pair_keys(places))
        del shingles, places  # else held while the next bucket is read
    by_pair = [pd.concat(found, ignore_index=True) if found else empty_places()] if regroup is None else regroup.tables(empty_places())
    runs, shared = [], []
    for places in by_pair:
        runs.append(pair_runs(places, k))
        shared.append(places.drop_duplicates(["a", "b", "shingle"]).groupby(["a", "b"]).size())
        del places
    # Each pair is in one piece: the pieces are joined in the order of one table.
    return pd.concat(runs, ignore_index=True).sort_values(["a", "b", "i", "j", "tokens"]).reset_index(drop=True), pd.concat(shared).sort_index()


def empty_places() -> pd.DataFrame:
    return pd.DataFrame(np.zeros((0, len(PLACE_COLUMNS)), dtype=np.int64), columns=PLACE_COLUMNS)


def pair_keys(places: pd.DataFrame) -> np.ndarray:
    """A hash of each match's pair of articles: all of a pair's matches go to one bucket."""
    with np.errstate(over="ignore"):
        return places["a"].to_numpy(np.uint64) * MULTIPLIERS[1] + places["b"].to_numpy(np.uint64)


def reuse_tables(
    articles: pd.DataFrame, buckets: Iterable[pd.DataFrame], sizes: pd.DataFrame, stopwords: frozenset[str], k: int = SHINGLE_TOKENS, *,
    share: float = BOILERPLATE_SHARE, max_articles: int = MAX_ARTICLES_PER_SHINGLE, neighbours: int = NEIGHBOURS,
    regroup: Shuffle | None = None, bodies: Sequence[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The reduce step: (passages, pairs) from the map step's shingles (in ``buckets``, with ``regroup``, as
    ``shared_runs``) and the sizes of every article; ``bodies`` as ``bodies_of``."""
    runs, shared = shared_runs(articles, buckets, k, share, max_articles, regroup)
    give_back_memory()  # the shingle buckets' many sorts, freed, before the TF-IDF matrix's arrays
    # Pairs first: the TF-IDF matrix is let go before the passages' texts are cut (each 0.3-0.5 GB at 100,000 articles).
    pairs = pairs_table(articles, sizes, runs, shared, stopwords, neighbours, bodies)
    give_back_memory()
    return passages_table(articles, runs, bodies), pairs


def text_reuse(articles: pd.DataFrame, stopwords: frozenset[str], k: int = SHINGLE_TOKENS, **options) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(passages, pairs): every shared passage of at least ``k`` tokens, and the similarity of article pairs."""
    shingles, sizes = article_shingles(articles, k)
    return reuse_tables(articles, [shingles], sizes, stopwords, k, **options)


def reuse_passages(articles: pd.DataFrame, k: int = SHINGLE_TOKENS, **options) -> pd.DataFrame:
    """Only the passages (no stopwords needed)."""
    shingles, _ = article_shingles(articles, k)
    runs, _ = shared_runs(articles, [shingles], k, options.get("share", BOILERPLATE_SHARE), options.get("max_articles", MAX_ARTICLES_PER_SHINGLE))
    return passages_table(articles, runs)


def run_lengths(articles: pd.DataFrame, lengths=range(4, 13)) -> pd.DataFrame:
    """How many shared passages each minimum length finds: the evidence behind ``SHINGLE_TOKENS``."""
    return pd.DataFrame([{"min_tokens": k, "passages": len(reuse_passages(articles, k))} for k in lengths])


if __name__ == "__main__":
    from .config import SEEDS_DIR
    from .corpus import load_corpus

    print(run_lengths(load_corpus(SEEDS_DIR)).to_string(index=False))
