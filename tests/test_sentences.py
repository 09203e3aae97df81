import csv

import pytest

from analysis.config import PROJECT_ROOT
from analysis.sentences import sentence_spans
from conftest import SEED_IDS

FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "seed_sentences.tsv"


def split(text):
    return [text[s:e] for s, e in sentence_spans(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The fee was low for the U.S. But it mattered.", ["The fee was low for the U.S.", "But it mattered."]),
        ("They met on Feb. 3 in San Salvador. It went well.", ["They met on Feb. 3 in San Salvador.", "It went well."]),
        ("Sen. Bob Menendez met him on Jan. 5 in Washington. He left.", ["Sen. Bob Menendez met him on Jan. 5 in Washington.", "He left."]),
        ("“It is low for the U.S.,” Bukele said. Rubio agreed.", ["“It is low for the U.S.,” Bukele said.", "Rubio agreed."]),
        ("They built a mega-prison (CECOT). It is large.", ["They built a mega-prison (CECOT).", "It is large."]),
        ("“We offered it. We will do it.” He left.", ["“We offered it.", "We will do it.”", "He left."]),
    ],
)
def test_news_boundaries(text, expected):
    assert split(text) == expected


def test_no_sentence_crosses_a_paragraph():
    assert split("A short line without a stop\n\nNext paragraph. Done.") == ["A short line without a stop", "Next paragraph.", "Done."]


def test_body_sentence_counts_per_seed_article(seed_sentences):
    body = seed_sentences[seed_sentences["part"] == "body"]
    counts = body.groupby("article_id").size().to_dict()
    assert counts == {
        SEED_IDS["voz"]: 26,
        SEED_IDS["epoch"]: 15,
        SEED_IDS["productiveclue"]: 17,
        SEED_IDS["manilapr"]: 24,
        SEED_IDS["patriotmom"]: 24,
    }


def test_seed_sentences_match_the_hand_checked_fixture(seed_sentences):
    with FIXTURE.open(encoding="utf-8", newline="") as handle:
        expected = [(r["article_id"], r["text"]) for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]
    body = seed_sentences[seed_sentences["part"] == "body"]
    assert list(zip(body["article_id"], body["text"])) == expected


def test_headline_and_subtitle_come_first_and_are_marked(seed_sentences):
    voz = seed_sentences[seed_sentences["article_id"] == SEED_IDS["voz"]]
    assert voz["part"].tolist()[:3] == ["headline", "subtitle", "body"]
    assert voz["is_headline"].tolist()[:3] == [True, False, False]
    assert voz["sentence"].tolist() == list(range(len(voz)))
    # Articles with no known headline have no headline row.
    assert not seed_sentences[seed_sentences["article_id"] == SEED_IDS["productiveclue"]]["is_headline"].any()


def test_spans_index_the_text_of_their_part(seed_articles, seed_sentences):
    for row in seed_sentences.itertuples():
        assert seed_articles.loc[row.article_id, row.part][row.start : row.end] == row.text


def test_position_runs_from_zero_through_the_body(seed_articles, seed_sentences):
    body = seed_sentences[(seed_sentences["part"] == "body") & (seed_sentences["article_id"] == SEED_IDS["epoch"])]
    assert body["position"].iloc[0] == 0.0
    assert body["position"].is_monotonic_increasing
    last_start = body["start"].iloc[-1]
    assert body["position"].iloc[-1] == round(last_start / len(seed_articles.loc[SEED_IDS["epoch"], "body"]), 4)
    assert 0.9 < body["position"].iloc[-1] < 1.0


def test_spans_found_by_search_equal_blingfires_own_offsets(seed_articles):
    import blingfire

    from analysis.sentences import offsets_by_search, paragraph_spans

    for body in seed_articles["body"]:
        for start, end in paragraph_spans(body):
            paragraph = body[start:end]
            assert offsets_by_search(paragraph) == [
                trim for trim in (_trimmed(paragraph, s, e) for s, e in blingfire.text_to_sentences_and_offsets(paragraph)[1])
            ]


def _trimmed(text, start, end):
    from analysis.sentences import trim_span

    return trim_span(text, start, end)


def test_sentence_keys_are_equal_exactly_for_the_same_article_and_sentence():
    import pandas as pd

    from analysis.sentences import sentence_keys

    first = pd.DataFrame({"article_id": pd.Series(["a", "a", "b", "c"], dtype="str"), "sentence": [0, 12, 0, 3]})
    second = pd.DataFrame({"article_id": pd.Series(["b", "a", "d"], dtype=object), "sentence": [0, 12, 0]})
    one, two = sentence_keys(first, second)
    assert two[0] == one[2] and two[1] == one[1]  # b·0 and a·12, whatever the column's type
    assert len(set(one.tolist()) | {two[2]}) == 5  # a·0, a·12, b·0, c·3 and d·0 all differ
    # articles a, b, c, d in order of appearance, 13 numbers each (sentences 0–12): a·12 stays below b·0
    assert one.tolist() == [0, 12, 13, 2 * 13 + 3] and two.tolist() == [13, 12, 3 * 13]
