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

import numpy as np
import pandas as pd
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


def keyness_for_length(counts: pd.DataFrame, prior_scale: float, min_count: int = 1) -> pd.DataFrame:
    """Both measures for every outlet and every term of one n-gram length that the outlet uses and the corpus
    uses ``min_count`` times or more.

    Computed on the long table (one row per outlet and term used), never an outlets × vocabulary matrix:
    memory follows the terms used, and a corpus's vocabulary grows with its size. The totals (each outlet's
    tokens, the prior's mass) come from the whole vocabulary.
    """
    total = counts.groupby("term", sort=False)["count"].transform("sum").to_numpy(dtype=float)
    outlet_sizes = counts.groupby("outlet", sort=False)["count"].sum()
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


def keyness(counts: pd.DataFrame, prior_scale: float = PRIOR_SCALE, min_count: int = MIN_COUNT) -> pd.DataFrame:
    """Every outlet against the other outlets of its language, for every term it uses, by n-gram length; sorted by
    outlet, language, n and z. A language with one outlet has nothing to compare it with and no rows."""
    counts = counts if "language" in counts.columns else counts.assign(language="")
    if "article_id" in counts.columns:  # per-article counts (``term_counts``): one row per outlet and term first
        counts = counts.groupby(["outlet", "language", "term", "n"], sort=False)["count"].sum().reset_index()
    tables = [language_keyness(group, prior_scale, min_count).assign(language=language)
              for language, group in counts.groupby("language", sort=False) if group["outlet"].nunique() >= 2]
    if not tables:
        return pd.DataFrame(columns=KEYNESS_COLUMNS)
    table = pd.concat(tables, ignore_index=True)
    order = {outlet: i for i, outlet in enumerate(counts["outlet"].unique())}
    table = table.assign(_order=table["outlet"].map(order)).sort_values(
        ["_order", "language", "n", "z", "term"], ascending=[True, True, True, False, True], kind="stable")
    return table[KEYNESS_COLUMNS].reset_index(drop=True)


def language_keyness(counts: pd.DataFrame, prior_scale: float, min_count: int) -> pd.DataFrame:
    """``keyness`` among the outlets of one language, every n-gram length scored against its own totals."""
    return pd.concat([keyness_for_length(group, prior_scale, min_count).assign(n=n) for n, group in counts.groupby("n", sort=True)],
                     ignore_index=True)
