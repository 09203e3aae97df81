import pandas as pd
import pytest

from analysis.codebook import Codebook, load_codebook, marker_pattern
from analysis.framing import compile_markers, find_markers, frame_hits, frames_by_article, frames_by_outlet
from analysis.tokens import count_words
from conftest import SEED_IDS

CODEBOOK = load_codebook()


@pytest.fixture(scope="module")
def seed_hits(seed_articles, seed_sentences):
    return frame_hits(seed_articles.reset_index(drop=True), seed_sentences, CODEBOOK)


def test_hand_counted_markers(seed_hits):
    per_outlet = seed_hits.groupby(["marker", "outlet"]).size()
    assert per_outlet["dumping ground"].to_dict() == {"manilapr.com": 1}
    assert per_outlet["human rights"].to_dict() == {"productiveclue.com": 2, "patriotmomdigest.com": 1}
    assert per_outlet["safe third country"].to_dict() == {"manilapr.com": 2}


def test_longest_match_wins_and_nothing_is_counted_twice(seed_hits):
    epoch = seed_hits[seed_hits["article_id"] == SEED_IDS["epoch"]]
    harsh = epoch[epoch["marker"] == "harsh and dangerous"]
    assert harsh["matched"].tolist() == ["harsh and dangerous"]
    start, end = harsh[["start", "end"]].iloc[0]
    overlapping = epoch[(epoch["part"] == "body") & (epoch["start"] < end) & (epoch["end"] > start)]
    assert len(overlapping) == 1  # not also "dangerous" (crime_security)


def test_find_markers_prefers_the_longest_overlap():
    codebook = Codebook(
        frames=pd.DataFrame({"frame": ["a", "b"]}),
        markers=pd.DataFrame(
            [{"frame": "a", "marker": "rights"}, {"frame": "b", "marker": "human rights"}, {"frame": "a", "marker": "re:rights and"}]
        ).assign(pattern=lambda m: m["marker"].map(marker_pattern)),
    )
    compiled = compile_markers(codebook)
    # "rights and" (10 chars) loses to "human rights" (12) where they overlap; "rights" stands alone later.
    assert find_markers("Human rights and rights.", compiled) == [(0, 12, "b", "human rights"), (17, 23, "a", "rights")]
    assert find_markers("Xrights, rights_x, rights", compiled) == [(19, 25, "a", "rights")]  # whole words only


def test_every_hit_is_traceable_to_its_text(seed_articles, seed_hits, seed_sentences):
    for hit in seed_hits.itertuples():
        text = seed_articles.loc[hit.article_id, hit.part]
        assert text[hit.start : hit.end] == hit.matched
        sentence = seed_sentences[(seed_sentences["article_id"] == hit.article_id) & (seed_sentences["sentence"] == hit.sentence)].iloc[0]
        assert sentence["start"] <= hit.start and hit.end <= sentence["end"]
        assert hit.matched in sentence["text"]


def test_keyword_in_context(seed_hits):
    dumping = seed_hits[seed_hits["marker"] == "dumping ground"].iloc[0]
    assert dumping["left"].endswith("characterizing it as making the region a “")
    assert dumping["right"].startswith("” for the U.S.")


def test_headline_hits_are_marked(seed_hits):
    voz_headline = seed_hits[(seed_hits["article_id"] == SEED_IDS["voz"]) & (seed_hits["part"] == "headline")]
    assert sorted(voz_headline["matched"]) == ["criminals", "dangerous", "extraordinary"]


def tiny_corpus_tables():
    articles = pd.DataFrame(
        {
            "article_id": ["a"], "outlet": ["X"], "headline": ["Gangs and fees"], "subtitle": [""],
            "body": ["Rubio met Bukele. The fee is low. Gang members go to CECOT. Critics object."],
        }
    )
    from analysis.sentences import sentence_table

    sentences = sentence_table(articles)
    return articles, sentences


def test_outlet_summary_by_hand():
    articles, sentences = tiny_corpus_tables()
    hits = frame_hits(articles, sentences, CODEBOOK)
    assert hits[["part", "sentence", "matched"]].values.tolist() == [
        ["headline", 0, "Gangs"], ["headline", 0, "fees"],
        ["body", 2, "fee"], ["body", 3, "Gang"], ["body", 3, "CECOT"],
    ]
    # rubio met bukele the fee is low gang members go to cecot critics object: 14 words, 4 body sentences
    assert count_words(articles.loc[0, "body"]) == 14
    summary = pd.DataFrame({"article_id": [articles.loc[0, "article_id"]], "outlet": ["X"], "words": [14], "sentences": [4]})
    by_article = frames_by_article(hits, sentences, CODEBOOK)
    table = frames_by_outlet(by_article, summary, CODEBOOK).set_index("frame")
    crime = table.loc["crime_security"]
    assert crime["hits"] == 2 and crime["sentences_with_frame"] == 1
    assert crime["per_1000_words"] == pytest.approx(1000 * 2 / 14, abs=1e-3)
    assert crime["share_of_sentences"] == 0.25
    assert bool(crime["in_headline"]) and bool(crime["in_lead"])  # sentence 3 is the third body sentence
    body_positions = sentences.set_index("sentence")["position"]
    assert crime["first_position_mean"] == body_positions[3]
    transaction = table.loc["transaction"]
    assert transaction["hits"] == 1 and transaction["first_position_mean"] == body_positions[2]
    assert table.loc["nuclear", ["hits", "in_headline", "in_lead"]].tolist() == [0, False, False]
    assert pd.isna(table.loc["nuclear", "first_position_mean"])
