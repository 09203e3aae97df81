import math

import numpy as np
import pandas as pd
import pytest

from analysis.keyness import chi2_keyness, keyness, log_odds_dirichlet


def counts_table(rows):
    """(outlet, term, count) rows as term_counts would give them, one article per outlet."""
    table = pd.DataFrame(rows, columns=["outlet", "term", "count"])
    return table.assign(article_id=table["outlet"], n=table["term"].str.count(" ") + 1)


# Outlet X says "fee" 3 times and "prison" once; outlet Y the reverse.
# Corpus counts: fee 4, prison 4, so the prior is α_fee = α_prison = 4 and α_0 = 8.
MIRROR = counts_table([("X", "fee", 3), ("X", "prison", 1), ("Y", "fee", 1), ("Y", "prison", 3)])


def test_log_odds_by_hand():
    # δ_fee(X) = log(7/5) − log(5/7) = 2 log 1.4;  σ² = 1/7 + 1/5;  z = δ/σ
    delta, z = log_odds_dirichlet(np.array([3.0, 1.0]), np.array([1.0, 3.0]), np.array([4.0, 4.0]))
    assert delta[0] == pytest.approx(2 * math.log(1.4))
    assert z[0] == pytest.approx(2 * math.log(1.4) / math.sqrt(1 / 7 + 1 / 5))
    assert z[0] == pytest.approx(1.14927, abs=1e-5)
    assert delta[1] == pytest.approx(-delta[0])


def test_chi2_by_hand_with_yates():
    # a=3, b=1, c=1, d=3, N=8: |ad − bc| = 8 ≥ N/2, χ² = 8 (8 − 4)² / (4·4·4·4) = 0.5 (R: chisq.test(correct=TRUE))
    chi2, p = chi2_keyness([3], [1], [1], [3])
    assert chi2[0] == pytest.approx(0.5)
    assert p[0] == pytest.approx(0.4795001, abs=1e-6)


def test_chi2_is_signed_by_expected_count_and_zero_when_yates_swallows_it():
    chi2, _ = chi2_keyness([1, 1], [3, 1], [3, 1], [1, 1])
    assert chi2[0] == pytest.approx(-0.5)  # a = 1 below its expected 2
    assert chi2[1] == 0.0  # |ad − bc| = 0 < N/2


def test_keyness_table_for_the_mirror_corpus():
    table = keyness(MIRROR).set_index(["outlet", "term"])
    assert table.loc[("X", "fee"), ["count", "count_rest"]].tolist() == [3, 1]
    assert table.loc[("X", "fee"), "log_odds"] == pytest.approx(0.6729, abs=1e-4)
    assert table.loc[("X", "fee"), "z"] == pytest.approx(1.1493, abs=1e-4)
    assert table.loc[("X", "fee"), "chi2"] == pytest.approx(0.5)
    assert table.loc[("Y", "fee"), "z"] == pytest.approx(-1.1493, abs=1e-4)
    assert table.loc[("Y", "prison"), "chi2"] == pytest.approx(0.5)


def test_rare_terms_do_not_top_the_list():
    # X uses "cecot" once (nobody else does) and "fee" 10 times against 2 elsewhere.
    rows = [("X", "fee", 10), ("X", "cecot", 1), ("X", "said", 40), ("Y", "fee", 2), ("Y", "said", 60), ("Y", "deal", 30)]
    table = keyness(counts_table(rows), min_count=1)
    x = table[table["outlet"] == "X"].set_index("term")
    assert x.index[0] == "fee"
    assert x.loc["fee", "z"] > 2 > x.loc["cecot", "z"]
    # Without a prior, the unseen-elsewhere term would have infinite log-odds; with it, its z stays below 1.
    assert x.loc["cecot", "z"] < 1


def test_terms_seen_once_in_the_corpus_are_not_scored_by_default():
    rows = [("X", "fee", 2), ("X", "cecot", 1), ("Y", "deal", 2)]
    assert set(keyness(counts_table(rows))["term"]) == {"fee", "deal"}


def test_each_ngram_length_is_scored_against_its_own_totals():
    rows = [("X", "fee", 3), ("X", "prison", 1), ("Y", "fee", 1), ("Y", "prison", 3), ("X", "human rights", 5), ("Y", "human rights", 5), ("X", "prison system", 2), ("Y", "prison system", 2)]
    table = keyness(counts_table(rows)).set_index(["outlet", "term"])
    # Adding a bigram changes nothing for the unigrams.
    assert table.loc[("X", "fee"), "z"] == pytest.approx(1.1493, abs=1e-4)
    assert table.loc[("X", "human rights"), ["n", "z", "chi2"]].tolist() == [2, 0.0, 0.0]


def test_seed_keyness_has_both_measures_for_every_outlet(seed_sentences):
    from analysis.terms import load_stopwords, term_counts

    table = keyness(term_counts(seed_sentences, load_stopwords()))
    assert table["outlet"].nunique() == 5
    manila = table[(table["outlet"] == "manilapr.com") & (table["n"] == 1)]
    assert manila.iloc[0]["term"] == "undocumented"  # 4 times in manilapr.com, never elsewhere
    assert manila.iloc[0][["count", "count_rest"]].tolist() == [4, 0]


def test_an_outlet_has_rows_only_for_the_terms_it_uses_and_per_article_counts_are_summed():
    # "deal" is Y's only: X gets no row for it, Y's row is scored against X's zero. X's "fee" comes in two articles.
    rows = counts_table([("X", "fee", 2), ("X", "fee", 1), ("X", "prison", 1), ("Y", "fee", 1), ("Y", "prison", 3), ("Y", "deal", 2)])
    rows.loc[1, "article_id"] = "X2"
    table = keyness(rows).set_index(["outlet", "term"])
    assert sorted(table.index) == [("X", "fee"), ("X", "prison"), ("Y", "deal"), ("Y", "fee"), ("Y", "prison")]
    assert table.loc[("X", "fee"), ["count", "count_rest"]].tolist() == [3, 1]
    # Y: n_i = 6, X: n_j = 4; α_deal = 2, α_0 = 10. δ = log(4 / (6 + 10 − 4)) − log(2 / (4 + 10 − 2)).
    assert table.loc[("Y", "deal"), "log_odds"] == pytest.approx(round(math.log(4 / 12) - math.log(2 / 12), 4))


def test_sort_order_is_pandas_stable_sort_with_texts_floats_and_categories():
    from analysis.keyness import sort_order

    table = pd.DataFrame({
        "group": pd.Categorical(["b", "a", "b", "a", "b", "a"], categories=["a", "b"]),
        "z": [0.0, float("nan"), -0.0, 1.5, 2.0, 1.5],
        "term": pd.Series(["éclat", "zeta", "alpha", "beta", "alpha", "Beta"], dtype="str"),
    })
    expected = table.sort_values(["group", "z", "term"], ascending=[True, False, True], kind="stable").index.to_numpy()
    order = sort_order(table, ["group", "z", "term"], descending=["z"])
    # a: 1.5 Beta, 1.5 beta (capitals first), NaN last; b: 2.0, then 0.0 and -0.0 as equals, by term
    assert order.tolist() == expected.tolist() == [5, 3, 1, 4, 2, 0]
