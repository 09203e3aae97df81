import hashlib

import pandas as pd
import pytest

from analysis.config import SEEDS_DIR
from analysis.corpus import Columns, cleaning_log, frame_of, load_corpus
from analysis.errors import InputError
from conftest import SEED_IDS, write_corpus

OPENINGS_AND_ENDINGS = {
    "voz": (
        "The United States and El Salvador reached a historic immigration and deportation agreement",
        "through mass deportations and deterring illegal immigration.",
    ),
    "epoch": (
        "U.S. Secretary of State Marco Rubio said on Monday that El Salvador President",
        "temperature control, and lighting are inadequate or nonexistent.”",
    ),
    "productiveclue": (
        "U.S. Secretary of State Marco Rubio has announced a historic agreement with El Salvador",
        "do not compromise the treatment of vulnerable populations seeking asylum.",
    ),
    "manilapr": (
        "President Nayib Bukele has proposed a paid arrangement where El Salvador would house",
        "and the Dominican Republic, as part of a five-nation Central American tour.",
    ),
    "patriotmom": (
        "During a high-profile diplomatic visit, El Salvador agreed to an extraordinary migration",
        "migration management, aiming at safer, more secure communities.",
    ),
}


@pytest.mark.parametrize("key", OPENINGS_AND_ENDINGS)
def test_cleaned_body_opens_and_ends_with_article_text(seed_articles, key):
    body = seed_articles.loc[SEED_IDS[key], "body"]
    opening, ending = OPENINGS_AND_ENDINGS[key]
    assert body.startswith(opening)
    assert body.endswith(ending)


def test_boilerplate_is_gone_from_every_body(seed_articles):
    bodies = "\n".join(seed_articles["body"])
    for boilerplate in ["Voz media", "El secretario", "BukeleAFP", "tracking", "No Comments", "“`", "\u00a0"]:
        assert boilerplate not in bodies


def test_headline_and_subtitle_are_fields_not_body(seed_articles):
    voz = seed_articles.loc[SEED_IDS["voz"]]
    assert voz["headline"].startswith("Marco Rubio announces 'extraordinary' immigration agreement")
    assert voz["headline_source"] == "file"
    assert voz["subtitle"] == "In addition, the US and El Salvador reached an agreement for the development of nuclear energy."
    assert "Marco Rubio announces" not in voz["body"] and voz["subtitle"] not in voz["body"]
    manila = seed_articles.loc[SEED_IDS["manilapr"]]
    assert manila["headline"] == "El Salvador to Accept US Deportees of All Nationalities After Meeting with Rubio"
    assert manila["headline_source"] == "file"
    assert seed_articles.loc[SEED_IDS["epoch"], "headline_source"] == "manifest"
    assert seed_articles.loc[SEED_IDS["productiveclue"], ["headline", "headline_source"]].tolist() == ["", "none"]


def test_metadata_comes_from_the_manifest(seed_articles):
    epoch = seed_articles.loc[SEED_IDS["epoch"]]
    assert (epoch["outlet"], epoch["published"], epoch["leaning"]) == ("The Epoch Times", "2025-02-04", "lean right")
    assert seed_articles.loc[SEED_IDS["patriotmom"], "published"] == ""
    assert seed_articles["article_id"].tolist() == list(SEED_IDS.values())


def test_cleaning_log_records_each_removal_with_its_line(seed_articles):
    log = cleaning_log(seed_articles.reset_index(drop=True))
    voz = log[log["article_id"] == SEED_IDS["voz"]]
    assert voz[["line", "action"]].values.tolist() == [
        [pd_na(), "normalize"],
        [1, "remove_line"],
        [3, "headline"],
        [5, "subtitle"],
        [7, "remove_line"],
        [9, "remove_line"],
        [45, "remove_line"],
    ]
    assert voz["text"].iloc[0] == "4 non-breaking spaces → spaces"
    manila = log[log["article_id"] == SEED_IDS["manilapr"]]
    assert manila["text"].tolist() == [
        "“`",
        "El Salvador to Accept US Deportees of All Nationalities After Meeting with Rubio",
        "February 5, 2025 by No Comments",
    ]
    assert set(log["article_id"]) == {SEED_IDS["voz"], SEED_IDS["manilapr"]}


def pd_na():
    import pandas as pd

    return pd.NA


def test_tiny_corpus_by_hand(tiny_corpus):
    articles = load_corpus(tiny_corpus).set_index("article_id")
    assert articles.loc["a", "body"] == "The U.S. deal was signed on Feb. 3. Critics objected."
    assert articles.loc["a", "headline"] == "The Headline"
    assert articles.loc["b", "body"] == "Bukele said the fee was “relatively low,” and Rubio agreed."
    assert articles.loc["b", "published"] == ""


def test_normalization_nfc_and_non_breaking_spaces(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "Nicola\u0301s met\u00a0Bukele\u202fthere."})
    article = load_corpus(folder).iloc[0]
    assert article["body"] == "Nicolás met Bukele there."
    assert [s.text for s in article["cleaning"]] == ["Unicode NFC: 1 combining sequences composed", "2 non-breaking spaces → spaces"]


def test_seed_files_are_never_modified(tmp_path):
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in SEEDS_DIR.iterdir()}
    load_corpus(SEEDS_DIR)
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in SEEDS_DIR.iterdir()}
    assert before == after


def error_of(folder):
    with pytest.raises(InputError) as caught:
        load_corpus(folder)
    return str(caught.value)


def test_no_manifest(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "Text."}, manifest=False)
    assert error_of(folder) == f"{folder / 'manifest.csv'}: no manifest: a corpus folder needs a manifest.csv listing its articles"


def test_listed_file_missing(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "Text."}, manifest="file,outlet\na.txt,A\nb.txt,B\n")
    assert error_of(folder) == f"{folder / 'manifest.csv'}, line 3, field 'file': listed file b.txt not found in {folder}"


def test_unlisted_text_file(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "Text.", "extra.txt": "More."}, manifest="file,outlet\na.txt,A\n")
    assert error_of(folder) == f"{folder / 'extra.txt'}: text file not listed in manifest.csv"


def test_file_listed_twice(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "Text."}, manifest="file,outlet\na.txt,A\na.txt,B\n")
    assert error_of(folder) == f"{folder / 'manifest.csv'}, line 3, field 'file': a.txt is listed twice (first on line 2)"


@pytest.mark.parametrize("text, message", [("", "article is empty"), (" \n\t\n", "article is blank (whitespace only)")])
def test_empty_or_blank_article(tmp_path, text, message):
    folder = write_corpus(tmp_path / "c", {"a.txt": "Text.", "b.txt": text})
    assert error_of(folder) == f"{folder / 'b.txt'}: {message}"


def test_article_left_empty_by_cleaning(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "tracking\n"}, rules="file,action,text\na.txt,remove_line,tracking\n")
    assert error_of(folder) == f"{folder / 'a.txt'}: no body text left after cleaning"


def test_bytes_that_are_not_utf8(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "Caf\xe9 text.".encode("latin-1")})
    assert error_of(folder) == f"{folder / 'a.txt'}, byte 3: not valid UTF-8 (byte 0xe9)"


def test_manifest_that_is_not_utf8(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "Text."}, manifest=False)
    (folder / "manifest.csv").write_bytes(b"file,outlet\na.txt,Caf\xe9\n")
    assert error_of(folder) == f"{folder / 'manifest.csv'}, byte 21: not valid UTF-8 (byte 0xe9)"


@pytest.mark.parametrize("value", ["2025-02-30", "Feb 4 2025", "04/02/2025"])
def test_unparseable_date(tmp_path, value):
    folder = write_corpus(tmp_path / "c", {"a.txt": "Text."}, manifest=f"file,outlet,published\na.txt,A,{value}\n")
    assert error_of(folder) == (
        f"{folder / 'manifest.csv'}, line 2, field 'published': "
        f"cannot parse date {value!r} (expected YYYY-MM-DD, or blank if unknown)"
    )


@pytest.mark.parametrize("header", ["outlet,headline", "file,headline"])
def test_missing_required_column(tmp_path, header):
    missing = "file" if "file" not in header else "outlet"
    folder = write_corpus(tmp_path / "c", {"a.txt": "Text."}, manifest=f"{header}\na.txt,A\n")
    assert error_of(folder) == f"{folder / 'manifest.csv'}, line 1: missing required column '{missing}'"


def test_blank_outlet(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "Text."}, manifest="file,outlet\na.txt,\n")
    assert error_of(folder) == f"{folder / 'manifest.csv'}, line 2, field 'outlet': value is blank"


def test_rule_for_a_line_that_is_not_there(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "Text."}, rules="file,action,text\na.txt,remove_line,Site Name\n")
    assert error_of(folder) == (
        f"{folder / 'cleaning.csv'}, line 2, field 'text': remove_line rule for a.txt: no line of the file equals 'Site Name'"
    )


def test_rule_with_unknown_action(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "Text."}, rules="file,action,text\na.txt,delete,Text.\n")
    assert "line 2, field 'action': unknown action 'delete'" in error_of(folder)


def test_missing_corpus_folder(tmp_path):
    assert error_of(tmp_path / "nowhere") == (
        f"{tmp_path / 'nowhere'}: corpus not found (a folder with manifest.csv, or a .csv, .jsonl or .parquet table)"
    )


# Table corpora: one article per row ────────────────────────────────────────────────────────────────

TABLE = "id,outlet,headline,published,text\n1,Alpha,A title,2025-02-04 10:30:00,First sentence. Second one.\n2,Beta,,,Only one.\n"


def table_error(tmp_path, text, name="articles.csv", columns=None):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_corpus(path, columns)
    return str(caught.value)


def test_csv_table_rows_are_articles(tmp_path):
    path = tmp_path / "articles.csv"
    path.write_text(TABLE, encoding="utf-8")
    articles = load_corpus(path)
    assert articles[["article_id", "outlet", "headline", "published", "body"]].values.tolist() == [
        ["1", "Alpha", "A title", "2025-02-04", "First sentence. Second one."],  # an ISO date-time keeps its date
        ["2", "Beta", "", "", "Only one."],
    ]
    assert articles["file"].tolist() == ["articles.csv, line 2", "articles.csv, line 3"]
    assert articles["headline_source"].tolist() == ["manifest", "none"]


def test_column_names_are_mapped(tmp_path):
    frame = pd.DataFrame({"media_name": ["Alpha", "Beta"], "title": ["T", ""], "publish_date": ["2025-02-04", ""], "story": ["One.", "Two."]})
    columns = Columns(text="story", outlet="media_name", headline="title", published="publish_date")
    articles = load_corpus(frame, columns)
    assert articles[["article_id", "outlet", "headline", "published", "body"]].values.tolist() == [
        ["1", "Alpha", "T", "2025-02-04", "One."], ["2", "Beta", "", "", "Two."],
    ]


def test_ids_number_the_rows_with_equal_width_when_the_table_has_none(tmp_path):
    frame = pd.DataFrame({"outlet": ["A"] * 10, "text": [f"Text {i}." for i in range(10)]})
    assert load_corpus(frame)["article_id"].tolist()[:2] == ["01", "02"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("outlet,body\nA,Text.\n", "missing required column 'text'"),
        ("id,outlet,text\n1,A,Text.\n1,B,More.\n", "line 3: article id '1' appears twice (first at articles.csv, line 2)"),
        ("id,outlet,text\n../x,A,Text.\n", "line 2: article id '../x' must be letters"),
        ("outlet,text\nA,\n", "line 2: text is blank"),
        ("outlet,text\n,Text.\n", "line 2: outlet is blank"),
        ("outlet,text,published\nA,Text.,soon\n", "line 2, field 'published': cannot parse date 'soon'"),
        ("outlet,text\n", "holds no articles"),
    ],
)
def test_bad_table_rows_are_named_by_line(tmp_path, text, expected):
    assert expected in table_error(tmp_path, text)


def test_bad_jsonl_line_is_named(tmp_path):
    message = table_error(tmp_path, '{"outlet": "A", "text": "One."}\n{"outlet": "B", "text": \n', name="a.jsonl")
    assert message.startswith(f"{tmp_path / 'a.jsonl'}, line 2: not valid JSON")
    assert "line 1: each line must be a JSON object" in table_error(tmp_path, '["A", "One."]\n', name="b.jsonl")


def test_an_unknown_file_type_is_refused(tmp_path):
    assert "a corpus is a folder with manifest.csv, or a .csv, .jsonl or .parquet table" in table_error(tmp_path, "x", name="a.xlsx")


def test_a_broken_parquet_file_is_one_error(tmp_path):
    assert "not a readable Parquet file" in table_error(tmp_path, "not parquet", name="a.parquet")


def test_a_folder_of_parquet_files_is_one_table_in_file_name_order(tmp_path):
    pd.DataFrame({"outlet": ["A", "B"], "text": ["One text here.", "Two texts there."]}).to_parquet(tmp_path / "part-1.parquet")
    pd.DataFrame({"outlet": ["C"], "text": ["Third text now."]}).to_parquet(tmp_path / "part-0.parquet")
    articles = load_corpus(tmp_path)
    assert articles[["article_id", "file", "outlet"]].values.tolist() == [
        ["1", "part-0.parquet, row 1", "C"], ["2", "part-1.parquet, row 1", "A"], ["3", "part-1.parquet, row 2", "B"],
    ]


def test_a_parquet_table_is_read_in_batches_in_order_without_its_stored_index(tmp_path):
    from analysis.corpus import PARQUET_BATCH

    rows = 2 * PARQUET_BATCH + 3  # three batches
    frame = pd.DataFrame({"outlet": [f"O{i % 3}" for i in range(rows)], "text": [f"Article number {i}." for i in range(rows)]},
                         index=range(100, 100 + rows))  # a stored index is not a column of the corpus
    frame.iloc[::-1].iloc[::-1].to_parquet(tmp_path / "big.parquet", row_group_size=700)
    articles = load_corpus(tmp_path / "big.parquet")
    assert len(articles) == rows and articles["article_id"].iloc[[0, -1]].tolist() == ["0001", f"{rows:04d}"]
    assert articles["body"].iloc[PARQUET_BATCH] == f"Article number {PARQUET_BATCH}."
    assert "__index_level_0__" not in articles.columns and articles.loc[rows - 1, "file"] == f"big.parquet, row {rows}"


def test_a_bad_row_deep_in_a_parquet_table_is_named(tmp_path):
    from analysis.corpus import PARQUET_BATCH

    texts = ["Fine text."] * (PARQUET_BATCH + 5)
    texts[PARQUET_BATCH + 2] = "   "
    pd.DataFrame({"outlet": "A", "text": texts}).to_parquet(tmp_path / "t.parquet")
    with pytest.raises(InputError, match=f"t.parquet, field 'row {PARQUET_BATCH + 3}': text is blank"):
        load_corpus(tmp_path / "t.parquet")


def test_articles_made_a_dataframe_a_few_at_a_time_are_typed_as_one_dataframe_would_be():
    # Chunks of two: the second chunk has no "b" in its first row and a "c" only in its last; tuples stay objects.
    rows = [{"a": "x", "b": "1", "t": ()}, {"a": "y", "b": "2", "t": ("s",)}, {"a": "z", "t": ()}, {"a": "w", "c": "3", "t": ()}, {"a": "v", "b": "4", "t": ()}]
    whole = pd.DataFrame(rows)
    for at_once in (1, 2, 3, 10):
        made = frame_of(iter(rows), at_once=at_once)
        pd.testing.assert_frame_equal(made, whole)
    assert list(whole.columns) == ["a", "b", "t", "c"] and whole["c"].isna().tolist() == [True, True, True, False, True]
    assert frame_of(iter([])).empty
