"""The key numbers of the write-up, computed from the study's tables (notebook 00).

Each function takes tables and returns a small DataFrame or dict, so every number the
findings quote is computed, never typed, and changes when the corpus does.
"""

from __future__ import annotations

import pandas as pd

from .voices import LABEL, NARRATIVE, QUOTATION


def frame_leaders(frames_by_outlet: pd.DataFrame) -> pd.DataFrame:
    """Per frame: the outlet that uses it most densely, its rate, and how many outlets use it at all."""
    used = frames_by_outlet.assign(uses=frames_by_outlet["hits"] > 0)
    leaders = used.loc[used.groupby("frame", sort=False)["per_1000_words"].idxmax()]
    outlets_using = used.groupby("frame", sort=False)["uses"].sum()
    table = leaders[["frame", "label", "outlet", "per_1000_words", "hits"]].rename(columns={"outlet": "leader"})
    return table.assign(outlets_using=table["frame"].map(outlets_using).astype(int)).reset_index(drop=True)


def quoted_share_of_frames(frames_by_voice: pd.DataFrame) -> pd.DataFrame:
    """Per outlet: body framing hits in its own narrative, in labels, in quotations, and the quoted share."""
    table = frames_by_voice.pivot_table(index="outlet", columns="voice", values="hits", aggfunc="sum", fill_value=0, sort=False)
    table = table.reindex(columns=[NARRATIVE, LABEL, QUOTATION], fill_value=0)
    table["quoted_share"] = (table[QUOTATION] / table.sum(axis=1)).round(4)
    return table.reset_index()


def frame_voice(frames_by_voice: pd.DataFrame, frame: str) -> pd.DataFrame:
    """Per outlet, one frame's hits by voice: is the frame the outlet's words or its sources'?"""
    subset = frames_by_voice[frames_by_voice["frame"] == frame]
    return subset.pivot_table(index="outlet", columns="voice", values="hits", aggfunc="sum", fill_value=0, sort=False).reset_index()


def speaking_shares(voices_by_outlet: pd.DataFrame) -> pd.DataFrame:
    """Quoted words by speaker group over the whole corpus, and their share of all quoted words."""
    quoted = voices_by_outlet[voices_by_outlet["group"] != "outlet narrative"]
    table = quoted.groupby("group", sort=False).agg(quotations=("quotations", "sum"), words=("words", "sum"))
    total = table["words"].sum()
    return table.assign(share_of_quoted_words=(table["words"] / total).round(4) if total else 0.0).reset_index()


def tone_summary(sentiment_by_outlet: pd.DataFrame) -> dict:
    """Range of outlet means, and how many 95% intervals include zero."""
    crossing = (sentiment_by_outlet["ci_low"] < 0) & (sentiment_by_outlet["ci_high"] > 0)
    lowest = sentiment_by_outlet.loc[sentiment_by_outlet["mean_compound"].idxmin()]
    highest = sentiment_by_outlet.loc[sentiment_by_outlet["mean_compound"].idxmax()]
    return {
        "outlets": len(sentiment_by_outlet),
        "intervals_including_zero": int(crossing.sum()),
        "lowest_outlet": lowest["outlet"], "lowest_mean": float(lowest["mean_compound"]),
        "highest_outlet": highest["outlet"], "highest_mean": float(highest["mean_compound"]),
    }


def top_distinctive(keyness: pd.DataFrame, max_n: int = 2) -> pd.DataFrame:
    """Each outlet's most distinctive unigram or bigram by log-odds z."""
    ranked = keyness[keyness["n"] <= max_n].sort_values("z", ascending=False, kind="stable")
    first = ranked.groupby("outlet", sort=False).head(1)
    order = {outlet: i for i, outlet in enumerate(keyness["outlet"].unique())}
    return first.sort_values("outlet", key=lambda c: c.map(order))[["outlet", "term", "count", "count_rest", "z"]].reset_index(drop=True)


def leading_frames(frames_by_outlet: pd.DataFrame) -> pd.DataFrame:
    """Per outlet: the frames in its headline and the frames in its lead (first three sentences)."""
    rows = []
    for outlet, group in frames_by_outlet.groupby("outlet", sort=False):
        rows.append(
            {
                "outlet": outlet,
                "in_headline": ", ".join(group.loc[group["in_headline"], "label"]) or "—",
                "in_lead": ", ".join(group.loc[group["in_lead"], "label"]) or "—",
            }
        )
    return pd.DataFrame(rows)


def reuse_summary(reuse_pairs: pd.DataFrame, reuse_passages: pd.DataFrame) -> dict:
    """How much wording the articles share, and the most similar pair."""
    closest = reuse_pairs.loc[reuse_pairs["tfidf_cosine"].idxmax()] if len(reuse_pairs) else None
    return {
        "pairs": len(reuse_pairs),
        "pairs_sharing_passages": int((reuse_pairs["passages"] > 0).sum()),
        "passages": len(reuse_passages),
        "longest_passage_tokens": int(reuse_passages["tokens"].max()) if len(reuse_passages) else 0,
        "closest_pair": (closest["outlet_a"], closest["outlet_b"]) if closest is not None else None,
        "closest_cosine": float(closest["tfidf_cosine"]) if closest is not None else None,
    }
