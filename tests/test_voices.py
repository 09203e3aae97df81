import pandas as pd

from analysis.codebook import load_codebook
from analysis.framing import frame_hits
from analysis.quotes import quotations
from analysis.sentences import sentence_table
from analysis.sentiment import score_sentences
from analysis.speakers import load_quote_rules, load_speakers
from analysis.voices import frames_by_voice, hit_voices, sentence_voices, sentiment_by_voice, voices_by_outlet, voices_by_speaker
from conftest import SEED_IDS

SPEAKERS = load_speakers()
BODY = "Bukele offered to outsource prisons. “We will outsource it for a fee,” Bukele said. The “safe third country” plan is illegal."


def tiny():
    articles = pd.DataFrame({"article_id": ["a"], "outlet": ["X"], "headline": [""], "subtitle": [""], "body": [BODY]})
    sentences = sentence_table(articles)
    quotes = quotations(articles, sentences, SPEAKERS, load_quote_rules())
    return articles, sentences, quotes


def test_sentence_voice_follows_the_quoted_share():
    _, sentences, quotes = tiny()
    voiced = sentence_voices(sentences, quotes)
    assert voiced["voice"].tolist() == ["narrative", "quotation", "narrative"]
    assert voiced["voice_speaker"].tolist() == ["", "Nayib Bukele", ""]
    assert 0.5 <= voiced["quoted_share"].iloc[1] < 1 and voiced["quoted_share"].iloc[0] == 0


def test_a_sentence_takes_the_voice_of_its_largest_quotation_and_the_earlier_on_a_tie():
    # Hand-placed spans: sentence 0 (0-10) half in quotation A (0-5); sentence 1 (10-30) holds B (12-18) and C (20-26),
    # six characters each: 12 of 20 quoted, and B, the earlier, speaks; sentence 2 (30-40) is 4/10 in C's run-on D
    # (36-40); article b's sentence has the same offsets but no quotation; A's label-kind twin never counts.
    sentences = pd.DataFrame({"article_id": ["a", "a", "a", "b"], "part": "body", "start": [0, 10, 30, 0], "end": [10, 30, 40, 10]})
    quotes = pd.DataFrame({"article_id": ["a", "a", "a", "a", "a"], "part": "body", "start": [20, 12, 0, 36, 0], "end": [26, 18, 5, 40, 5],
                           "kind": ["speech", "speech", "speech", "speech", "label"], "speaker": ["C", "B", "A", "D", ""], "group": "g"})
    voiced = sentence_voices(sentences, quotes)
    assert voiced["quoted_share"].tolist() == [0.5, 0.6, 0.4, 0.0]
    assert voiced["voice"].tolist() == ["quotation", "quotation", "narrative", "narrative"]
    assert voiced["voice_speaker"].tolist() == ["A", "B", "", ""] and voiced["voice_group"].tolist() == ["g", "g", "", ""]
    assert sentence_voices(sentences, quotes.iloc[:0])["voice"].tolist() == ["narrative"] * 4


def test_hits_are_narrative_quotation_or_label():
    articles, sentences, quotes = tiny()
    hits = hit_voices(frame_hits(articles, sentences, load_codebook()), quotes)
    assert hits[["matched", "voice", "voice_speaker"]].values.tolist() == [
        ["outsource", "narrative", ""],
        ["outsource", "quotation", "Nayib Bukele"],
        ["fee", "quotation", "Nayib Bukele"],
        ["safe third country", "label", ""],
        ["illegal", "narrative", ""],
    ]
    table = frames_by_voice(hits, load_codebook().frames).set_index(["frame", "voice"])
    assert table.loc[("transaction", "narrative"), "hits"] == 1
    assert table.loc[("transaction", "quotation"), ["voice_group", "hits", "share_of_frame"]].tolist() == ["Salvadoran government", 2, 0.6667]


def test_voices_by_outlet_shares_sum_to_one():
    _, _, quotes = tiny()
    words = pd.DataFrame({"outlet": ["X"], "words": [20]})
    table = voices_by_outlet(quotes, words, SPEAKERS).set_index("group")
    # "We will outsource it for a fee": 7 words of Bukele's among 20.
    assert table.loc["Salvadoran government", ["quotations", "words", "share_of_words"]].tolist() == [1, 7, 0.35]
    assert table.loc["outlet narrative", "words"] == 13
    assert table["share_of_words"].sum() == 1


def test_seed_voices(seed_articles, seed_sentences):
    articles = seed_articles.reset_index(drop=True)
    quotes = quotations(articles, seed_sentences, SPEAKERS, load_quote_rules())
    by_speaker = voices_by_speaker(quotes).set_index(["outlet", "speaker"])
    assert by_speaker.loc[("Voz.us", "Marco Rubio"), ["quotations", "in_headline"]].tolist() == [8, True]
    assert by_speaker.loc[("manilapr.com", "Manuel Flores"), "words"] == 2
    voiced = sentence_voices(score_sentences(seed_sentences), quotes)
    table = sentiment_by_voice(voiced).set_index(["outlet", "voice"])
    assert table.loc[("Voz.us", "narrative"), "sentences"] + table.loc[("Voz.us", "quotation"), "sentences"] == 26
    assert SEED_IDS["voz"] in set(voiced["article_id"])
