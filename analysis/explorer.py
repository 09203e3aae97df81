"""``OUT/index.html``: one self-contained page to explore a run, across all outlets at once.

The corpus at a glance (outlets, articles, words, the key charts), a table of articles that sorts and
filters by outlet, language, frame and speaker, each linking to its page, and an explorer: pick a frame,
a marker, a speaker or type a term, and see its rate in every outlet and every body sentence that carries
it. Frame, marker and speaker rates are computed here from the whole run's tables; a typed term is
counted in the page over the sentences it holds. Above ``SENTENCES_UP_TO`` body sentences the page holds
an even sample of them, and says so, so a large corpus gives a page of bounded size.

The page is rendered by Jinja2 with autoescaping (``analysis/templates/index.html.j2``); the data travel
as one JSON block (``tojson`` escapes ``<``, ``>``, ``&`` and ``'``) and the page's script writes every
piece of text with ``textContent``, never as HTML. A source address becomes a link only for
``http``/``https``. No network at view time: the charts are the PNG files beside the page.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .config import ARTICLES_SUBDIR
from .parted import selected, stored, table_parts
from .plots import FRAME_COLOURS, outlet_colours
from .viewer import safe_url, text_of

SENTENCES_UP_TO = 20_000
TEMPLATE = "index.html.j2"
CHARTS = ["01-corpus-overview", "02-frame-prevalence", "11-outlet-profiles", "07-who-is-quoted", "04-sentiment-per-outlet"]


def article_records(tables: dict[str, pd.DataFrame], pages: set[str]) -> list[dict]:
    """One record per article: what the table shows and filters on."""
    hits, quotes = tables["frame_hits"], tables["quotes"]
    frames_of = hits.groupby("article_id")["frame"].agg(lambda f: sorted(set(f)))
    quoted = quotes[quotes["kind"] == "speech"] if "kind" in quotes else quotes
    speakers_of = quoted.groupby("article_id")["speaker"].agg(lambda s: sorted(set(s) - {"", "unattributed"}))
    records = []
    for row in tables["articles"].itertuples():
        records.append({
            "id": row.article_id, "outlet": row.outlet, "language": text_of(getattr(row, "language", "")),
            "headline": text_of(row.headline), "published": text_of(row.published), "words": int(row.words),
            "url": text_of(row.url), "link": safe_url(row.url),
            "page": f"{ARTICLES_SUBDIR}/{row.article_id}.html" if row.article_id in pages else None,
            "frames": frames_of.get(row.article_id, []), "speakers": speakers_of.get(row.article_id, []),
        })
    return records


def sentence_records(tables: dict[str, pd.DataFrame], up_to: int) -> tuple[list[dict], int]:
    """Body sentences with the frames, markers and speakers they carry: all of them, or an even sample of
    ``up_to`` (always the same one) where there are more; and how many there are in all."""
    body, total = sampled_body(tables, up_to)
    hits = tables["frame_hits"][tables["frame_hits"]["part"] == "body"]
    keys = ["article_id", "sentence"]
    frames = hits.groupby(keys)["frame"].agg(lambda f: sorted(set(f)))
    markers = hits.groupby(keys)["marker"].agg(lambda m: sorted(set(m)))
    quotes = tables["quotes"][(tables["quotes"]["part"] == "body") & (tables["quotes"]["speaker"].fillna("") != "")]
    speakers = quotes.groupby(keys)["speaker"].agg(lambda s: sorted(set(s) - {"unattributed"}))
    records = []
    for row in body.itertuples():
        key = (row.article_id, row.sentence)
        records.append({"a": row.article_id, "n": int(row.sentence), "o": row.outlet, "t": row.text,
                        "f": frames.get(key, []), "m": markers.get(key, []), "q": speakers.get(key, [])})
    return records, total


def sampled_body(tables: dict[str, pd.DataFrame], up_to: int) -> tuple[pd.DataFrame, int]:
    """The body sentences ``sentence_records`` shows (all, or ``up_to`` spread evenly) and how many there are, read
    part by part: the sentences of a large corpus are never read whole."""
    counts = [int((part["part"] == "body").sum()) for part in table_parts(tables, "sentences")]
    total = sum(counts)
    chosen = np.arange(total) if total <= up_to else np.linspace(0, total - 1, up_to).round().astype(int)
    pieces = []
    for part, start in zip(table_parts(tables, "sentences"), np.cumsum([0, *counts])):
        body = part[part["part"] == "body"]
        pieces.append(body.iloc[chosen[(chosen >= start) & (chosen < start + len(body))] - start][["article_id", "sentence", "outlet", "text"]])
    return pd.concat(pieces) if len(pieces) > 1 else pieces[0], total


HIT_COLUMNS = ["article_id", "sentence", "part", "outlet", "frame", "marker"]  # what the explorer shows of a hit


def outlet_rates(tables: dict[str, pd.DataFrame]) -> dict:
    """Exact counts per outlet for every frame, marker and speaker, from the whole run (not the page's sample)."""
    hits = tables["frame_hits"][tables["frame_hits"]["part"] == "body"]
    quotes = tables["quotes"][tables["quotes"]["part"] == "body"]
    return {
        "frame": {frame: group.groupby("outlet").size().to_dict() for frame, group in hits.groupby("frame")},
        "marker": {f"{frame} · {marker}": group.groupby("outlet").size().to_dict() for (frame, marker), group in hits.groupby(["frame", "marker"])},
        "speaker": {speaker: group.groupby("outlet").size().to_dict() for speaker, group in quotes.groupby("speaker") if speaker and speaker != "unattributed"},
    }


def explorer_data(tables: dict[str, pd.DataFrame], codebook_frames: pd.DataFrame, pages: set[str], up_to: int = SENTENCES_UP_TO) -> dict:
    articles = tables["articles"]
    outlets = list(dict.fromkeys(articles["outlet"]))
    colours = outlet_colours(outlets)
    words = articles.groupby("outlet")["words"].sum()
    shown = {"articles": articles, "quotes": tables["quotes"], "frame_hits": selected(tables, "frame_hits", lambda part: part[HIT_COLUMNS])}
    sentences, total = sentence_records({**shown, "sentences": stored(tables, "sentences")}, up_to)
    frame_ids = codebook_frames["frame"].tolist()
    return {
        "outlets": [{"name": o, "colour": colours[o], "articles": int((articles["outlet"] == o).sum()), "words": int(words[o])} for o in outlets],
        "frames": [{"id": f, "label": label, "colour": FRAME_COLOURS[i % len(FRAME_COLOURS)]}
                   for i, (f, label) in enumerate(zip(frame_ids, codebook_frames["label"]))],
        "articles": article_records(shown, pages), "sentences": sentences, "sentences_total": total, "rates": outlet_rates(shown),
    }


def index_page(tables: dict[str, pd.DataFrame], codebook_frames: pd.DataFrame, corpus_name: str, pages: set[str], charts: list[str],
               up_to: int = SENTENCES_UP_TO) -> str:
    """The HTML of ``OUT/index.html``; ``charts``: the chart names drawn beside it."""
    import jinja2

    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
                                     autoescape=True, keep_trailing_newline=True)
    data = explorer_data(tables, codebook_frames, pages, up_to)
    script = (Path(__file__).with_name("templates") / "explorer.js").read_text(encoding="utf-8")
    return environment.get_template(TEMPLATE).render(
        corpus=corpus_name, data=data, charts=[name for name in CHARTS if name in charts], script=script,
        sampled=data["sentences_total"] > len(data["sentences"]),
    )
