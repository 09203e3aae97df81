import csv

import pandas as pd
import pytest

from analysis.config import PROJECT_ROOT
from analysis.quotes import UNATTRIBUTED, quotations, quote_spans
from analysis.sentences import sentence_table
from analysis.speakers import load_quote_rules, load_speakers

SPEAKERS, RULES = load_speakers(), load_quote_rules()
GOLD = PROJECT_ROOT / "tests" / "fixtures" / "quotes_gold.tsv"
FLOOR = 0.9


def quotes_of(body, headline=""):
    articles = pd.DataFrame({"article_id": ["a"], "outlet": ["X"], "headline": [headline], "subtitle": [""], "body": [body]})
    return quotations(articles, sentence_table(articles), SPEAKERS, RULES)


def inner(text, **options):
    return [text[s:e] for s, e in quote_spans(text, **options)]


def test_curly_and_straight_double_quotes():
    assert inner('He said “yes” and "no" today.') == ["yes", "no"]


def test_single_quotes_only_where_asked_and_never_apostrophes():
    headline = "Rubio's 'extraordinary' deal: 'They will accept' it"
    assert inner(headline, single_quotes=True) == ["extraordinary", "They will accept"]
    assert inner(headline) == []


def test_unbalanced_marks_do_not_swallow_the_article():
    text = "He said “this and never closed it.\n\nA new paragraph with “a quote” in it."
    assert inner(text) == ["a quote"]
    assert inner('A stray ” mark, then "fine" text.') == ["fine"]


def test_quotation_runs_on_into_a_paragraph_that_opens_with_a_quote_mark():
    text = "“First part of a long quote.\n\n“Second part,” Rubio said."
    assert inner(text) == ["First part of a long quote.", "Second part,"]


def test_partial_quotes_inside_a_sentence_share_the_speaker():
    quotes = quotes_of("The Salvadoran president said the fee would be “relatively low for the U.S.” but “significant” enough.")
    assert quotes[["text", "kind", "speaker", "group"]].values.tolist() == [
        ["relatively low for the U.S.", "speech", "Nayib Bukele", "Salvadoran government"],
        ["significant", "speech", "Nayib Bukele", "Salvadoran government"],
    ]


def test_inverted_attribution_and_resumed_quotation():
    quotes = quotes_of('"[President Bukele] has agreed," said the Salvadoran president. "It is unprecedented." Later news followed.')
    assert quotes[["text", "speaker", "cue"]].values.tolist() == [
        ["[President Bukele] has agreed,", "Nayib Bukele", "said"],
        ["It is unprecedented.", "Nayib Bukele", "resumed"],
    ]


def test_pronoun_is_the_latest_named_speaker_not_the_latest_name():
    quotes = quotes_of("Rubio said that Bukele agreed, in what he called the “most unprecedented” agreement.")
    assert quotes[["speaker", "cue"]].values.tolist() == [["Marco Rubio", "called"]]


def test_scare_quotes_are_labels_without_speaker():
    quotes = quotes_of("Flores criticized the “safe third country” plan as a “dumping ground” for the U.S.")
    assert quotes[["text", "kind", "speaker"]].values.tolist() == [
        ["safe third country", "label", ""],
        ["dumping ground", "speech", "Manuel Flores"],
    ]


def test_a_short_quotation_no_one_is_said_to_say_is_the_outlets_label():
    quotes = quotes_of("The plan was “historic” for some. An anonymous voice added nothing.")
    assert quotes[["text", "kind", "speaker", "group", "how"]].values.tolist() == [["historic", "label", "", "", ""]]


def test_speech_without_a_speaker_stays_unattributed():
    quotes = quotes_of("“We will not accept this plan, not now and not later.” The crowd went home.")
    assert quotes[["kind", "speaker", "group", "how"]].values.tolist() == [["speech", UNATTRIBUTED, "", ""]]


def test_a_subject_that_is_no_name_or_role_is_not_guessed():
    quotes = quotes_of("“We object to all of it,” shouted somebody near the prison.")
    assert quotes["speaker"].tolist() == [UNATTRIBUTED]


def read_gold():
    with GOLD.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def extraction_and_attribution_scores(found: pd.DataFrame, gold: list[dict]) -> dict[str, float]:
    """Precision and recall of quotation extraction (article, text) and of speaker attribution (article, text, speaker)."""
    articles = {row["article_id"] for row in gold}
    found = found[found["article_id"].isin(articles)]
    predicted = list(zip(found["article_id"], found["text"]))
    expected = [(row["article_id"], row["text"]) for row in gold]
    matched = sum(min(predicted.count(q), expected.count(q)) for q in set(expected))
    said = [(a, t, s) for a, t, s in zip(found["article_id"], found["text"], found["speaker"]) if s and s != UNATTRIBUTED]
    gold_said = [(row["article_id"], row["text"], row["speaker"]) for row in gold if row["kind"] == "speech" and row["speaker"]]
    right = sum(min(said.count(q), gold_said.count(q)) for q in set(gold_said))
    return {
        "extraction_precision": matched / len(predicted), "extraction_recall": matched / len(expected),
        "attribution_precision": right / len(said), "attribution_recall": right / len(gold_said),
    }


def test_accuracy_on_the_hand_checked_seed_quotations(seed_articles, seed_sentences):
    """Gold: every quotation of all five seed articles, with kind and speaker, from a reading of the texts."""
    gold = read_gold()
    assert len({row["article_id"] for row in gold}) == 5 and len(gold) == 39
    found = quotations(seed_articles.reset_index(drop=True), seed_sentences, SPEAKERS, RULES)
    scores = extraction_and_attribution_scores(found, gold)
    print(scores)
    assert all(score >= FLOOR for score in scores.values()), scores
    kinds = dict(zip(zip(found["article_id"], found["text"]), found["kind"]))
    assert all(kinds[(row["article_id"], row["text"])] == row["kind"] for row in gold)


def test_scores_fall_when_the_extractor_is_wrong():
    gold = [{"article_id": "a", "text": "x", "kind": "speech", "speaker": "S"}, {"article_id": "a", "text": "y", "kind": "speech", "speaker": "S"}]
    found = pd.DataFrame({"article_id": ["a", "a"], "text": ["x", "z"], "speaker": ["S", "T"]})
    assert extraction_and_attribution_scores(found, gold) == pytest.approx(
        {"extraction_precision": 0.5, "extraction_recall": 0.5, "attribution_precision": 0.5, "attribution_recall": 0.5}
    )
