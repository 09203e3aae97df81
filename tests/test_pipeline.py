import shutil

import numpy as np
import pandas as pd

from analysis.config import FIGURES_DIR, PROJECT_ROOT, SEEDS_DIR
from analysis.corpus import load_corpus
from analysis.parted import PartedTable, PartitionParts
from analysis.pipeline import (
    analyse,
    build_tables,
    partition_numbers,
    rows_by_partition,
    run,
    with_voices,
)
from analysis.validation import score_folder

VALIDATION_DIR = PROJECT_ROOT / "validation"

TABLES = [
    "inputs", "articles", "sentences", "cleaning", "terms_by_outlet", "keyness", "sentiment_by_article", "sentiment_by_outlet",
    "codebook", "frame_hits", "frames_by_article", "frames_by_outlet", "quotes", "voices_by_outlet",
    "voices_by_speaker", "frames_by_voice", "sentiment_by_voice", "sentiment_by_frame", "reuse_passages", "reuse_pairs",
]
FIGURES = [
    "01-corpus-overview", "02-frame-prevalence", "03-frames-by-voice", "04-sentiment-per-outlet", "05-sentiment-by-frame",
    "06-distinctive-terms", "07-who-is-quoted", "08-frame-positions", "09-text-reuse", "11-outlet-profiles",
]


def test_articles_table_counts_by_hand(tiny_corpus):
    articles = build_tables(tiny_corpus)["articles"].set_index("article_id")
    # a: the u.s. deal was signed on feb 3 critics objected
    assert articles.loc["a", ["words", "sentences", "paragraphs", "cleaning_steps"]].tolist() == [10, 2, 1, 3]
    assert articles.loc["a", "removed"] == "remove_line: Site Name | headline: The Headline | remove_line: tracking"
    # b: bukele said the fee was relatively low and rubio agreed
    assert articles.loc["b", ["words", "sentences", "cleaning_steps", "removed"]].tolist() == [10, 1, 0, ""]


def test_the_study_gives_the_loaded_articles_with_their_bodies_read_back_from_disk(tiny_corpus, tmp_path):
    study = analyse(tiny_corpus, cache_folder=tmp_path / "cache")
    loaded = load_corpus(tiny_corpus)
    assert "body" not in study.catalogue and study.bodies.table.folder.parent == tmp_path / "cache"
    pd.testing.assert_frame_equal(study.articles, loaded)
    pd.testing.assert_frame_equal(study.articles_at(np.array([1])), loaded.iloc[[1]])
    assert study.articles_at(np.array([1]))["body"].tolist() == ["Bukele said the fee was “relatively low,” and Rubio agreed."]


def test_seed_tables(tmp_path):
    run(SEEDS_DIR, tmp_path, figures=False, whole_article_contrast=True)
    articles = pd.read_csv(tmp_path / "tables" / "articles.csv", keep_default_na=False)
    assert articles["sentences"].tolist() == [26, 15, 17, 24, 24]
    assert articles["outlet"].tolist() == ["Voz.us", "The Epoch Times", "productiveclue.com", "manilapr.com", "patriotmomdigest.com"]
    assert set(zip(articles["language"], articles["language_source"])) == {("en", "identified")}
    sentences = pd.read_csv(tmp_path / "tables" / "sentences.csv")
    assert len(sentences) == 106 + 3 + 1  # body sentences, three headlines, one subtitle
    assert list(sentences.columns) == [
        "article_id", "outlet", "language", "sentence", "part", "is_headline", "position", "start", "end", "text", "neg", "neu", "pos",
        "compound", "sentiment_note", "quoted_share", "voice", "voice_speaker", "voice_group",
    ]
    assert sorted(p.stem for p in (tmp_path / "tables").iterdir()) == sorted(TABLES)


def files_under(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_reruns_are_byte_identical(tmp_path):
    run(SEEDS_DIR, tmp_path / "one")
    run(SEEDS_DIR, tmp_path / "two")
    assert files_under(tmp_path / "one") == files_under(tmp_path / "two")


def test_committed_figures_are_exactly_what_the_study_command_produces(tmp_path):
    """figures/ and the scores in validation/ are what `make study` writes from seeds/ and the committed coding
    sheets (`analysis run`, then `analysis validate score`), file for file, byte for byte."""
    run(SEEDS_DIR, tmp_path / "figures", whole_article_contrast=True)
    shutil.copytree(VALIDATION_DIR, tmp_path / "validation")
    score_folder(tmp_path / "figures", tmp_path / "validation")
    for produced_in, committed_in in ((tmp_path / "figures", FIGURES_DIR), (tmp_path / "validation", VALIDATION_DIR)):
        produced, committed = files_under(produced_in), files_under(committed_in)
        assert sorted(map(str, produced)) == sorted(map(str, committed))
        stale = [str(name) for name in produced if produced[name] != committed[name]]
        assert not stale, f"regenerate {committed_in.name}/ with `make study`: {stale}"


def test_every_figure_has_png_svg_and_the_csv_it_was_drawn_from(tmp_path):
    run(SEEDS_DIR, tmp_path / "out")
    written = {p.name for p in (tmp_path / "out").iterdir() if p.is_file()}
    assert written == {f"{name}.{ext}" for name in FIGURES for ext in ("png", "svg", "csv")} | {"index.html"}
    assert sorted(p.stem for p in (tmp_path / "out" / "articles").iterdir()) == sorted(
        pd.read_csv(tmp_path / "out" / "tables" / "articles.csv")["article_id"]
    )


def test_no_scratch_files_are_left_behind(tmp_path, tiny_corpus):
    run(tiny_corpus, tmp_path / "out")
    assert sorted(p.stem for p in (tmp_path / "out" / "tables").iterdir()) == sorted(TABLES)
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # nor beside it, where the new output is written


def test_whole_article_compound_is_a_labelled_contrast(tmp_path):
    run(SEEDS_DIR, tmp_path, figures=False, whole_article_contrast=True)
    articles = pd.read_csv(tmp_path / "tables" / "articles.csv")
    # Saturates towards ±1 on whole bodies; the outlet's sentiment is sentence-level (sentiment_by_outlet.csv).
    assert articles["compound_whole_article"].round(2).tolist() == [0.98, 0.19, -0.97, 0.44, 0.98]


def test_large_tables_as_parquet_parts_and_the_same_values(tmp_path, tiny_corpus):
    run(tiny_corpus, tmp_path / "csv", figures=False)
    written = run(tiny_corpus, tmp_path / "parquet", figures=False, table_format="parquet")
    tables = tmp_path / "parquet" / "tables"
    assert (tables / "sentences" / "part-00000.parquet") in written and not (tables / "sentences.csv").exists()
    assert (tables / "articles.csv").exists()  # summaries stay CSV
    from_parquet = pd.read_parquet(tables / "quotes")
    from_csv = pd.read_csv(tmp_path / "csv" / "tables" / "quotes.csv", keep_default_na=False)
    assert from_parquet["text"].tolist() == from_csv["text"].tolist() and from_parquet["start"].tolist() == from_csv["start"].tolist()


def test_a_parted_table_is_written_as_parquet_parts_of_a_fixed_number_of_rows(tmp_path, monkeypatch):
    from analysis import output
    from analysis.parted import PartWriter

    table = pd.DataFrame({"term": list("abcde"), "n": range(5)})
    writer = PartWriter(tmp_path / "parts", table)
    for rows in (slice(0, 1), slice(1, 4), slice(4, 5)):
        writer.add(table.iloc[rows])
    monkeypatch.setattr(output, "ROWS_PER_PART", 2)
    output.write_parquet_parts(writer.table(), tmp_path / "terms")
    parts = sorted((tmp_path / "terms").iterdir())
    assert [len(pd.read_parquet(part)) for part in parts] == [2, 2, 1]
    assert pd.read_parquet(tmp_path / "terms").equals(table)


def test_article_pages_for_a_large_corpus_are_an_even_sample(tmp_path):
    from analysis.pipeline import page_rows

    assert page_rows(10, 4).tolist() == [0, 3, 6, 9]
    assert page_rows(10, None).tolist() == page_rows(10, 10).tolist() == list(range(10))


def test_rows_go_to_the_partition_of_their_article_in_table_order():
    partition_of = partition_numbers([pd.DataFrame({"article_id": ["a", "b"]}), pd.DataFrame({"article_id": ["c"]}), pd.DataFrame({"article_id": ["d"]})])
    assert partition_of.to_dict() == {"a": 0, "b": 0, "c": 1, "d": 2}
    rows = rows_by_partition(pd.DataFrame({"article_id": ["c", "a", "b", "c", "a"]}), partition_of, 3)
    assert [part.tolist() for part in rows] == [[1, 2, 4], [0, 3], []]


def test_voices_added_partition_by_partition_are_the_whole_tables_voices(tmp_path):
    # Partition 0 holds articles a and b, partition 1 article c (no quotation), partition 2 article d (no sentence):
    # a's sentence 1 is 12 of 20 characters in B's quotation, b's sentence half in E's; the quotes table lists c's
    # and d's neighbours out of order, as a corpus-wide table may.
    sentences = pd.DataFrame({"article_id": ["a", "a", "b", "c"], "part": "body", "sentence": [0, 1, 0, 0],
                              "start": [0, 10, 0, 0], "end": [10, 30, 10, 8], "compound": [0.1, -0.2, 0.3, 0.0]})
    quotes = pd.DataFrame({"article_id": ["b", "a", "a"], "part": "body", "start": [0, 12, 20], "end": [5, 18, 24],
                           "kind": "speech", "speaker": ["E", "B", "C"], "group": ["g", "h", "h"]})
    spill = PartitionParts(tmp_path / "spill")
    for number, rows in [(1, [3]), (0, [0, 1, 2]), (2, [])]:
        spill.add(number, sentences.iloc[rows].reset_index(drop=True))
    partition_of = pd.Series([0, 0, 1, 2], index=["a", "b", "c", "d"])
    from analysis.voices import sentence_voices
    voiced, read = with_voices(spill.total(), quotes, partition_of, sentence_voices, tmp_path / "out", ["article_id", "voice"])
    assert isinstance(voiced, PartedTable) and voiced.count == 2  # the partition without sentences writes no part
    whole = sentence_voices(sentences, quotes)
    pd.testing.assert_frame_equal(voiced.frame(), whole)
    assert voiced.frame()["voice_speaker"].tolist() == ["", "B", "E", ""]
    assert read.to_dict("list") == {"article_id": ["a", "a", "b", "c"], "voice": ["narrative", "quotation", "quotation", "narrative"]}
    assert read["voice"].dtype == "category" and read["article_id"].dtype == "str"  # labels held as categories, ids as texts
