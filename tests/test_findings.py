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
    assert leaders.loc["dumping_ground", "outlets_using"] == 3
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
