import pandas as pd
import pytest

from analysis import findings
from analysis.config import SEEDS_DIR
from analysis.pipeline import build_tables


@pytest.fixture(scope="module")
def tables():
    return build_tables(SEEDS_DIR, whole_article_contrast=False)


def test_frame_leaders_by_hand():
    table = pd.DataFrame(
        {"outlet": ["X", "Y", "X", "Y"], "frame": ["a", "a", "b", "b"], "label": ["A", "A", "B", "B"],
         "per_1000_words": [2.0, 5.0, 0.0, 0.0], "hits": [1, 3, 0, 0]}
    )
    leaders = findings.frame_leaders(table).set_index("frame")
    assert leaders.loc["a", ["leader", "per_1000_words", "outlets_using"]].tolist() == ["Y", 5.0, 2]
    assert leaders.loc["b", "outlets_using"] == 0


def test_seed_findings(tables):
    leaders = findings.frame_leaders(tables["frames_by_outlet"]).set_index("frame")
    assert leaders.loc["china_geopolitics", "leader"] == "The Epoch Times"
    assert leaders.loc["dumping_ground", "outlets_using"] == 2  # 3 before "pressur*" left the codebook (validation)
    shares = findings.speaking_shares(tables["voices_by_outlet"]).set_index("group")
    assert shares.loc["critics and rights groups", "words"] == 2
    assert shares["share_of_quoted_words"].sum() == pytest.approx(1, abs=1e-3)
    tone = findings.tone_summary(tables["sentiment_by_outlet"])
    assert tone["intervals_including_zero"] == 5 and tone["lowest_outlet"] == "productiveclue.com"
    top = findings.top_distinctive(tables["keyness"]).set_index("outlet")
    assert top.loc["manilapr.com", "term"] == "undocumented"
    reuse = findings.reuse_summary(tables["reuse_pairs"], tables["reuse_passages"])
    assert (reuse["passages"], reuse["pairs_sharing_passages"], reuse["longest_passage_tokens"]) == (4, 4, 12)
    voiced = findings.quoted_share_of_frames(tables["frames_by_voice"]).set_index("outlet")
    assert voiced.loc["productiveclue.com", "quotation"] == 1
    lead = findings.leading_frames(tables["frames_by_outlet"]).set_index("outlet")
    assert "Crime and security" in lead.loc["Voz.us", "in_headline"]


from analysis.study import StudyDescription  # noqa: E402

RATES = pd.DataFrame(
    {"outlet": ["X", "X", "Y", "Y", "Z", "Z"], "frame": ["a", "b"] * 3, "label": ["A", "B"] * 3,
     "per_1000_words": [4.0, 1.0, 0.5, 3.0, 0.0, 0.0], "hits": [4, 1, 1, 6, 0, 0]}
)


def test_densest_frame_counts_only_outlets_with_hits():
    assert findings.densest_frames(RATES)[["outlet", "frame"]].values.tolist() == [["X", "a"], ["Y", "b"]]
    assert findings.densest_frame_sentence(RATES) == "**A** is the densest frame in 1 of 3 outlets; 1 outlet has no framing hit at all."


def test_corpus_summary_counts_rated_outlets_not_blank_or_unrated_leanings():
    articles = pd.DataFrame({
        "outlet": ["X", "X", "Y", "Z"], "leaning": ["left", "left", "", "Unrated"], "words": [10, 20, 30, 40],
        "sentences": [1, 2, 3, 4], "rewrite": [False, True, False, False], "published": ["2025-01-01", "", "", ""],
        "headline": ["H", "", "H", "H"],
    })
    summary = findings.corpus_summary(articles)
    assert (summary["rated_outlets"], summary["outlets"], summary["most_articles"], summary["fewest_articles"]) == (1, 3, 2, 1)
    assert (summary["words"], summary["rewrites"], summary["undated"], summary["no_headline"]) == (100, 1, 3, 1)


def test_defaults_come_from_the_data_when_the_study_names_none():
    by_voice = pd.DataFrame({"frame": ["a", "b", "b"], "voice": ["quotation", "narrative", "quotation"], "hits": [1, 5, 2]})
    frames = pd.DataFrame({"frame": ["a", "b"], "label": ["A", "B"]})
    assert findings.focus_frame(StudyDescription(), by_voice, frames) == "b"  # most hits inside quotations
    assert findings.focus_frame(StudyDescription(focus_frame="a"), by_voice, frames) == "a"
    assert findings.evidence_frames(StudyDescription(), RATES, count=1) == ["a"]  # rates 4.0 to 0.0 differ most
    terms = pd.DataFrame({"term": ["fee", "low fee", "the deal"], "n": [1, 2, 2], "count": [9, 3, 4]})
    assert findings.story_phrases(StudyDescription(), terms, count=2) == ["the deal", "low fee"]
    assert findings.story_phrases(StudyDescription(phrases=("x",)), terms) == ["x"]


def test_limitations_without_a_study_description_carry_the_corpus_numbers():
    articles = pd.DataFrame({"outlet": ["X", "X", "Y"], "leaning": [""] * 3, "words": [1] * 3, "sentences": [1] * 3,
                             "rewrite": [False] * 3, "published": [""] * 3, "headline": [""] * 3})
    first = findings.limitations(StudyDescription(), articles)[0]
    assert first.startswith("**3 articles from 2 outlets** (1 to 2 per outlet). Intervals resample articles")
    assert findings.limitations(StudyDescription(limitations=("Own.",)), articles) == ["Own."]


def test_the_closest_pair_names_articles_when_both_are_of_one_outlet():
    pairs = pd.DataFrame({"outlet_a": ["M"], "article_a": ["06"], "outlet_b": ["M"], "article_b": ["07"], "tfidf_cosine": [0.4], "passages": [1]})
    passages = pd.DataFrame({"tokens": [9]})
    assert findings.reuse_summary(pairs, passages)["closest_pair"] == ("M (06)", "M (07)")


FRAME_SCORES = pd.DataFrame({
    "codebook": ["sampled", "sampled", "current", "current"], "frame": ["a", "b", "a", "b"], "coder": "all coders",
    "precision": [0.5, float("nan"), 0.75, float("nan")], "precision_low": [0.2, float("nan"), 0.5, float("nan")],
    "precision_high": [0.8, float("nan"), 1.0, float("nan")], "recall": [1.0, 0.0, 0.6, 0.25], "recall_low": [1.0, 0.0, 0.3, 0.0],
    "recall_high": [1.0, 0.0, 0.9, 0.5],
})
AGREEMENT = pd.DataFrame({"variable": ["a", "b", "tone"], "alpha_between_coders": [0.8123, float("nan"), 0.9]})


def test_each_frames_prevalence_sits_beside_how_well_the_current_codebook_measured_it():
    table = findings.measurement_quality(RATES, FRAME_SCORES, AGREEMENT).set_index("label")
    assert table.loc["A", ["hits", "outlets_with_hits", "precision", "recall"]].tolist() == [5, 2, "0.75 [0.50, 1.00]", "0.60 [0.30, 0.90]"]  # X 4 + Y 1 hits
    assert table.loc["B", "precision"] == "undefined" and table.loc["B", "recall"] == "0.25 [0.00, 0.50]"
    assert table.loc["A", "alpha_between_coders"] == 0.81


def test_the_validation_limitation_quotes_the_range_and_vaders_agreement():
    tone = pd.DataFrame({"score": "vader", "coder": ["A", "B"], "outlet": "all outlets", "accuracy": [0.4, 0.5], "weighted_kappa": [0.1, 0.2]})
    line = findings.validation_limitation(FRAME_SCORES, tone, 2)
    assert "precision from 0.75 (a) to 0.75 (a), recall from 0.25 (b) to 0.60 (a)" in line
    assert "on 45% of sentences (linearly weighted kappa 0.15)" in line



def test_outlet_profiles_put_each_outlets_quoted_framing_beside_whom_it_quotes(tables):
    profiles = findings.outlet_profiles(tables["frames_by_voice"], tables["voices_by_outlet"]).set_index("outlet")
    voz = profiles.loc["Voz.us"]
    assert (voz["framing_hits"], voz["quoted_share_of_framing"], voz["quoted_words"]) == (62, round(26 / 62, 4), 246)
    assert (voz["most_quoted_group"], voz["its_share_of_quoted_words"]) == ("US government", round(164 / 246, 4))
    assert profiles.loc["productiveclue.com", "most_quoted_group"] == "Salvadoran government"
    by_hand = pd.DataFrame({"outlet": ["A", "B"], "frame": ["x", "x"], "voice": ["narrative", "narrative"], "hits": [2, 1]})
    voices = pd.DataFrame({"outlet": ["A", "B"], "group": ["outlet narrative", "officials"], "quotations": [0, 1], "words": [100, 0]})
    quiet = findings.outlet_profiles(by_hand, voices).set_index("outlet")
    assert quiet.loc["A", "quoted_words"] == 0 and quiet.loc["A", "most_quoted_group"] == "" and pd.isna(quiet.loc["A", "its_share_of_quoted_words"])
