import pandas as pd

from analysis.config import SEEDS_DIR
from analysis.pipeline import build_tables, run


def test_articles_table_counts_by_hand(tiny_corpus):
    articles = build_tables(tiny_corpus)["articles"].set_index("article_id")
    # a: the u.s. deal was signed on feb 3 critics objected
    assert articles.loc["a", ["words", "sentences", "paragraphs", "cleaning_steps"]].tolist() == [10, 2, 1, 3]
    assert articles.loc["a", "removed"] == "remove_line: Site Name | headline: The Headline | remove_line: tracking"
    # b: bukele said the fee was relatively low and rubio agreed
    assert articles.loc["b", ["words", "sentences", "cleaning_steps", "removed"]].tolist() == [10, 1, 0, ""]


def test_seed_tables(tmp_path):
    run(SEEDS_DIR, tmp_path)
    articles = pd.read_csv(tmp_path / "tables" / "articles.csv", keep_default_na=False)
    assert articles["sentences"].tolist() == [26, 15, 17, 24, 24]
    assert articles["outlet"].tolist() == ["Voz.us", "The Epoch Times", "productiveclue.com", "manilapr.com", "patriotmomdigest.com"]
    sentences = pd.read_csv(tmp_path / "tables" / "sentences.csv")
    assert len(sentences) == 106 + 3 + 1  # body sentences, three headlines, one subtitle
    assert list(sentences.columns) == ["article_id", "outlet", "sentence", "part", "is_headline", "position", "start", "end", "text"]


def test_reruns_are_byte_identical(tmp_path):
    run(SEEDS_DIR, tmp_path / "one")
    run(SEEDS_DIR, tmp_path / "two")
    for name in ["articles.csv", "sentences.csv", "cleaning.csv"]:
        assert (tmp_path / "one" / "tables" / name).read_bytes() == (tmp_path / "two" / "tables" / name).read_bytes()


def test_no_scratch_files_are_left_behind(tmp_path, tiny_corpus):
    run(tiny_corpus, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out" / "tables").iterdir()) == ["articles.csv", "cleaning.csv", "sentences.csv"]
