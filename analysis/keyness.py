r"""Distinctive terms of every outlet against the rest of the corpus, all outlets in one pass.

For outlet *i*, term *w*, with *j* the rest of the corpus (all other outlets):
``y_iw``, ``y_jw`` are the term's counts, ``n_i``, ``n_j`` the total counts of all
terms of the same length (unigrams, bigrams and trigrams are scored separately,
each against its own totals, after stopword filtering as in ``analysis.terms``).

**Log-odds ratio with informative Dirichlet prior** (Monroe, Colaresi & Quinn 2008,
"Fightin' Words", §3.5): the prior is proportional to the whole corpus's counts,
``α_w = s · (y_iw + y_jw)``, with scale ``s = 1`` by default (the prior counts
equal the corpus counts, so ``α_0 = Σ_w α_w`` is the corpus size)::

    δ_w  = log[(y_iw + α_w) / (n_i + α_0 − y_iw − α_w)] − log[(y_jw + α_w) / (n_j + α_0 − y_jw − α_w)]
    σ²_w ≈ 1/(y_iw + α_w) + 1/(y_jw + α_w)
    z_w  = δ_w / σ_w

A term seen once in one outlet gets a prior as large as its count, which pulls
its δ towards zero and widens its σ: rare terms cannot top the list by accident.

**Signed chi-square keyness**, as quanteda's ``textstat_keyness(measure = "chi2")``
computes it: the 2×2 table ``a = y_iw``, ``b = y_jw``, ``c = n_i − a``, ``d = n_j − b``,
``N = a + b + c + d``, with Yates' continuity correction::

    χ² = N (|ad − bc| − N/2)² / ((a+b)(c+d)(a+c)(b+d))   if |ad − bc| ≥ N/2, else 0

signed negative unless ``a`` exceeds its expected count ``E = (a+b)(a+c)/N``;
``p`` is the upper tail of χ² with one degree of freedom at ``|χ²|``.

Terms seen fewer than ``min_count`` times in the whole corpus (default 2) are not
scored: a term seen once has ``z`` below 1 under the prior whatever the outlet
sizes, and listing every single-use trigram would bury the table. An outlet gets a
row for each term it uses: a term it never uses is under-represented there by
construction, and rows for every outlet and every term would make the table grow with
the number of outlets times the vocabulary (60 million rows for 20,000 articles from 20
outlets).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy.stats import chi2 as chi2_distribution

PRIOR_SCALE = 1.0
MIN_COUNT = 2
KEYNESS_COLUMNS = ["outlet", "language", "term", "n", "count", "count_rest", "log_odds", "z", "chi2", "p"]


def log_odds_dirichlet(
    y_i: np.ndarray, y_j: np.ndarray, alpha: np.ndarray, totals: tuple[float, float, float] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(δ, z) of Monroe et al. for counts ``y_i`` vs ``y_j`` with prior counts ``alpha``.

    ``totals`` (n_i, n_j, α₀) are the sums over the whole vocabulary, where only some of its terms are scored.
    """
    n_i, n_j, alpha_0 = totals if totals is not None else (y_i.sum(), y_j.sum(), alpha.sum())
    # Undefined (NaN) only for a vocabulary of one term, whose odds against have no mass.
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((y_i + alpha) / (n_i + alpha_0 - y_i - alpha)) - np.log((y_j + alpha) / (n_j + alpha_0 - y_j - alpha))
        variance = 1 / (y_i + alpha) + 1 / (y_j + alpha)
        return delta, delta / np.sqrt(variance)


def chi2_keyness(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Signed Yates-corrected χ² and its p-value, per quanteda's textstat_keyness."""
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    n = a + b + c + d
    difference = np.abs(a * d - b * c)
    with np.errstate(divide="ignore", invalid="ignore"):
        corrected = n * (difference - n / 2) ** 2 / ((a + b) * (c + d) * (a + c) * (b + d))
    chi2 = np.where(difference >= n / 2, np.nan_to_num(corrected), 0.0)
    p = chi2_distribution.sf(np.abs(chi2), 1)
    expected = (a + b) * (a + c) / n
    return np.where(a > expected, chi2, -chi2) + 0.0, p  # + 0.0 turns −0.0 into 0.0


def keyness_for_length(counts: pd.DataFrame, prior_scale: float, min_count: int = 1, outlet_sizes: pd.Series | None = None) -> pd.DataFrame:
    """Both measures for every outlet and every term of one n-gram length that the outlet uses and the corpus
    uses ``min_count`` times or more.

    Computed on the long table (one row per outlet and term used), never an outlets × vocabulary matrix:
    memory follows the terms used, and a corpus's vocabulary grows with its size. The totals (each outlet's
    tokens, the prior's mass) come from the whole vocabulary: ``outlet_sizes`` (by outlet) when ``counts`` holds
    only some of its terms (a bucket, ``keyness_rows``), else ``counts`` itself.
    """
    total = counts.groupby("term", sort=False)["count"].transform("sum").to_numpy(dtype=float)
    outlet_sizes = counts.groupby("outlet", sort=False)["count"].sum() if outlet_sizes is None else outlet_sizes
    corpus_size = float(outlet_sizes.sum())
    kept = counts.loc[total >= min_count, ["outlet", "term", "count"]].reset_index(drop=True)
    total = total[total >= min_count]
    y_i = kept["count"].to_numpy(dtype=float)
    y_j = total - y_i
    n_i = kept["outlet"].map(outlet_sizes).to_numpy(dtype=float)
    n_j = corpus_size - n_i
    delta, z = log_odds_dirichlet(y_i, y_j, prior_scale * total, (n_i, n_j, prior_scale * corpus_size))
    chi2, p = chi2_keyness(y_i, y_j, n_i - y_i, n_j - y_j)
    return kept.assign(count=y_i.astype(int), count_rest=y_j.astype(int), log_odds=delta.round(4), z=z.round(4), chi2=chi2.round(4), p=p.round(6))


LENGTH_KEYS = ["language", "n", "outlet"]


def per_outlet_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """One row per outlet, language and term: per-article counts (``term_counts``) summed, a language added if none."""
    counts = counts if "language" in counts.columns else counts.assign(language="")
    if "article_id" in counts.columns:
        counts = counts.groupby(["outlet", "language", "term", "n"], sort=False)["count"].sum().reset_index()
    return counts


def length_sizes(counts: pd.DataFrame) -> pd.Series:
    """Every outlet's tokens by language and n-gram length (index ``LENGTH_KEYS``): the totals keyness scores each
    term against. Additive: the sizes of parts of the vocabulary sum to the whole's."""
    return per_outlet_counts(counts).groupby(LENGTH_KEYS, sort=False)["count"].sum()


def keyness_rows(counts: pd.DataFrame, sizes: pd.Series, prior_scale: float = PRIOR_SCALE, min_count: int = MIN_COUNT) -> pd.DataFrame:
    """``keyness`` rows, unsorted, of the terms in ``counts``: every term's rows of every outlet (all of the corpus,
    or one bucket of its vocabulary), scored against the whole vocabulary's ``sizes`` (``length_sizes``). A language
    with one outlet has nothing to compare it with and no rows."""
    counts = per_outlet_counts(counts)
    outlets = sizes.index.to_frame(index=False).groupby("language")["outlet"].nunique()
    by_length = {key: group.droplevel(["language", "n"]) for key, group in sizes.groupby(level=["language", "n"], sort=False)}
    tables = [keyness_for_length(group, prior_scale, min_count, by_length[(language, n)]).assign(n=n, language=language)
              for (language, n), group in counts.groupby(["language", "n"], sort=True) if outlets.get(language, 0) >= 2]
    return pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=KEYNESS_COLUMNS)


def outlet_positions(outlets: pd.Series, outlet_order: list[str]) -> np.ndarray:
    """Each row's outlet as its place in ``outlet_order``, for sorting (a categorical column through its codes: mapping
    it would give categories, which sort in their own order)."""
    order = {outlet: i for i, outlet in enumerate(outlet_order)}
    if isinstance(outlets.dtype, pd.CategoricalDtype):
        places = np.array([order.get(outlet, len(order)) for outlet in outlets.cat.categories], dtype=np.int64)
        return places[outlets.cat.codes.to_numpy()]
    return outlets.map(order).to_numpy()


def sort_order(table: pd.DataFrame, keys: list[str], descending: Iterable[str] = ()) -> np.ndarray:
    """The row positions that put ``table`` in the order of ``sort_values(keys, kind="stable")`` (``descending``: the
    keys sorted from the largest), missing values last. Arrow sorts texts as they are kept; pandas would first encode
    each text key as numbers, another copy of the column (one group of the terms table holds millions of terms)."""
    falling = set(descending)
    columns = pa.table({key: sort_key(table[key]) for key in keys})
    order = pc.sort_indices(columns, sort_keys=[(key, "descending" if key in falling else "ascending", "at_end") for key in keys])
    return order.to_numpy()


def sort_key(column: pd.Series) -> pa.Array:
    """A column as Arrow sorts it the way pandas does: a category by its place among sorted categories, a float with
    -0.0 equal to 0.0 and NaN missing, a text by its characters."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        if column.cat.categories.is_monotonic_increasing:
            return pa.array(column.cat.codes.to_numpy(np.int64))
        column = column.astype(object)
    if pd.api.types.is_float_dtype(column.dtype):
        return pa.array(column.to_numpy(np.float64) + 0.0, from_pandas=True)
    return pa.array(column, from_pandas=True)


def sorted_keyness(rows: pd.DataFrame, outlet_order: list[str]) -> pd.DataFrame:
    """``keyness_rows`` (of one or many buckets) in the table's order: by outlet (in ``outlet_order``), language, n, z."""
    table, order = keyness_order(rows, outlet_order)
    return table.take(order).reset_index(drop=True)


def keyness_order(rows: pd.DataFrame, outlet_order: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """``sorted_keyness`` as (the table, unsorted; the row positions in the table's order), for a writer that takes
    the rows a block at a time instead of copying the whole table sorted."""
    if rows.empty:
        return pd.DataFrame(columns=KEYNESS_COLUMNS), np.zeros(0, dtype=np.int64)
    order = sort_order(rows[["language", "n", "z", "term"]].assign(_order=outlet_positions(rows["outlet"], outlet_order)),
                       ["_order", "language", "n", "z", "term"], descending=["z"])
    return rows[KEYNESS_COLUMNS], order


def keyness(counts: pd.DataFrame, prior_scale: float = PRIOR_SCALE, min_count: int = MIN_COUNT) -> pd.DataFrame:
    """Every outlet against the other outlets of its language, for every term it uses, by n-gram length; sorted by
    outlet (in order of appearance), language, n and z. A language with one outlet has nothing to compare it with and
    no rows."""
    counts = per_outlet_counts(counts)
    return sorted_keyness(keyness_rows(counts, length_sizes(counts), prior_scale, min_count), counts["outlet"].unique().tolist())
