"""Term frequencies: unigrams to trigrams per article, summed per outlet.

Terms come from body sentences only, tokenized by ``analysis.tokens``; n-grams
never cross a sentence boundary. A unigram that is a stopword is not a term; an
n-gram whose first or last token is a stopword is not a term either, so
"safe third country", "human rights" and "prison system" survive while "of the"
and "rights of" do not (stopwords: ``analysis/data/stopwords.txt``, replaceable).
Each article's terms are counted with ``collections.Counter``; the map step counts straight into each
outlet's totals (``outlet_terms``), which is what the corpus-level tables are made of. (scikit-learn's
``CountVectorizer`` gave the same counts and took 1.8 to 2.9 times as long, most of it building a vocabulary
and a sparse matrix per sentence that were summed away at once.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path

import numpy as np
import pandas as pd

from .config import DATA_DIR
from .datafiles import read_text
from .keyness import LENGTH_KEYS, length_sizes, outlet_positions, sort_order
from .shuffle import Shuffle, buckets_for
from .tokens import tokenize

DEFAULT_STOPWORDS = DATA_DIR / "stopwords.txt"
MAX_N = 3
TERM_COLUMNS = ["article_id", "outlet", "language", "term", "n", "count"]
OUTLET_KEYS = ["outlet", "language"]  # terms are counted per outlet and language: a bilingual outlet has two vocabularies
TEXT = "string[pyarrow]"


def load_stopwords(path: str | Path | None = None) -> frozenset[str]:
    """One token per line; blank lines and ``#`` comments ignored."""
    path = Path(path) if path is not None else DEFAULT_STOPWORDS
    lines = read_text(path, "stopword list").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.lstrip().startswith("#"))


def stopword_lists(main: str | Path | None, folder: Path | None = None) -> dict[str, frozenset[str]]:
    """A stopword list per language: ``main`` (the packaged English list unless replaced) for ``en``, and
    every ``stopwords-LANG.txt`` of the package, then of the corpus ``folder`` (which wins), for LANG."""
    lists = {"en": load_stopwords(main)}
    for place in (DATA_DIR, folder):
        for path in sorted(place.glob("stopwords-*.txt")) if place is not None and place.is_dir() else []:
            lists[path.stem.split("-", 1)[1].lower()] = load_stopwords(path)
    return lists


def ngram_analyzer(stopwords: frozenset[str], max_n: int = MAX_N):
    """The terms of one sentence, in order: unigrams, then bigrams, then trigrams (also TF-IDF's analyzer in text reuse)."""

    def analyze(text: str) -> list[str]:
        tokens = tokenize(text)
        keep = [token not in stopwords for token in tokens]
        terms = [token for token, kept in zip(tokens, keep) if kept]
        for n in range(2, max_n + 1):
            terms.extend(
                " ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1) if keep[i] and keep[i + n - 1]
            )
        return terms

    return analyze


def body_sentences(sentences: pd.DataFrame) -> pd.DataFrame:
    """The sentences terms are counted in: the body's, with a language (blank if the table has none)."""
    body = sentences[sentences["part"] == "body"]
    return body if "language" in body else body.assign(language="")


def article_terms(body: pd.DataFrame, stopwords: frozenset[str] | dict[str, frozenset[str]], max_n: int = MAX_N) -> Iterator[tuple[tuple, list[str]]]:
    """Every article's terms, sentence after sentence: ((article id, outlet, language), terms), in the table's
    order of articles. ``stopwords``: one list, or a list per language (a language without one has no stopwords)."""
    analyzers = {}
    for key, texts in body.groupby(["article_id", "outlet", "language"], sort=False)["text"]:
        language = key[2]
        if language not in analyzers:
            analyzers[language] = ngram_analyzer(stopwords.get(language, frozenset()) if isinstance(stopwords, dict) else stopwords, max_n)
        yield key, list(chain.from_iterable(map(analyzers[language], texts)))


def term_lengths(terms: pd.Series) -> np.ndarray:
    """Tokens in each term (its n), of a column of strings."""
    return (terms.str.count(" ") + 1).to_numpy(np.int64)


def counted_rows(counters: Iterable[tuple[tuple, Counter]]) -> tuple[list[tuple], list[str], list[int]]:
    """(key, term counts) pairs as three columns: the key of each row, its term and its count."""
    keys, terms, counts = [], [], []
    for key, counted in counters:
        keys += [key] * len(counted)
        terms += counted.keys()
        counts += counted.values()
    return keys, terms, counts


def term_counts(sentences: pd.DataFrame, stopwords: frozenset[str] | dict[str, frozenset[str]], max_n: int = MAX_N) -> pd.DataFrame:
    """Additive counts: one row per article and term of its body (columns ``TERM_COLUMNS``), by article id, n and term.

    ``stopwords`` is one list for every sentence, or a list per language (``stopword_lists``), taken by each
    sentence's ``language`` (a language without a list has no stopwords)."""
    keys, terms, counts = counted_rows((key, Counter(found)) for key, found in article_terms(body_sentences(sentences), stopwords, max_n))
    term = pd.Series(terms, dtype="str")
    table = pd.DataFrame(keys, columns=["article_id", "outlet", "language"]).assign(term=term, count=counts)
    table.insert(4, "n", term_lengths(term))
    table = table.astype({"count": np.int64})
    return table.sort_values(["article_id", "n", "term"], kind="stable").reset_index(drop=True)[TERM_COLUMNS]


def outlet_term_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """Per-article counts summed per outlet and term, with the number of articles using the term: additive
    partial results, so a partition of the corpus reduces to a table the size of its outlets' vocabularies."""
    if "articles" in counts.columns:
        return counts
    table = counts.groupby([*OUTLET_KEYS, "term", "n"], sort=False).agg(count=("count", "sum"), articles=("article_id", "size")).reset_index()
    return arrow_text(table)


def outlet_terms(sentences: pd.DataFrame, stopwords: frozenset[str] | dict[str, frozenset[str]], max_n: int = MAX_N) -> pd.DataFrame:
    """``outlet_term_counts(term_counts(sentences, stopwords))`` in another row order, counted straight into each
    outlet's totals: the map step's term counts, without a row per article and term."""
    totals, users = {}, {}
    for (_, outlet, language), found in article_terms(body_sentences(sentences), stopwords, max_n):
        totals.setdefault((outlet, language), Counter()).update(found)
        users.setdefault((outlet, language), Counter()).update(set(found))
    keys, terms, counts = counted_rows(totals.items())
    articles = list(map(lambda key, term: users[key][term], keys, terms))
    term = pd.Series(terms, dtype=TEXT)
    table = pd.DataFrame(keys, columns=OUTLET_KEYS).assign(term=term, n=term_lengths(term), count=counts, articles=articles)
    table = table.astype({"count": np.int64, "articles": np.int64})
    return arrow_text(table)


def arrow_text(table: pd.DataFrame) -> pd.DataFrame:
    """Outlet, language and term as Arrow strings: one buffer per column instead of a Python object per cell (a
    fifth of the memory)."""
    return table.astype({"outlet": TEXT, "language": TEXT, "term": TEXT})


def summed_term_counts(partials: list[pd.DataFrame]) -> pd.DataFrame:
    """Partial per-outlet counts (``outlet_term_counts``) summed into one table of the same kind: associative and
    commutative, so the partitions' partials can be combined in any grouping and order (``TermBuckets``)."""
    table = pd.concat(partials, ignore_index=True).groupby([*OUTLET_KEYS, "term", "n"], sort=False)[["count", "articles"]].sum().reset_index()
    return arrow_text(table)


# Rows of the partitions' per-outlet counts per body word (about 0.5 on the benchmark corpora, whose swapped words make
# many one-off bigrams; news repeats itself more), and how many of them the terms stage sums at once: summing and scoring
# grow faster than the rows (at 20,000 synthetic articles, buckets of 4 M rows took 42 s and peaked 1.1 GB higher than
# buckets of 1 M, 16 s).
TERM_ROWS_PER_WORD = 0.6
# A bucket's rows and their rates and keyness are the terms stage's memory: 0.5 GB over the rest at 1,000,000 rows
# (20,000 synthetic articles), 0.24 GB at 500,000, in the same time.
ROWS_PER_TERM_BUCKET = 500_000


class TermBuckets:
    """The terms stage's shuffle (``analysis/shuffle.py``): each partition's per-outlet counts (``outlet_term_counts``),
    as its result arrives, appended to the file of their term's bucket, so that the stage sums and scores one bucket
    of the vocabulary at a time and never holds the corpus's counts. Each outlet's tokens by language and length,
    which keyness scores every term against, are summed on the way (``keyness.length_sizes``). An
    ``engine.Reducer``; ``words``: about how many words the corpus has, which sets the number of buckets."""

    def __init__(self, folder: Path, words: float) -> None:
        self.shuffle = Shuffle(folder, buckets_for(words * TERM_ROWS_PER_WORD, ROWS_PER_TERM_BUCKET))
        self.sizes: list[pd.Series] = []

    def add(self, number: int, partial: pd.DataFrame) -> None:
        self.sizes.append(length_sizes(partial))
        self.shuffle.add(partial, pd.util.hash_pandas_object(partial["term"], index=False).to_numpy())

    def total(self) -> tuple[Iterator[pd.DataFrame], pd.Series]:
        """(every bucket's counts summed over the partitions, read one at a time; the outlets' tokens by length)."""
        empty = pd.DataFrame({column: pd.Series(dtype=TEXT) for column in [*OUTLET_KEYS, "term"]}).assign(
            n=np.zeros(0, dtype=np.int64), count=np.zeros(0, dtype=np.int64), articles=np.zeros(0, dtype=np.int64))
        sizes = pd.concat(self.sizes).groupby(level=LENGTH_KEYS, sort=False).sum() if self.sizes else pd.Series(dtype=np.int64)
        return (summed_term_counts([table]) for table in self.shuffle.tables(empty)), sizes


def terms_by_outlet(counts: pd.DataFrame, articles_table: pd.DataFrame) -> pd.DataFrame:
    """Per outlet and term: count, per 1,000 body words, articles using it, and rank.

    ``counts`` are per article (``term_counts``) or already per outlet, one row per outlet, language and term
    (``outlet_term_counts`` of the whole corpus, or ``summed_term_counts`` of its partitions).
    ``rank`` orders terms of the same length (``n``) within an outlet by count,
    ties sharing the best rank (1 = most frequent unigram, bigram, …).
    """
    articles_table = articles_table if "language" in articles_table else articles_table.assign(language="")
    counts = counts if "language" in counts else counts.assign(language="")
    return ranked_terms(term_rates(counts, outlet_words(articles_table)), articles_table["outlet"].unique().tolist())


def outlet_words(articles_table: pd.DataFrame) -> pd.Series:
    """Body words of every outlet and language: what term rates are per 1,000 of."""
    return articles_table.groupby(OUTLET_KEYS, sort=False)["words"].sum()


def term_rates(counts: pd.DataFrame, words: pd.Series) -> pd.DataFrame:
    """``terms_by_outlet`` rows without their rank, unsorted, of the terms in ``counts`` (all, or one bucket of the
    vocabulary): rows of different terms never depend on each other."""
    table = outlet_term_counts(counts)[[*OUTLET_KEYS, "term", "n", "count", "articles"]]
    # Each row's outlet words through its group's number: no Python string per row (millions of rows).
    groups = table.groupby(OUTLET_KEYS, sort=False)
    group_words = words.reindex(pd.MultiIndex.from_frame(groups.size().index.to_frame().astype(object))).to_numpy(dtype=float)
    return table.assign(per_1000_words=(1000 * table["count"] / group_words[groups.ngroup().to_numpy()]).round(3))


def ranked_terms(rates: pd.DataFrame, outlet_order: list[str]) -> pd.DataFrame:
    """``term_rates`` of the whole vocabulary (one table, or every bucket's concatenated), ranked within each outlet,
    language and length, in the table's order: outlets in ``outlet_order``, then language, n, rank and term."""
    table, order = ranked_order(rates, outlet_order)
    return table.take(order).reset_index(drop=True)


def ranked_order(rates: pd.DataFrame, outlet_order: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """``ranked_terms`` as (the table, unsorted; the row positions in the table's order), for a writer that takes the
    rows a block at a time instead of copying the whole table sorted."""
    rank = rates.groupby([*OUTLET_KEYS, "n"])["count"].rank(method="min", ascending=False).astype(rates["count"].dtype)
    table = rates[["outlet", "language", "term", "n", "count", "per_1000_words", "articles"]].assign(rank=rank)
    keys = table[["language", "n", "rank", "term"]].assign(_order=outlet_positions(rates["outlet"], outlet_order))
    return table, sort_order(keys, ["_order", "language", "n", "rank", "term"])


def compact(table: pd.DataFrame, outlets: pd.CategoricalDtype, languages: pd.CategoricalDtype) -> pd.DataFrame:
    """A terms or keyness table in about half the memory, the same values and the same CSV: outlet and language as
    categories (one byte a row instead of a string), n-gram length and counts as small integers. ``outlets`` and
    ``languages`` hold every value of the corpus, so tables of different buckets concatenate as they are."""
    small = {"n": np.int8, "count": np.int32, "articles": np.int32, "count_rest": np.int32}
    return table.astype({"outlet": outlets, "language": languages, **{c: kind for c, kind in small.items() if c in table}})
