import numpy as np
import pandas as pd

from analysis.config import SEEDS_DIR
from analysis.corpus import load_corpus
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


def words(*numbers):
    return " ".join(f"w{n}" for n in numbers)


def test_a_shingle_in_too_many_articles_is_skipped_as_boilerplate():
    from analysis.reuse import article_shingles, shared_places

    # The first eight words are the same in three articles; eight more are shared by articles 0 and 1.
    same, pair = list(range(8)), list(range(20, 28))
    articles = corpus(words(*same, *pair), words(*same, 50, *pair), words(*same))
    shingles, sizes = article_shingles(articles)
    assert sizes["tokens"].tolist() == [16, 17, 8] and sizes["shingles"].tolist() == [9, 10, 1]
    kept = shared_places(shingles, limit=2)
    assert kept[["a", "b", "i", "j"]].values.tolist() == [[0, 1, 8, 9]]
    assert sorted(map(tuple, shared_places(shingles, limit=3)[["a", "b", "i", "j"]].values.tolist())) == [
        (0, 1, 0, 0), (0, 1, 8, 9), (0, 2, 0, 0), (1, 2, 0, 0)]


def test_the_boilerplate_limit_is_a_share_of_the_corpus_capped_and_never_below_a_pair():
    from analysis.reuse import boilerplate_limit

    assert [boilerplate_limit(n) for n in (3, 5, 8, 99, 1000)] == [2, 2, 4, 49, 50]
    assert boilerplate_limit(1000, share=0.01) == 10 and boilerplate_limit(1000, share=1.0, max_articles=400) == 400


def test_the_boilerplate_share_is_a_setting_of_the_run():
    same = words(*range(8))
    articles = corpus(*(f"{same} {words(100 + i)}" for i in range(4)))
    stopwords = load_stopwords()
    assert text_reuse(articles, stopwords)[0].empty  # in all four articles: more than half
    assert len(text_reuse(articles, stopwords, share=1.0)[0]) == 6  # every pair of the four


def test_equal_hashes_count_only_where_the_second_hash_agrees_too():
    from analysis.reuse import shared_places

    # As if two different shingles had the same first hash: their second hashes differ.
    colliding = pd.DataFrame({"article": [0, 1], "position": [0, 0], "hash": np.array([7, 7], dtype=np.uint64),
                              "check": np.array([1, 2], dtype=np.uint64)})
    assert shared_places(colliding, limit=2).empty


def test_token_hashes_are_the_same_in_every_process():
    from analysis.reuse import token_hashes

    # BLAKE2b of the UTF-8 token, not Python's hash(), which changes with PYTHONHASHSEED.
    assert token_hashes(["cecot"], {})[0] == np.uint64(int.from_bytes(__import__("hashlib").blake2b(b"cecot", digest_size=8).digest(), "little"))


def test_each_article_gets_its_nearest_neighbours_by_tfidf():
    from analysis.reuse import tfidf_matrix, tfidf_neighbours

    articles = corpus("prison deal fee", "prison deal fee tariff", "weather spring rain", "weather spring snow")
    matrix = tfidf_matrix(articles["body"], load_stopwords())
    assert tfidf_neighbours(matrix, neighbours=1).tolist() == [0 * 4 + 1, 2 * 4 + 3]  # pairs (0, 1) and (2, 3) as pair numbers
    assert tfidf_neighbours(matrix, neighbours=0).tolist() == []


def test_a_large_corpus_scores_passages_and_neighbours_never_all_pairs():
    # 202 articles on 101 topics, two per topic, one pair sharing a passage: above 200 articles not every pair is scored.
    bodies = [f"topic{t // 2} subject{t // 2} {'extra' if t % 2 else 'other'}{t}" for t in range(202)]
    bodies[0] = bodies[1] = f"{SHARED} {bodies[0]}"
    passages, pairs = text_reuse(corpus(*bodies), load_stopwords(), neighbours=1)
    assert len(passages) == 1
    scored = set(zip(pairs["article_a"], pairs["article_b"]))
    assert {(f"a{2 * t}", f"a{2 * t + 1}") for t in range(101)} <= scored
    assert len(scored) < 300 and pairs["tfidf_cosine"].between(0, 1).all()


def test_shingles_shuffled_to_disk_by_bucket_find_the_same_passages_in_any_arrival_order(tmp_path):
    from analysis.reuse import (
        ROWS_PER_BUCKET,
        ShingleBuckets,
        article_shingles,
        reuse_tables,
    )

    # Six articles in three partitions of two; articles 0, 3 and 4 share a passage, 1 and 5 another.
    other = "a wholly different sentence about the weather in spring and the rain that follows it"
    bodies = [f"{SHARED} one", other, "nothing here", f"intro {SHARED}", f"{SHARED} end", f"{other} again"]
    articles, stopwords = corpus(*bodies), load_stopwords()
    parts = [articles.iloc[start : start + 2] for start in (0, 2, 4)]
    whole, whole_sizes = article_shingles(articles)
    expected = reuse_tables(articles, [whole], whole_sizes, stopwords)
    assert len(expected[0]) == 4  # the three pairs of 0, 3, 4 and the pair 1, 5
    buckets = ShingleBuckets(tmp_path, first_article=[0, 2, 4], words=3 * ROWS_PER_BUCKET)
    for number in (2, 0, 1):  # partitions arrive in any order
        buckets.add(number, article_shingles(parts[number]))
    buckets.shuffle.write()  # what it holds (``Shuffle.rows_held``)
    assert sorted(path.name for path in tmp_path.iterdir()) == [f"bucket-0000{n}.pickle" for n in range(3)]
    shuffled, sizes, regroup = buckets.total()
    assert sizes["tokens"].tolist() == whole_sizes["tokens"].tolist()
    passages, pairs = reuse_tables(articles, shuffled, sizes, stopwords, regroup=regroup)
    assert regroup.buckets == 12 and len(list(regroup.folder.iterdir())) >= 2  # the matches went to disk by pair
    pd.testing.assert_frame_equal(passages, expected[0])
    pd.testing.assert_frame_equal(pairs, expected[1])


def test_tokens_covered_by_overlapping_runs_are_counted_once_per_pair():
    from analysis.reuse import covered_by_pair

    # Pair 0: tokens 0-7 and 4-11 overlap, 2-4 lies inside (12 tokens); pair 1: 10-17 and 30-37 (16); pair 2: no run.
    pair, start, length = np.array([1, 0, 0, 1, 0]), np.array([30, 4, 0, 10, 2]), np.array([8, 8, 8, 8, 3])
    assert covered_by_pair(pair, start, length, pairs=3).tolist() == [12, 16, 0]


def test_tfidf_weighted_a_block_at_a_time_is_scikit_learns_to_the_last_bit(monkeypatch):
    from sklearn.feature_extraction.text import TfidfVectorizer

    from analysis import reuse
    from analysis.terms import ngram_analyzer

    bodies = ["prison deal fee fee", "prison tariff deal", "weather spring rain rain rain", "the fee was low", "spring deal"]
    stopwords = load_stopwords()
    expected = TfidfVectorizer(analyzer=ngram_analyzer(stopwords, max_n=1)).fit_transform(bodies).tocsr()
    monkeypatch.setattr(reuse, "ENTRIES_AT_ONCE", 3)  # 13 entries: five blocks
    matrix = reuse.tfidf_matrix(iter(bodies), stopwords)
    assert matrix.nnz == expected.nnz == 13
    assert (matrix.indptr == expected.indptr).all() and (matrix.indices == expected.indices).all()
    assert (matrix.data == expected.data).all()  # equal, not close


def test_shingle_numbers_stay_distinct_across_many_buckets_and_grow_by_their_count():
    from analysis.reuse import article_shingles, shared_runs

    articles = corpus(f"{SHARED} one", f"intro {SHARED}")
    shingles, _ = article_shingles(articles)
    _, once = shared_runs(articles, [shingles], k=8, share=1.0, max_articles=50)
    # The same bucket 80 times: each copy's shingles numbered apart, so the pair shares 80 times as many. Numbering
    # after the shift doubled the count with every bucket and overflowed 64 bits near the 60th (52 buckets at 100,000).
    _, many = shared_runs(articles, [shingles] * 80, k=8, share=1.0, max_articles=50)
    assert once.tolist() == [len(SHARED.split()) - 7] and many.tolist() == [80 * once.iloc[0]]


def test_document_term_counts_are_count_vectorizers_entry_for_entry_and_in_its_order_within_rows():
    from sklearn.feature_extraction.text import CountVectorizer

    from analysis.reuse import document_term_counts
    from analysis.terms import ngram_analyzer

    # Terms first seen out of alphabetical order, repeated, and a body with only stopwords (an empty row).
    bodies = ["zebra prison zebra apple", "the and of", "apple tariff zebra deal deal", "mango prison"]
    analyze = ngram_analyzer(load_stopwords(), max_n=1)
    expected = CountVectorizer(analyzer=analyze, dtype=np.float64).fit_transform(bodies).tocsr()
    counts = document_term_counts(iter(bodies), analyze)
    assert counts.indptr.tolist() == expected.indptr.tolist() == [0, 3, 3, 7, 9]
    # Columns alphabetical (apple 0, deal 1, mango 2, prison 3, tariff 4, zebra 5); within a row, in the order the
    # corpus first saw each term (zebra, prison, apple, tariff, deal, mango).
    assert counts.indices.tolist() == expected.indices.tolist() == [5, 3, 0, 5, 0, 4, 1, 3, 2]
    assert counts.data.tolist() == expected.data.tolist() == [2.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 1.0, 1.0]
    assert document_term_counts(iter(["the and", "of"]), analyze) is None


def test_column_entries_counted_a_block_at_a_time_are_bincounts(monkeypatch):
    from scipy.sparse import csr_matrix

    from analysis import reuse

    matrix = csr_matrix(np.array([[1.0, 0, 2.0, 0], [0, 0, 3.0, 1.0], [4.0, 0, 5.0, 0]]))
    monkeypatch.setattr(reuse, "ENTRIES_AT_ONCE", 2)  # 6 entries: three blocks
    assert reuse.column_entries(matrix).tolist() == [2, 0, 3, 1]
