import pandas as pd

from analysis.terms import load_stopwords, ngram_analyzer, term_counts, terms_by_outlet

STOPWORDS = load_stopwords()


def sentences_frame(rows):
    """(article_id, outlet, text) rows as body sentences."""
    return pd.DataFrame(rows, columns=["article_id", "outlet", "text"]).assign(part="body")


def test_packaged_stopwords_are_loaded_from_the_data_file():
    assert {"the", "of", "us", "isn't"} <= STOPWORDS
    assert not {"system", "third", "said", "u.s."} & STOPWORDS  # content words in this story


def test_stopwords_file_format(tmp_path):
    path = tmp_path / "stop.txt"
    path.write_text("# a comment\nThe\n\n  of  \n", encoding="utf-8")
    assert load_stopwords(path) == frozenset({"the", "of"})


def test_ngrams_drop_those_that_start_or_end_with_a_stopword():
    analyze = ngram_analyzer(STOPWORDS, max_n=3)
    assert analyze("a safe third country plan") == [
        "safe", "third", "country", "plan",
        "safe third", "third country", "country plan",
        "safe third country", "third country plan",
    ]
    assert "rights of" not in analyze("rights of the accused") and "rights" in analyze("rights of the accused")


def test_counts_are_per_article_and_never_cross_sentences():
    sentences = sentences_frame([("a", "X", "Human rights matter."), ("a", "X", "Rights groups warn."), ("b", "Y", "Human rights.")])
    counts = term_counts(sentences, STOPWORDS).set_index(["article_id", "term"])["count"]
    assert counts[("a", "rights")] == 2
    assert counts[("a", "human rights")] == 1
    assert ("a", "matter rights") not in counts.index  # "matter." and "Rights" are in different sentences
    assert counts[("b", "human rights")] == 1


def test_outlet_totals_are_sums_of_articles_with_rates_and_ranks():
    sentences = sentences_frame([("a", "X", "Fee fee prison."), ("b", "X", "Fee deal."), ("c", "Y", "Prison.")])
    counts = term_counts(sentences, STOPWORDS)
    articles = pd.DataFrame({"outlet": ["X", "X", "Y"], "words": [3, 2, 1]})
    table = terms_by_outlet(counts, articles).set_index(["outlet", "term"])
    assert table.loc[("X", "fee"), ["count", "articles", "rank"]].tolist() == [3, 2, 1]
    assert table.loc[("X", "fee"), "per_1000_words"] == 600.0  # 3 of 5 words
    assert table.loc[("X", "prison"), "rank"] == 2 and table.loc[("X", "deal"), "rank"] == 2  # ties share a rank
    assert table.loc[("X", "fee prison"), ["n", "count", "rank"]].tolist() == [2, 1, 1]


def test_seed_phrases_survive_as_units(seed_sentences):
    counts = term_counts(seed_sentences, STOPWORDS)
    by_outlet = counts.groupby(["outlet", "term"])["count"].sum()
    assert by_outlet[("manilapr.com", "safe third country")] == 2
    assert by_outlet[("manilapr.com", "dumping ground")] == 1
    assert by_outlet[("productiveclue.com", "human rights")] == 2
    assert by_outlet[("Voz.us", "mega-prison")] == 1


def test_terms_shuffled_to_disk_by_bucket_give_the_tables_of_the_whole_counts(tmp_path):
    from analysis.keyness import keyness
    from analysis.pipeline import term_tables
    from analysis.terms import (
        ROWS_PER_TERM_BUCKET,
        TERM_ROWS_PER_WORD,
        TermBuckets,
        outlet_term_counts,
    )

    # Two languages; "prison deal" is in every English outlet, "cuota" only in the Spanish one (no keyness: one outlet).
    rows = [("a1", "North", "prison deal fee. prison fee."), ("a2", "South", "prison deal tariff. weather."),
            ("a3", "North", "tariff fee prison deal."), ("a4", "West", "prison deal fee fee."), ("a5", "Sur", "cuota prisión cuota.")]
    sentences = pd.concat([sentences_frame([row]) for row in rows], ignore_index=True)
    sentences = sentences.assign(language=["es" if outlet == "Sur" else "en" for outlet in sentences["outlet"]])
    counts = term_counts(sentences, {"en": STOPWORDS, "es": frozenset()})
    summary = pd.DataFrame({"article_id": [r[0] for r in rows], "outlet": [r[1] for r in rows],
                            "language": ["en", "en", "en", "en", "es"], "words": [6, 5, 5, 5, 3]})
    shuffled = TermBuckets(tmp_path, words=3 * ROWS_PER_TERM_BUCKET / TERM_ROWS_PER_WORD)
    assert shuffled.shuffle.buckets == 3
    partitions = [counts[counts["article_id"].isin(ids)] for ids in (["a1", "a2"], ["a3", "a4"], ["a5"])]
    for number in (1, 2, 0):  # partitions arrive in any order
        shuffled.add(number, outlet_term_counts(partitions[number]))
    assert not list(tmp_path.iterdir())  # held in memory until a bucket is read (``Shuffle.rows_held``)
    shuffled.shuffle.write()
    assert len(list(tmp_path.iterdir())) == 3  # the terms spread over every bucket
    parted = term_tables(shuffled.total(), summary, tmp_path / "by-outlet", None)
    # one part per outlet, language and n-gram length, in the table's order; Sur has no keyness (alone in Spanish)
    groups = {name: [(*part["outlet"].unique(), *part["n"].unique()) for part in table.parts()] for name, table in parted.items()}
    assert groups["terms_by_outlet"] == [(outlet, n) for outlet in ("North", "South", "West", "Sur") for n in (1, 2, 3)]
    # South's one trigram ("prison deal tariff") is used once in the corpus: under keyness's minimum count of 2
    assert groups["keyness"] == [("North", 1), ("North", 2), ("North", 3), ("South", 1), ("South", 2), ("West", 1), ("West", 2), ("West", 3)]
    tables = {name: table.frame() for name, table in parted.items()}
    whole = outlet_term_counts(counts)  # all counts in memory at once
    # The same values; the run's tables are compact (outlets and languages as categories, small integers).
    same = {"check_dtype": False, "check_categorical": False}
    pd.testing.assert_frame_equal(tables["terms_by_outlet"], terms_by_outlet(whole, summary), **same)
    pd.testing.assert_frame_equal(tables["keyness"], keyness(whole), **same)
    assert tables["terms_by_outlet"]["outlet"].dtype == "category" and tables["keyness"]["count"].dtype == "int32"
    north = tables["terms_by_outlet"].query("outlet == 'North' and term == 'prison deal'").iloc[0]
    assert (north["count"], north["articles"], north["per_1000_words"], north["rank"]) == (2, 2, round(2000 / 11, 3), 1)
    assert set(tables["keyness"]["outlet"]) == {"North", "South", "West"}


def test_outlet_terms_count_straight_into_the_outlet_totals():
    from analysis.terms import outlet_term_counts, outlet_terms

    # Outlet X: "fee" 3 times in 2 articles; a sentence of stopwords only; two languages, one list each.
    rows = [("a", "X", "Fee fee prison."), ("a", "X", "Of the."), ("b", "X", "Fee deal."), ("c", "Y", "Prison."), ("d", "Z", "Cuota de cuota.")]
    sentences = sentences_frame(rows).assign(language=["en", "en", "en", "en", "es"])
    lists = {"en": STOPWORDS, "es": frozenset({"de"})}
    table = outlet_terms(sentences, lists)
    by_term = table.set_index(["outlet", "term"])
    assert by_term.loc[("X", "fee"), ["n", "count", "articles"]].tolist() == [1, 3, 2]
    assert by_term.loc[("X", "fee prison"), ["n", "count", "articles"]].tolist() == [2, 1, 1]
    assert by_term.loc[("Z", "cuota de cuota"), ["language", "n", "count", "articles"]].tolist() == ["es", 3, 1, 1]
    assert ("Z", "de") not in by_term.index and ("X", "the") not in by_term.index
    # The same rows as summing the per-article counts, in another order.
    key = ["outlet", "language", "term"]
    expected = outlet_term_counts(term_counts(sentences, lists)).sort_values(key, ignore_index=True)
    pd.testing.assert_frame_equal(table.sort_values(key, ignore_index=True), expected)
    assert outlet_terms(sentences.iloc[:0], lists).columns.tolist() == expected.columns.tolist()
