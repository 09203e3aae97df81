"""The key numbers of the write-up, computed from the study's tables (notebook 00).

Each function takes tables and returns a small DataFrame or dict, so every number the
findings quote is computed, never typed, and changes when the corpus does.
"""

from __future__ import annotations

import pandas as pd

from .study import StudyDescription
from .validation import pooled_scores
from .voices import LABEL, NARRATIVE, NARRATIVE_GROUP, QUOTATION

UNRATED = ("", "unrated")  # a blank leaning or the word "unrated" is no rating


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
    quoted = voices_by_outlet[voices_by_outlet["group"] != NARRATIVE_GROUP]
    table = quoted.groupby("group", sort=False).agg(quotations=("quotations", "sum"), words=("words", "sum"))
    total = table["words"].sum()
    return table.assign(share_of_quoted_words=(table["words"] / total).round(4) if total else 0.0).reset_index()


def outlet_profiles(frames_by_voice: pd.DataFrame, voices_by_outlet: pd.DataFrame) -> pd.DataFrame:
    """Per outlet, chart 11 in numbers: its framing hits, the share inside quotations, its quoted words and the
    speaker group with most of them (blank where it quotes nobody)."""
    framing = quoted_share_of_frames(frames_by_voice)
    quoted = voices_by_outlet[(voices_by_outlet["group"] != NARRATIVE_GROUP) & (voices_by_outlet["words"] > 0)]
    totals = quoted.groupby("outlet", sort=False)["words"].sum()
    top = quoted.sort_values("words", ascending=False, kind="stable").drop_duplicates("outlet").set_index("outlet")
    table = pd.DataFrame({
        "outlet": framing["outlet"],
        "framing_hits": framing[[NARRATIVE, LABEL, QUOTATION]].sum(axis=1),
        "quoted_share_of_framing": framing["quoted_share"],
        "quoted_words": framing["outlet"].map(totals).fillna(0).astype(int),
        "most_quoted_group": framing["outlet"].map(top["group"]).astype(object).fillna(""),
    })
    table["its_share_of_quoted_words"] = (framing["outlet"].map(top["words"]) / table["quoted_words"].replace(0, float("nan"))).round(4)
    return table


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


def pair_labels(pair: pd.Series) -> tuple[str, str]:
    """The two articles of a pair by outlet, with their ids where both are of one outlet."""
    if pair["outlet_a"] == pair["outlet_b"]:
        return f"{pair['outlet_a']} ({pair['article_a']})", f"{pair['outlet_b']} ({pair['article_b']})"
    return pair["outlet_a"], pair["outlet_b"]


def reuse_summary(reuse_pairs: pd.DataFrame, reuse_passages: pd.DataFrame) -> dict:
    """How much wording the articles share, and the most similar pair."""
    closest = reuse_pairs.loc[reuse_pairs["tfidf_cosine"].idxmax()] if len(reuse_pairs) else None
    return {
        "pairs": len(reuse_pairs),
        "pairs_sharing_passages": int((reuse_pairs["passages"] > 0).sum()),
        "passages": len(reuse_passages),
        "longest_passage_tokens": int(reuse_passages["tokens"].max()) if len(reuse_passages) else 0,
        "closest_pair": pair_labels(closest) if closest is not None else None,
        "closest_cosine": float(closest["tfidf_cosine"]) if closest is not None else None,
    }


def corpus_summary(articles: pd.DataFrame) -> dict:
    """Size of the corpus, how many articles each outlet has, and what is known of them."""
    per_outlet = articles["outlet"].value_counts()
    rated = ~articles["leaning"].fillna("").str.strip().str.lower().isin(UNRATED)
    return {
        "articles": len(articles), "outlets": int(per_outlet.size),
        "words": int(articles["words"].sum()), "sentences": int(articles["sentences"].sum()),
        "rewrites": int(articles["rewrite"].sum()),
        "rated_outlets": int(articles.loc[rated, "outlet"].nunique()),
        "fewest_articles": int(per_outlet.min()), "most_articles": int(per_outlet.max()),
        "undated": int((articles["published"].fillna("") == "").sum()),
        "no_headline": int((articles["headline"].fillna("") == "").sum()),
    }


def densest_frames(frames_by_outlet: pd.DataFrame) -> pd.DataFrame:
    """Per outlet with at least one framing hit: its densest frame and that frame's rate."""
    framed = frames_by_outlet[frames_by_outlet.groupby("outlet", sort=False)["hits"].transform("sum") > 0]
    top = framed.loc[framed.groupby("outlet", sort=False)["per_1000_words"].idxmax()]
    return top[["outlet", "frame", "label", "per_1000_words", "hits"]].reset_index(drop=True)


def densest_frame_sentence(frames_by_outlet: pd.DataFrame) -> str:
    """"X is the densest frame in k of n outlets", counting outlets without any hit apart."""
    outlets = frames_by_outlet["outlet"].nunique()
    top = densest_frames(frames_by_outlet)
    if top.empty:
        return f"No framing marker occurs in any of the {outlets} outlets."
    counts = top["label"].value_counts()
    unframed = outlets - len(top)
    tail = f"; {unframed} outlet{'s have' if unframed != 1 else ' has'} no framing hit at all" if unframed else ""
    return f"**{counts.index[0]}** is the densest frame in {counts.iloc[0]} of {outlets} outlets{tail}."


def frame_label(frames: pd.DataFrame, frame: str) -> str:
    return frames.set_index("frame").loc[frame, "label"]


def focus_frame(description: StudyDescription, frames_by_voice: pd.DataFrame, frames: pd.DataFrame) -> str:
    """The study's focus frame, else the frame with the most hits inside quotations (else the most hits)."""
    if description.focus_frame:
        return description.focus_frame
    order = {frame: i for i, frame in enumerate(frames["frame"])}
    quoted = frames_by_voice[frames_by_voice["voice"] == QUOTATION].groupby("frame")["hits"].sum()
    pool = quoted if quoted.sum() else frames_by_voice.groupby("frame")["hits"].sum()
    if not pool.sum():
        return frames["frame"].iloc[0]
    ranked = sorted(pool.items(), key=lambda item: (-item[1], order.get(item[0], len(order))))
    return ranked[0][0]


def evidence_frames(description: StudyDescription, frames_by_outlet: pd.DataFrame, count: int = 4) -> list[str]:
    """The study's evidence frames, else the ``count`` frames whose rates differ most between outlets."""
    if description.evidence_frames:
        return list(description.evidence_frames)
    used = frames_by_outlet[frames_by_outlet.groupby("frame", sort=False)["hits"].transform("sum") > 0]
    spread = used.groupby("frame", sort=False)["per_1000_words"].agg(lambda rates: rates.max() - rates.min())
    return spread.sort_values(ascending=False, kind="stable").head(count).index.tolist()


def story_phrases(description: StudyDescription, terms_by_outlet: pd.DataFrame, count: int = 8) -> list[str]:
    """The study's phrases, else the corpus's ``count`` most frequent bigrams and trigrams."""
    if description.phrases:
        return list(description.phrases)
    phrases = terms_by_outlet[terms_by_outlet["n"] >= 2].groupby("term", sort=False)["count"].sum()
    return phrases.sort_values(ascending=False, kind="stable").head(count).index.tolist()


def study_title(description: StudyDescription, articles: pd.DataFrame, corpus: str) -> str:
    return description.title or f"How {articles['outlet'].nunique()} outlets covered the story of corpus '{corpus}'"


def limitations(description: StudyDescription, articles: pd.DataFrame) -> list[str]:
    """The study's own limitations, else the ones every corpus shares, with its numbers."""
    if description.limitations:
        return list(description.limitations)
    summary = corpus_summary(articles)
    size = (
        f"**{summary['articles']} articles from {summary['outlets']} outlets** "
        f"({summary['fewest_articles']} to {summary['most_articles']} per outlet). "
        + ("Every difference between outlets is a difference between single texts. " if summary["most_articles"] == 1 else
           "Intervals resample articles where an outlet has several; outlets with one article are single texts. ")
        + "Nothing here says how an outlet usually covers such events."
    )
    return [
        size,
        "**Lexicon-based framing.** Frames are counted through the codebook's markers: a marker can fire out of its frame "
        "and a frame can be expressed without any marker. Every hit is listed with its context in `tables/frame_hits.csv`.",
        "**VADER on news.** VADER scores words, not stances: crime vocabulary reads negative whatever the stance, and "
        "quoted words count as the outlet's. Read the sentences behind each number (notebook 03).",
        "**Rule-based quotations.** Quotations and speakers are found by rules (`analysis/quotes.py`); `tables/quotes.csv` "
        "says how each speaker was found. Check the unattributed ones before comparing voices.",
        "**Reuse is verbatim only.** Passages are runs of identical tokens; paraphrase shows only in the similarity scores.",
    ]


def language_comparison(articles: pd.DataFrame, frames_by_article: pd.DataFrame, quotes: pd.DataFrame, frames: pd.DataFrame,
                        sentiment_by_outlet: pd.DataFrame) -> pd.DataFrame:
    """The corpus's languages side by side (empty with one language): articles, outlets and words; each frame's
    hits per 1,000 body words; the share of quoted speech from each speaker group; mean sentence tone where
    the language has a validated lexicon, else "not scored". One column per language, one row per measure."""
    if "language" not in articles or articles["language"].nunique() < 2:
        return pd.DataFrame()
    language_of = articles.set_index("article_id")["language"]
    columns = {}
    for language, group in articles.groupby("language", sort=True):
        words = int(group["words"].sum())
        column = {"articles": len(group), "outlets": group["outlet"].nunique(), "body words": words}
        hits = frames_by_article[frames_by_article["article_id"].map(language_of) == language].groupby("frame")["hits"].sum()
        for frame, label in zip(frames["frame"], frames["label"]):
            column[f"{label} (hits per 1,000 words)"] = round(1000 * hits.get(frame, 0) / words, 1) if words else float("nan")
        speech = quotes[(quotes["article_id"].map(language_of) == language) & (quotes["kind"] == "speech")]
        column["quotations"] = len(speech)
        for speaker_group, share in speech["group"].replace("", "unattributed").value_counts(normalize=True).items():
            column[f"share of quotations: {speaker_group}"] = round(float(share), 2)
        scored = sentiment_by_outlet[sentiment_by_outlet["outlet"].isin(set(group["outlet"]))]
        column["mean sentence tone (VADER)"] = (round(float((scored["mean_compound"] * scored["sentences"]).sum() / scored["sentences"].sum()), 3)
                                                if len(scored) else "not scored")
        columns[language] = column
    return pd.DataFrame(columns, dtype=object).fillna(0)


def interval_text(value: float, low: float, high: float) -> str:
    return "undefined" if pd.isna(value) else f"{value:.2f} [{low:.2f}, {high:.2f}]"


def measurement_quality(frames_by_outlet: pd.DataFrame, frame_scores: pd.DataFrame, agreement: pd.DataFrame) -> pd.DataFrame:
    """Each frame's prevalence beside how well it was measured: hits in the corpus, then the current codebook's
    precision and recall against the coders (pooled, 95% intervals) and Krippendorff's alpha between coders."""
    hits = frames_by_outlet.groupby(["frame", "label"], sort=False).agg(hits=("hits", "sum"), outlets_with_hits=("hits", lambda h: int((h > 0).sum())))
    pooled = pooled_scores(frame_scores, latest=True).set_index("frame")
    alpha = agreement.set_index("variable")["alpha_between_coders"]
    table = hits.reset_index()
    for measure in ("precision", "recall"):
        table[measure] = [interval_text(*pooled.loc[frame, [measure, f"{measure}_low", f"{measure}_high"]]) if frame in pooled.index else "not coded"
                          for frame in table["frame"]]
    table["alpha_between_coders"] = table["frame"].map(alpha).round(2)
    return table.drop(columns="frame")


def validation_limitation(frame_scores: pd.DataFrame, tone: pd.DataFrame, coders: int) -> str:
    """One limitation with the validation's numbers: the range of precision and recall, and VADER's agreement."""
    pooled = pooled_scores(frame_scores, latest=True)
    def extreme(measure: str) -> str:
        defined = pooled.dropna(subset=[measure]).sort_values(measure)
        low, high = defined.iloc[0], defined.iloc[-1]
        return f"{measure} from {low[measure]:.2f} ({low['frame']}) to {high[measure]:.2f} ({high['frame']})"
    overall = tone[tone["outlet"] == "all outlets"]
    return (f"**Validated against {coders} coder(s)** (notebook 06): the codebook's {extreme('precision')}, {extreme('recall')}; "
            f"VADER's tone class matches the coders' on {overall['accuracy'].mean():.0%} of sentences (linearly weighted kappa "
            f"{overall['weighted_kappa'].mean():.2f}), so the tone charts measure vocabulary more than stance.")
