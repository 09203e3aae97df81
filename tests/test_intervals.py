"""Bootstrap intervals that resample articles, on data small enough to reason about."""

import numpy as np
import pytest

from analysis.intervals import (
    ARTICLES_THEN_SENTENCES,
    SENTENCES,
    bootstrap_mean_interval,
    clustered_mean_interval,
    ratio_interval,
    two_stage_means,
)


def test_one_article_is_the_plain_sentence_bootstrap():
    values = np.array([-0.5, 0.0, 0.2, 0.4, 0.9])
    low, high, resampled = clustered_mean_interval(values, np.array(["a"] * 5), resamples=500, seed=[1, 2])
    assert (low, high) == bootstrap_mean_interval(values, resamples=500, seed=[1, 2]) and resampled == SENTENCES


def test_articles_that_differ_widen_the_interval():
    # Two articles, each internally uniform: sentences alone look certain, articles do not.
    values = np.array([0.5] * 20 + [-0.5] * 20)
    articles = np.array(["a"] * 20 + ["b"] * 20)
    sentence_low, sentence_high = bootstrap_mean_interval(values, resamples=2000, seed=1)
    low, high, resampled = clustered_mean_interval(values, articles, resamples=2000, seed=1)
    assert resampled == ARTICLES_THEN_SENTENCES
    assert (low, high) == (-0.5, 0.5)  # a quarter of resamples draw article a twice, a quarter b twice
    assert high - low > 2 * (sentence_high - sentence_low)


def test_two_stage_means_draw_each_articles_own_sentences():
    rng = np.random.default_rng(0)
    means = two_stage_means(np.array([1.0, 1.0, 3.0]), np.array(["a", "a", "b"]), 1000, rng)
    # Possible resamples: a+a (mean 1), b+b (3), a+b (sentences 1, 1, 3: mean 5/3).
    assert set(np.round(means, 6)) == {1.0, 3.0, round(5 / 3, 6)}


def test_rate_interval_resamples_articles():
    low, high = ratio_interval(np.array([1.0, 3.0]), np.array([10.0, 10.0]), scale=1000, resamples=2000, seed=3)
    # Resamples give 100, 200 or 300 hits per 1,000 words.
    assert (low, high) == (100.0, 300.0)
    assert np.isnan(ratio_interval(np.array([1.0]), np.array([10.0]), resamples=10, seed=3)).all()


def test_same_seed_same_interval():
    values, articles = np.arange(12, dtype=float), np.repeat(["a", "b", "c"], 4)
    assert clustered_mean_interval(values, articles, seed=[7]) == clustered_mean_interval(values, articles, seed=[7])
    assert clustered_mean_interval(values, articles, seed=[7]) != pytest.approx(clustered_mean_interval(values, articles, seed=[8]))


def test_poisson_rate_interval_is_garwoods_exact_interval():
    from analysis.intervals import poisson_rate_interval

    assert poisson_rate_interval(0, 1000, scale=1000) == (0.0, pytest.approx(3.688879, abs=1e-6))  # the "rule of three", exactly
    low, high = poisson_rate_interval(1, 1000, scale=1000)
    assert (low, high) == (pytest.approx(0.025318, abs=1e-6), pytest.approx(5.571643, abs=1e-6))
    assert poisson_rate_interval(10, 2000, scale=1000) == (pytest.approx(4.795 / 2, abs=1e-3), pytest.approx(18.390 / 2, abs=1e-3))


def test_a_rate_interval_draws_its_resamples_in_chunks_of_bounded_memory(monkeypatch):
    from analysis import intervals

    hits, words = np.array([0.0, 3.0, 1.0, 5.0, 2.0]), np.array([100.0, 300.0, 200.0, 400.0, 250.0])
    rng = np.random.default_rng([1, 2])  # one chunk: the draws of a single (resamples × articles) array, as before
    picked = rng.integers(0, 5, size=(50, 5))
    expected = intervals.percentile_interval(1000 * hits[picked].sum(axis=1) / words[picked].sum(axis=1), 0.95)
    assert ratio_interval(hits, words, scale=1000, resamples=50, seed=[1, 2]) == expected
    monkeypatch.setattr(intervals, "CHUNK_DRAWS", 10)  # two resamples a chunk: 25 chunks
    low, high = ratio_interval(hits, words, scale=1000, resamples=50, seed=[1, 2])
    assert 0 <= low < 11000 / 1250 < high <= 1000 * 5 / 400
    assert ratio_interval(2 * words, words, scale=1, resamples=50, seed=3) == (2.0, 2.0)  # every resample has ratio 2
