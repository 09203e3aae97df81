import pandas as pd

from analysis.corpus import load_corpus
from analysis.config import SEEDS_DIR
from analysis.reuse import maximal_runs, reuse_passages, text_reuse
from analysis.terms import load_stopwords

SHARED = "this is an effective way to stem the flow of illegal migration"  # 12 tokens


def corpus(*bodies):
    return pd.DataFrame({"article_id": [f"a{i}" for i in range(len(bodies))], "outlet": [f"O{i}" for i in range(len(bodies))], "body": list(bodies)})


def test_maximal_runs_merge_consecutive_matches_on_a_diagonal():
    # Shingles of 3 match at a-positions 2, 3, 4 (b-positions 0, 1, 2): one run of 5 tokens; (7, 9) is another run.
    assert maximal_runs([(2, 0), (3, 1), (4, 2), (7, 9)], 3) == [(2, 0, 5), (7, 9, 3)]


def test_a_shared_passage_is_found_with_both_locations():
    a = f"Rubio spoke. “{SHARED.capitalize()}, of mass migration,” he said."
    b = f"Noting: “{SHARED.capitalize()}.” Then nothing else in common."
    passages = reuse_passages(corpus(a, b, "An unrelated text about the weather in spring."))
    assert len(passages) == 1
    row = passages.iloc[0]
    assert (row["article_a"], row["article_b"], row["tokens"]) == ("a0", "a1", 12)
    assert row["text_a"] == SHARED.capitalize() and a[row["start_a"] : row["end_a"]] == row["text_a"]
    assert b[row["start_b"] : row["end_b"]] == row["text_b"]


def test_runs_shorter_than_the_threshold_are_not_reuse():
    assert reuse_passages(corpus("the united states and el salvador met", "the united states and el salvador agreed")).empty


def test_pairs_report_similarity_and_coverage():
    a, b = f"{SHARED} today", f"yesterday {SHARED}"
    pairs = text_reuse(corpus(a, b, "weather report for spring"), load_stopwords())[1].set_index(["article_a", "article_b"])
    assert pairs.loc[("a0", "a1"), ["passages", "shared_tokens_a", "share_a"]].tolist() == [1, 12, round(12 / 13, 4)]
    # 13 tokens give 6 shingles of 8 each; 5 are shared, 7 distinct in all.
    assert pairs.loc[("a0", "a1"), "shingle_jaccard"] == round(5 / 7, 4)
    assert pairs.loc[("a0", "a2"), ["passages", "shingle_jaccard", "tfidf_cosine"]].tolist() == [0, 0.0, 0.0]
    assert pairs.loc[("a0", "a1"), "tfidf_cosine"] > 0.5


def test_seed_reuse_finds_the_shared_quotations():
    articles = load_corpus(SEEDS_DIR)
    passages = reuse_passages(articles)
    texts = passages["text_a"].str.lower().tolist()
    assert any(text.startswith("this is an effective way to stem the flow of illegal migration") for text in texts)
    assert any(text.startswith("he’s also offered to do the same for dangerous criminals") for text in texts)
    assert set(zip(passages["outlet_a"], passages["outlet_b"])) == {
        ("Voz.us", "The Epoch Times"), ("Voz.us", "manilapr.com"), ("Voz.us", "patriotmomdigest.com"), ("manilapr.com", "patriotmomdigest.com"),
    }
    assert len(text_reuse(articles, load_stopwords())[1]) == 10


def test_a_shingle_in_too_many_articles_is_skipped_as_boilerplate():
    import numpy as np

    from analysis.reuse import matches_by_pair, shared_shingle_places

    # Token ids: the first eight tokens are the same in three articles; eight more are shared by articles 0 and 1.
    same, pair = list(range(8)), list(range(20, 28))
    ids = [np.array(same + pair), np.array(same + [50] + pair), np.array(same)]
    places = shared_shingle_places(ids, 8, max_articles=2)
    matches, shared = matches_by_pair(places, ids, 8)
    assert matches == {(0, 1): [(8, 9)]} and shared == {(0, 1): 1}
    matches, shared = matches_by_pair(shared_shingle_places(ids, 8, max_articles=3), ids, 8)
    assert len(matches) == 3 and shared[(0, 1)] == 2


def test_equal_hashes_count_only_where_the_tokens_are_equal():
    import numpy as np

    from analysis.reuse import matches_by_pair

    ids = [np.arange(8), np.arange(8) + 100]
    colliding = [np.array([[0, 0], [1, 0]])]  # as if the two different shingles had hashed alike
    assert matches_by_pair(colliding, ids, 8) == ({}, {})
