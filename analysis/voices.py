"""Whose voice each sentence and framing hit is in, and how much each speaker group gets to say.

The *voice* of a span of text is ``narrative`` (the outlet's own words), ``quotation``
(inside a quotation of speech, with its speaker and group) or ``label`` (inside scare
quotes, which the outlet uses in its own narration). A sentence is in the voice of a
quotation when at least half of its characters are quoted speech; ``quoted_share``
gives the exact share.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .quotes import LABEL, SPEECH, UNATTRIBUTED
from .sentiment import OUTLET_SENTIMENT_COLUMNS, sentiment_by_outlet
from .speakers import UNLISTED, Speakers

NARRATIVE, QUOTATION = "narrative", "quotation"
QUOTED_MAJORITY = 0.5
NARRATIVE_GROUP = "outlet narrative"


def quoted_spans_by_text(quotes: pd.DataFrame) -> dict[tuple[str, str], tuple[np.ndarray, np.ndarray, pd.DataFrame]]:
    """For each (article, part): the sorted starts and ends of its speech quotations, and the rows."""
    speech = quotes[quotes["kind"] == SPEECH].sort_values(["article_id", "part", "start"])
    return {
        key: (group["start"].to_numpy(), group["end"].to_numpy(), group)
        for key, group in speech.groupby(["article_id", "part"], sort=False)
    }


def sentence_voices(sentences: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """The sentence table with ``quoted_share``, ``voice``, ``voice_speaker`` and ``voice_group``."""
    spans = quoted_spans_by_text(quotes)
    shares, voices, speakers, groups = [], [], [], []
    for article_id, part, start, end in sentences[["article_id", "part", "start", "end"]].itertuples(index=False):
        quote_starts, quote_ends, rows = spans.get((article_id, part), (None, None, None))
        covered = np.zeros(0) if quote_starts is None else np.clip(np.minimum(quote_ends, end) - np.maximum(quote_starts, start), 0, None)
        share = float(covered.sum()) / max(1, end - start)
        shares.append(round(min(share, 1.0), 4))
        if share >= QUOTED_MAJORITY:
            main = rows.iloc[int(np.argmax(covered))]
            voices.append(QUOTATION)
            speakers.append(main["speaker"])
            groups.append(main["group"])
        else:
            voices.append(NARRATIVE)
            speakers.append("")
            groups.append("")
    return sentences.assign(quoted_share=shares, voice=voices, voice_speaker=speakers, voice_group=groups)


def hit_voices(hits: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """Framing hits with ``voice``, ``voice_speaker`` and ``voice_group``: whose words carry the marker.

    Quotations never overlap, so the only one that can hold a hit is the last to start
    at or before it (``merge_asof``); it holds the hit if it also ends after it.
    """
    if hits.empty:
        return hits.assign(**{column: pd.Series(dtype="str", index=hits.index) for column in ("voice", "voice_speaker", "voice_group")})
    keys = ["article_id", "part"]
    ordered = hits.reset_index().rename(columns={"index": "_row"}).sort_values("start")
    quoted = quotes[[*keys, "start", "end", "kind", "speaker", "group"]].rename(columns={"start": "q_start", "end": "q_end"})
    matched = pd.merge_asof(ordered, quoted.sort_values("q_start"), left_on="start", right_on="q_start", by=keys, direction="backward")
    inside = matched["q_end"].notna() & (matched["end"] <= matched["q_end"])
    matched["voice"] = np.where(inside, np.where(matched["kind"] == SPEECH, QUOTATION, LABEL), NARRATIVE)
    matched["voice_speaker"] = matched["speaker"].where(inside, "").fillna("")
    matched["voice_group"] = matched["group"].where(inside, "").fillna("")
    voices = matched.set_index("_row").loc[hits.index]
    return hits.assign(
        voice=voices["voice"].to_numpy(), voice_speaker=voices["voice_speaker"].to_numpy(), voice_group=voices["voice_group"].to_numpy()
    )


def speaker_groups(quotes: pd.DataFrame, speakers: Speakers) -> list[str]:
    """The groups charts and pages show, in order: the speakers file's, ``unlisted`` where the text has such
    speakers, then ``unattributed``."""
    unlisted = [UNLISTED] if (quotes["group"] == UNLISTED).any() else []
    return [*speakers.groups, *unlisted, UNATTRIBUTED]


def voices_by_outlet(quotes: pd.DataFrame, articles_table: pd.DataFrame, speakers: Speakers) -> pd.DataFrame:
    """Per outlet and speaker group: quotations, quoted words and their share of the outlet's body words.

    Body text only, like every per-1,000-words measure. Rows for every group (``unlisted``
    too, where speakers were found in the text but not in the speakers file), for
    unattributed speech and for the outlet's own narrative (every body word not quoted as
    speech), so the shares of an outlet sum to 1.
    """
    body = quotes[(quotes["part"] == "body") & (quotes["kind"] == SPEECH)]
    body = body.assign(group=body["group"].replace("", UNATTRIBUTED))
    counted = body.groupby(["outlet", "group"]).agg(quotations=("text", "size"), quoted_words=("words", "sum"))
    words = articles_table.groupby("outlet", sort=False)["words"].sum()
    groups = speaker_groups(quotes, speakers)
    grid = pd.MultiIndex.from_product([words.index, groups], names=["outlet", "group"])
    table = counted.reindex(grid, fill_value=0).reset_index()
    narrative = words - table.groupby("outlet")["quoted_words"].sum().reindex(words.index)
    narrative_rows = pd.DataFrame({"outlet": words.index, "group": NARRATIVE_GROUP, "quotations": 0, "quoted_words": narrative.to_numpy()})
    table = pd.concat([table, narrative_rows], ignore_index=True)
    order = {outlet: i for i, outlet in enumerate(words.index)}
    group_order = {group: i for i, group in enumerate([*groups, NARRATIVE_GROUP])}
    table = table.sort_values(["outlet", "group"], key=lambda column: column.map(order if column.name == "outlet" else group_order))
    table["share_of_words"] = (table["quoted_words"] / table["outlet"].map(words)).round(4)
    return table.rename(columns={"quoted_words": "words"}).reset_index(drop=True)


def voices_by_speaker(quotes: pd.DataFrame) -> pd.DataFrame:
    """Per outlet and speaker: quotations and quoted words (speech in headline, subtitle and body)."""
    speech = quotes[quotes["kind"] == SPEECH]
    table = speech.groupby(["outlet", "speaker"], sort=False).agg(
        group=("group", "first"), quotations=("text", "size"), words=("words", "sum"), in_headline=("part", lambda p: bool((p == "headline").any()))
    )
    return table.reset_index()


def frames_by_voice(hits_with_voice: pd.DataFrame, codebook_frames: pd.DataFrame) -> pd.DataFrame:
    """Per outlet, frame and voice (with the quoted group): framing hits in body text."""
    body = hits_with_voice[hits_with_voice["part"] == "body"]
    table = body.groupby(["outlet", "frame", "voice", "voice_group"], sort=False).size().rename("hits").reset_index()
    table["voice_group"] = np.where(table["voice"] == QUOTATION, table["voice_group"].replace("", UNATTRIBUTED), "")
    table = table.groupby(["outlet", "frame", "voice", "voice_group"], sort=False)["hits"].sum().reset_index()
    share = table["hits"] / table.groupby(["outlet", "frame"])["hits"].transform("sum")
    labels = codebook_frames.set_index("frame")["label"]
    order = {
        "outlet": {outlet: i for i, outlet in enumerate(hits_with_voice["outlet"].unique())},
        "frame": {frame: i for i, frame in enumerate(codebook_frames["frame"])},
        "voice": {NARRATIVE: 0, LABEL: 1, QUOTATION: 2},
    }
    table = table.assign(label=table["frame"].map(labels), share_of_frame=share.round(4)).sort_values(
        ["outlet", "frame", "voice", "voice_group"], key=lambda c: c.map(order[c.name]) if c.name in order else c, kind="stable"
    )
    return table[["outlet", "frame", "label", "voice", "voice_group", "hits", "share_of_frame"]].reset_index(drop=True)


def sentiment_by_voice(scored_with_voice: pd.DataFrame) -> pd.DataFrame:
    """The outlet sentiment summary (mean compound with interval, polarity shares), once per voice."""
    tables = []
    for voice in (NARRATIVE, QUOTATION):
        subset = scored_with_voice[scored_with_voice["voice"] == voice]
        if not subset.empty:
            tables.append(sentiment_by_outlet(subset).assign(voice=voice))
    table = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=[*OUTLET_SENTIMENT_COLUMNS, "voice"])
    order = {outlet: i for i, outlet in enumerate(scored_with_voice["outlet"].unique())}
    table = table.sort_values(["outlet", "voice"], key=lambda c: c.map(order) if c.name == "outlet" else c, kind="stable")
    return table[["outlet", "voice", *[c for c in table.columns if c not in ("outlet", "voice")]]].reset_index(drop=True)
