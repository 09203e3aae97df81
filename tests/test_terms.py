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
