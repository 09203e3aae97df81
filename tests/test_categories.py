import pandas as pd
import pytest

from analysis.categories import as_categories, joined_categories, with_texts
from analysis.codebook import load_codebook
from analysis.framing import frame_hits, frames_by_article
from analysis.pipeline import HIT_SUMMARY_COLUMNS, SCORE_COLUMNS
from analysis.quotes import quotations
from analysis.sentiment import (
    score_sentences,
    sentiment_by_article,
    sentiment_by_frame,
    sentiment_by_outlet,
)
from analysis.speakers import load_quote_rules, load_speakers
from analysis.voices import (
    frames_by_voice,
    hit_voices,
    sentence_voices,
    sentiment_by_voice,
)


def text(values: list[str]) -> pd.Series:
    return pd.Series(values, dtype="str")


def test_parts_are_joined_with_the_union_of_their_categories_sorted_and_ids_stay_texts():
    parts = [pd.DataFrame({"article_id": text(ids), "outlet": text(outlets), "compound": values})
             for ids, outlets, values in [(["z1", "z1"], ["Zeta", "Zeta"], [0.1, 0.2]), ([], [], []), (["a2"], ["Alpha"], [0.3])]]
    joined = joined_categories([as_categories(part) for part in parts])
    assert joined["outlet"].cat.categories.tolist() == ["Alpha", "Zeta"]
    assert joined["outlet"].tolist() == ["Zeta", "Zeta", "Alpha"] and joined["compound"].tolist() == [0.1, 0.2, 0.3]
    assert joined["article_id"].dtype == "str"
    pd.testing.assert_frame_equal(with_texts(joined), pd.concat(parts, ignore_index=True))


def test_only_empty_parts_give_an_empty_table_with_the_columns():
    empty = as_categories(pd.DataFrame({"article_id": text([]), "outlet": text([]), "compound": pd.Series([], dtype=float)}))
    assert joined_categories([empty, empty]).columns.tolist() == ["article_id", "outlet", "compound"]


@pytest.fixture(scope="module")
def seed_summaries_inputs(seed_articles, seed_sentences):
    """The seeds' scores and hit summary as the pipeline holds them, with voices: five outlets whose first articles
    do not come in alphabetical order."""
    articles = seed_articles.reset_index(drop=True)
    speakers = load_speakers()
    quotes = quotations(articles, seed_sentences, speakers, load_quote_rules())
    scores = sentence_voices(score_sentences(seed_sentences), quotes)[SCORE_COLUMNS]
    hits = hit_voices(frame_hits(articles, seed_sentences, load_codebook()), quotes)[HIT_SUMMARY_COLUMNS]
    assert scores["outlet"].unique().tolist() != sorted(scores["outlet"].unique())
    return scores, hits


def test_the_summaries_are_the_same_from_categories_as_from_texts(seed_summaries_inputs):
    scores, hits = seed_summaries_inputs
    codebook = load_codebook()
    summaries = {
        "sentiment_by_article": lambda s, h: sentiment_by_article(s), "sentiment_by_outlet": lambda s, h: sentiment_by_outlet(s, resamples=50),
        "sentiment_by_voice": lambda s, h: sentiment_by_voice(s), "frames_by_voice": lambda s, h: frames_by_voice(h, codebook.frames),
        "frames_by_article": lambda s, h: frames_by_article(h, s, codebook), "sentiment_by_frame": lambda s, h: sentiment_by_frame(s, h, resamples=50),
    }
    for name, summary in summaries.items():
        from_texts = summary(scores, hits)
        assert len(from_texts) > 4, name
        pd.testing.assert_frame_equal(with_texts(summary(as_categories(scores), as_categories(hits))), from_texts, obj=name)
