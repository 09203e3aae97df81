"""Percentile-bootstrap intervals that respect articles.

Sentences of one article are not independent draws: they share an author, a topic and
a tone. Where an outlet has several articles, an interval resamples **articles** with
replacement, then **sentences within each drawn article** (the two-stage cluster
bootstrap of Davison & Hinkley 1997, §3.8), so it is as wide as the variation between
articles makes it. With one article, only its sentences can be resampled, and the
interval says so: it describes that text, not the outlet. Rates (hits per 1,000 words)
resample articles only, since a hit count has no sentences to draw; where there is one
article, or no hit to resample, a rate's interval is the exact (Garwood) Poisson interval of
its count, which says how far a count of 0, 1 or 2 hits can be from the text's rate.

Every interval is seeded from a fixed number and the names of what it describes, so it
does not change when other outlets are added.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import numpy as np
from scipy.stats import chi2

RESAMPLES = 2000
SEED = 20250203
CONFIDENCE = 0.95
SENTENCES, ARTICLES_THEN_SENTENCES, ARTICLES, POISSON = "sentences", "articles, then sentences", "articles", "poisson"
CHUNK_DRAWS = 2_000_000  # draws held in memory at once, whatever the outlet's size


def named_seed(name: str, seed: int = SEED) -> list[int]:
    """A seed for one outlet (or outlet and frame), independent of the others."""
    return [seed, zlib.crc32(name.encode("utf-8"))]


def percentile_interval(estimates: np.ndarray, confidence: float) -> tuple[float, float]:
    tail = (1 - confidence) / 2
    low, high = np.quantile(estimates, [tail, 1 - tail])
    return float(low), float(high)


def bootstrap_mean_interval(values: np.ndarray, *, resamples: int, seed, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean (resampling values with replacement)."""
    if len(values) < 2:
        return (float("nan"), float("nan"))
    rng = np.random.default_rng(seed)
    means = values[rng.integers(0, len(values), size=(resamples, len(values)))].mean(axis=1)
    return percentile_interval(means, confidence)


def resample_batches(resamples: int, draws_each: int) -> Iterator[tuple[int, int]]:
    """(first resample, how many) of consecutive batches whose draws (``draws_each`` a resample) stay within
    ``CHUNK_DRAWS``; at least one resample a batch."""
    per_chunk = max(1, CHUNK_DRAWS // max(1, draws_each))
    for first in range(0, resamples, per_chunk):
        yield first, min(per_chunk, resamples - first)


def two_stage_means(values: np.ndarray, clusters: np.ndarray, resamples: int, rng: np.random.Generator) -> np.ndarray:
    """Means of ``resamples`` two-stage resamples: clusters with replacement, then values within each."""
    order = np.argsort(clusters, kind="stable")
    ordered = values[order]
    _, starts, sizes = np.unique(clusters[order], return_index=True, return_counts=True)
    count = len(sizes)
    means = np.empty(resamples)
    for first, batch in resample_batches(resamples, len(values)):
        picked = rng.integers(0, count, size=(batch, count))
        drawn_sizes = sizes[picked]
        cluster_of_draw = np.repeat(picked.ravel(), drawn_sizes.ravel())
        within = (rng.random(cluster_of_draw.size) * sizes[cluster_of_draw]).astype(np.int64)
        drawn = ordered[starts[cluster_of_draw] + within]
        totals = drawn_sizes.sum(axis=1)
        offsets = np.concatenate([[0], np.cumsum(totals)[:-1]])
        means[first : first + batch] = np.add.reduceat(drawn, offsets) / totals
    return means


def clustered_mean_interval(
    values: np.ndarray, clusters: np.ndarray, *, resamples: int = RESAMPLES, seed, confidence: float = CONFIDENCE
) -> tuple[float, float, str]:
    """Interval of the mean of ``values`` grouped in ``clusters`` (article ids), and what was resampled."""
    if len(np.unique(clusters)) < 2:
        return (*bootstrap_mean_interval(values, resamples=resamples, seed=seed, confidence=confidence), SENTENCES)
    rng = np.random.default_rng(seed)
    return (*percentile_interval(two_stage_means(values, clusters, resamples, rng), confidence), ARTICLES_THEN_SENTENCES)


def ratio_interval(
    numerators: np.ndarray, denominators: np.ndarray, *, scale: float = 1.0, resamples: int = RESAMPLES, seed,
    confidence: float = CONFIDENCE,
) -> tuple[float, float]:
    """Interval of ``scale × Σ numerators / Σ denominators`` resampling articles; blank with fewer than two."""
    if len(numerators) < 2:
        return (float("nan"), float("nan"))
    rng = np.random.default_rng(seed)
    ratios = np.empty(resamples)
    for first, batch in resample_batches(resamples, len(numerators)):  # all at once was 0.7 GB for 15,000 articles
        picked = rng.integers(0, len(numerators), size=(batch, len(numerators)))
        totals = denominators[picked].sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratios[first : first + batch] = scale * numerators[picked].sum(axis=1) / totals
    ratios = ratios[np.isfinite(ratios)]
    return percentile_interval(ratios, confidence) if len(ratios) else (float("nan"), float("nan"))


def poisson_rate_interval(count: int, exposure: float, *, scale: float = 1.0, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Exact (Garwood 1936) interval of ``scale × count / exposure``, the count taken as Poisson: 0 hits in 1,000
    words gives 0 to 3.7 per 1,000."""
    tail = (1 - confidence) / 2
    low = chi2.ppf(tail, 2 * count) / 2 if count > 0 else 0.0
    high = chi2.ppf(1 - tail, 2 * count + 2) / 2
    return float(scale * low / exposure), float(scale * high / exposure)
