import numpy as np
import pandas as pd
import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis.errors import InputError
from analysis.intervals import bootstrap_mean_interval
from analysis.sentiment import (
    lexicon_analyzer,
    load_lexicon,
    polarity,
    score_sentences,
    sentiment_by_outlet,
)


def test_every_seed_score_is_vaders_exactly(seed_sentences):
    scored = score_sentences(seed_sentences)
    reference = SentimentIntensityAnalyzer()
    for row in scored.itertuples():
        assert {"neg": row.neg, "neu": row.neu, "pos": row.pos, "compound": row.compound} == reference.polarity_scores(row.text)


def test_polarity_thresholds_are_vaders():
    labels = polarity(pd.Series([0.05, 0.0499, 0.0, -0.0499, -0.05]))
    assert labels.tolist() == ["positive", "neutral", "neutral", "neutral", "negative"]


def test_bootstrap_is_deterministic_and_brackets_the_mean():
    values = np.array([-0.5, 0.0, 0.2, 0.4, 0.9])
    first = bootstrap_mean_interval(values, resamples=2000, seed=[1, 2])
    assert first == bootstrap_mean_interval(values, resamples=2000, seed=[1, 2])
    assert first[0] < values.mean() < first[1]
    assert bootstrap_mean_interval(np.array([0.3, 0.3, 0.3]), resamples=100, seed=1) == pytest.approx((0.3, 0.3))
    assert np.isnan(bootstrap_mean_interval(np.array([0.3]), resamples=100, seed=1)).all()


def test_outlet_summary_by_hand():
    scored = pd.DataFrame(
        {
            "article_id": ["a", "a", "a", "b", "c"],
            "outlet": ["X", "X", "X", "X", "Y"],
            "part": ["headline", "body", "body", "body", "body"],
            "compound": [0.9, 0.5, -0.5, 0.0, 0.2],
        }
    )
    table = sentiment_by_outlet(scored, resamples=2000).set_index("outlet")
    # X: body sentences 0.5, −0.5, 0.0 (the headline is not counted): mean 0, one of each polarity.
    assert table.loc["X", ["sentences", "mean_compound"]].tolist() == [3, 0.0]
    assert table.loc["X", ["share_positive", "share_neutral", "share_negative"]].tolist() == [0.3333, 0.3333, 0.3333]
    assert -0.5 <= table.loc["X", "ci_low"] < 0 < table.loc["X", "ci_high"] <= 0.5
    # One sentence: no interval.
    assert table.loc["Y", "sentences"] == 1 and np.isnan(table.loc["Y", "ci_low"])


def test_seed_outlet_summary_counts_body_sentences(seed_sentences):
    table = sentiment_by_outlet(score_sentences(seed_sentences))
    assert table["sentences"].tolist() == [26, 15, 17, 24, 24]
    shares = table[["share_positive", "share_neutral", "share_negative"]].sum(axis=1)
    assert np.allclose(shares, 1, atol=1e-3)
    assert (table["ci_low"] <= table["mean_compound"]).all() and (table["mean_compound"] <= table["ci_high"]).all()


def test_a_lexicon_file_in_vaders_format_is_read_and_a_bad_line_named(tmp_path):
    path = tmp_path / "lexicon.txt"
    path.write_text("# news words\nDecried\t-2.0\t0.5\t[-2, -2]\n\nhailed\t1.8\n", encoding="utf-8")
    assert load_lexicon(path) == {"decried": -2.0, "hailed": 1.8}
    path.write_text("decried\t-2.0\nhailed 1.8\n", encoding="utf-8")
    with pytest.raises(InputError, match="lexicon.txt, line 2: expected a token, a tab and a valence"):
        load_lexicon(path)


def test_a_lexicon_adds_its_own_column_and_leaves_vaders_compound_alone():
    sentences = pd.DataFrame({"text": ["Officials decried the deal.", "The deal was signed."], "language": ["en", "en"]})
    merged = score_sentences(sentences, lexicon=lexicon_analyzer({"decried": -2.0}))
    vader = SentimentIntensityAnalyzer()
    assert merged["compound"].tolist() == [vader.polarity_scores(t)["compound"] for t in sentences["text"]]
    assert merged.loc[0, "compound"] == 0.0 and merged.loc[0, "compound_lexicon"] < -0.3  # "decried" is not in VADER's lexicon
    assert merged.loc[1, "compound_lexicon"] == merged.loc[1, "compound"]
    replaced = score_sentences(sentences, lexicon=lexicon_analyzer({"signed": 2.0}, replaces=True))
    assert replaced["compound_lexicon"].tolist()[0] == 0.0 and replaced["compound_lexicon"].tolist()[1] > 0.3
    assert "compound_lexicon" not in score_sentences(sentences).columns



def test_vader_skips_its_emoji_pass_only_where_the_text_has_no_emoji():
    from analysis.sentiment import Vader

    texts = ["", "   ", "  The deal was a disaster.  ", "Great news 😀 for everyone", "ok😀😡bad", "😀", "Kind of good, but awful.",
             "NOT good!!!", "\u00a0It was “not bad” at all\u2009", "He said: 'it is GREAT' :) ", "Line one.\nLine two :("]
    vader, reference = Vader(), SentimentIntensityAnalyzer()
    for text in texts:
        assert vader.polarity_scores(text) == reference.polarity_scores(text), text
    assert vader.polarity_scores("Great news 😀")["compound"] != vader.polarity_scores("Great news")["compound"]  # the emoji counts


def test_rows_joined_to_their_sentence_scores_are_the_inner_merge_in_row_order():
    from analysis.sentences import sentence_keys
    from analysis.sentiment import scored_rows

    scored = pd.DataFrame({"article_id": pd.Series(["a", "a", "b", "b", "c"], dtype="str"), "outlet": pd.Series(["X", "X", "Y", "Y", "Z"], dtype="str"),
                           "sentence": [0, 1, 0, 1, 0], "part": "body", "compound": [0.1, float("nan"), 0.3, 0.4, 0.5]})
    rows = pd.DataFrame({"article_id": pd.Series(["b", "a", "a", "d", "c", "b"], dtype="str"), "sentence": [1, 1, 0, 0, 0, 1], "frame": list("fgffgg")})
    scored_keys, row_keys = sentence_keys(scored, rows)
    found, taken = scored_rows(scored_keys, scored["compound"].to_numpy(), row_keys)
    joined = rows.iloc[found].assign(outlet=scored["outlet"].array.take(taken), compound=scored["compound"].to_numpy()[taken])
    # a1 has no score, d is not a scored article
    assert joined[["article_id", "sentence", "frame", "outlet"]].values.tolist() == [["b", 1, "f", "Y"], ["a", 0, "f", "X"], ["c", 0, "g", "Z"], ["b", 1, "g", "Y"]]
    assert joined["compound"].tolist() == [0.4, 0.1, 0.5, 0.4]
    merged = rows.merge(scored[["article_id", "outlet", "sentence", "compound"]].dropna(subset=["compound"]), on=["article_id", "sentence"])
    assert joined.reset_index(drop=True).equals(merged)


def text(values: list[str]) -> pd.Series:
    return pd.Series(values, dtype="str")


def test_sentiment_by_frame_counts_each_sentence_once_per_frame_in_body_text_only():
    from analysis.sentiment import sentiment_by_frame

    scored = pd.DataFrame({"article_id": text(["b", "b", "b", "a", "a"]), "outlet": text(["Y", "Y", "Y", "X", "X"]),
                           "sentence": [0, 1, 2, 0, 1], "part": text(["headline", "body", "body", "body", "body"]),
                           "compound": [0.9, 0.5, -0.3, 0.2, float("nan")]})
    # b1 twice for "crime" (counted once), b0 is a headline, a1 has no score; "crime" in X only through a0.
    hits = pd.DataFrame({"article_id": text(["b", "b", "b", "b", "a", "a", "a"]), "sentence": [1, 1, 0, 2, 0, 0, 1],
                         "part": text(["body", "body", "headline", "body", "body", "body", "body"]),
                         "frame": text(["crime", "crime", "crime", "fee", "fee", "crime", "crime"])})
    seen = []
    table = sentiment_by_frame(scored, hits, interval=lambda values, clusters, **_: (seen.append(clusters.tolist()) or (-1.0, 1.0, "x")))
    assert table[["outlet", "frame", "sentences", "mean_compound"]].values.tolist() == [
        ["Y", "crime", 1, 0.5], ["Y", "fee", 1, -0.3], ["X", "fee", 1, 0.2], ["X", "crime", 1, 0.2]]
    assert seen == [[1], [1], [0], [0]]  # articles as their rank among the ids: a 0, b 1
