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

from .categories import with_texts
from .quotes import LABEL, SPEECH, UNATTRIBUTED
from .sentiment import OUTLET_SENTIMENT_COLUMNS, sentiment_by_outlet
from .speakers import UNLISTED, Speakers

NARRATIVE, QUOTATION = "narrative", "quotation"
QUOTED_MAJORITY = 0.5
NARRATIVE_GROUP = "outlet narrative"


def sentence_voices(sentences: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """The sentence table with ``quoted_share``, ``voice``, ``voice_speaker`` and ``voice_group``. A sentence's voice is
    its speech quotation of largest overlap (the earlier on a tie), when quotations cover half of it or more."""
    speech = quotes[quotes["kind"] == SPEECH].sort_values(["article_id", "part", "start"], kind="stable")
    sentence, quote, covered = quotation_overlaps(sentences, speech)
    share = np.bincount(sentence, weights=covered, minlength=len(sentences)) / np.maximum(1, (sentences["end"] - sentences["start"]).to_numpy())
    main = np.full(len(sentences), -1)
    best = np.lexsort((quote, -covered, sentence))  # per sentence, largest overlap first, then the earlier quotation
    leading = best[np.r_[True, sentence[best][1:] != sentence[best][:-1]]] if len(best) else best
    main[sentence[leading]] = quote[leading]
    quoted = share >= QUOTED_MAJORITY

    def of_main(column: str) -> np.ndarray:
        values = speech[column].to_numpy(object)
        return np.where(quoted, values[main] if len(values) else "", "").astype(object)

    return sentences.assign(quoted_share=[round(min(value, 1.0), 4) for value in share.tolist()],
                            voice=np.where(quoted, QUOTATION, NARRATIVE).astype(object),
                            voice_speaker=of_main("speaker"), voice_group=of_main("group"))


def quotation_overlaps(sentences: pd.DataFrame, speech: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every (sentence, quotation) pair of the same text that may overlap, as row numbers, with the characters they
    share (0 where they only touch). Found by binary search for all sentences at once: with a text's quotations
    sorted by start (``speech``), those that may overlap a sentence run from the first whose running furthest end
    passes the sentence's start to the last that starts before its end."""
    texts = pd.MultiIndex.from_frame(speech[["article_id", "part"]])
    keys = texts.drop_duplicates()
    text_of_quote = keys.get_indexer(texts).astype(np.int64)
    text_of_sentence = keys.get_indexer(pd.MultiIndex.from_frame(sentences[["article_id", "part"]])).astype(np.int64)
    q_start, q_end = speech["start"].to_numpy(np.int64), speech["end"].to_numpy(np.int64)
    s_start, s_end = sentences["start"].to_numpy(np.int64), sentences["end"].to_numpy(np.int64)
    span = int(max(q_end.max(initial=0), s_end.max(initial=0))) + 1  # texts apart on one line: text × span + offset
    reach = np.maximum.accumulate(text_of_quote * span + q_end) if len(q_end) else q_end
    first = np.searchsorted(reach, text_of_sentence * span + s_start, side="right")
    last = np.searchsorted(text_of_quote * span + q_start, text_of_sentence * span + s_end, side="left")
    count = np.where(text_of_sentence >= 0, np.maximum(last - first, 0), 0)
    sentence = np.repeat(np.arange(len(sentences)), count)
    quote = np.repeat(first, count) + np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    covered = np.clip(np.minimum(q_end[quote], s_end[sentence]) - np.maximum(q_start[quote], s_start[sentence]), 0, None)
    return sentence, quote, covered


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
    table = with_texts(body.groupby(["outlet", "frame", "voice", "voice_group"], sort=False).size().rename("hits").reset_index())
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
        subset = scored_with_voice.loc[scored_with_voice["voice"] == voice, ["article_id", "outlet", "part", "compound"]]
        if not subset.empty:
            tables.append(sentiment_by_outlet(subset).assign(voice=voice))
    table = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=[*OUTLET_SENTIMENT_COLUMNS, "voice"])
    order = {outlet: i for i, outlet in enumerate(scored_with_voice["outlet"].unique())}
    table = table.sort_values(["outlet", "voice"], key=lambda c: c.map(order) if c.name == "outlet" else c, kind="stable")
    return table[["outlet", "voice", *[c for c in table.columns if c not in ("outlet", "voice")]]].reset_index(drop=True)
