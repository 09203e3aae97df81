"""Comparison charts. One style for all: one colour per outlet (Okabe–Ito, colour-blind
safe) in every chart, legible at a report's 6.5-inch column, a title that says what
the chart shows, a subtitle that says how it was measured, and a source line.

Every figure function takes the study's tables and returns ``(figure, data)``, where
``data`` holds exactly the numbers drawn; ``save_figure`` writes ``NN-slug.png``
(300 dpi), ``.svg`` and ``.csv``. Output is deterministic: fixed seeds, no dates or
random ids in the files.
"""

from __future__ import annotations

import functools
import io
import textwrap
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from .intervals import ARTICLES_THEN_SENTENCES, SENTENCES
from .quotes import UNATTRIBUTED
from .reuse import ALL_PAIRS_UP_TO
from .speakers import UNLISTED
from .validation import pooled_scores
from .voices import LABEL, NARRATIVE, QUOTATION

WIDTH = 6.5  # inches: a report's text column
DPI = 300
# Okabe & Ito (2008), without yellow, which is unreadable as text or thin marks on white.
OUTLET_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#999999"]
# Paul Tol's "muted" scheme: nine colour-blind-safe colours, one per frame.
FRAME_COLOURS = ["#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933", "#AA4499"]
# Speaker groups take Tol's "muted" colours by their order in the speakers file; speech whose
# speaker is unknown is always grey.
GROUP_COLOURS = ["#332288", "#117733", "#CC6677", "#DDCC77", "#88CCEE", "#44AA99", "#999933", "#AA4499", "#882255"]
UNATTRIBUTED_COLOUR = "#BBBBBB"
GROUP_LABELS = {UNLISTED: "speakers not in the speakers file"}
NEUTRAL_BAND = (-0.05, 0.05)
ARTICLE_ROWS_UP_TO = 30  # above this many articles, per-article charts show one row per outlet
SIGNIFICANT_Z = 1.96
JITTER_SEED = 20250203
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 7.5,
    "axes.titlesize": 8,
    "axes.titleweight": "bold",
    "axes.labelsize": 7.5,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#444444",
    "axes.linewidth": 0.6,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "svg.hashsalt": "framing-study",  # fixed ids in SVG files
    "text.parse_math": False,  # article text is data: "$2 per crossing and $6" is dollars, not mathematics
    "svg.fonttype": "path",
    "figure.dpi": 100,
    "savefig.dpi": DPI,
}
SUBTITLE_CHARACTERS = 118  # fits 6.5 inches at the subtitle's 7 pt
SMALLEST_TEXT = 7  # points at report width (6.5 inches): no text in any figure is smaller (tests/test_plots.py)
PNG_METADATA = {"Software": None}
SVG_METADATA = {"Date": None, "Creator": None}


def outlet_colours(outlets) -> dict[str, str]:
    """Outlet → colour, by order of first appearance (the manifest's order), the same in every chart."""
    unique = list(dict.fromkeys(outlets))
    return {outlet: OUTLET_COLOURS[i % len(OUTLET_COLOURS)] for i, outlet in enumerate(unique)}


def text_colour_on(background: str) -> str:
    """White on dark colours, near-black on light ones (WCAG relative luminance)."""
    channels = [int(background[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "white" if luminance < 0.35 else "#222222"


def group_colours(groups) -> dict[str, str]:
    """Speaker group → colour, by order (the speakers file's, then ``unlisted``); ``unattributed`` is grey."""
    named = [group for group in dict.fromkeys(groups) if group != UNATTRIBUTED]
    colours = {group: GROUP_COLOURS[i % len(GROUP_COLOURS)] for i, group in enumerate(named)}
    return {**colours, UNATTRIBUTED: UNATTRIBUTED_COLOUR}


def input_file(tables: dict, role: str, fallback: str) -> str:
    """How the run's inputs table names the data file of ``role`` (captions name the files actually used)."""
    inputs = tables.get("inputs")
    if inputs is None:
        return fallback
    shown = inputs.loc[inputs["role"] == role, "file"]
    return shown.iloc[0] if len(shown) and shown.iloc[0] else fallback


def articles_per_outlet(tables: dict) -> int:
    return int(tables["articles"]["outlet"].value_counts().max())


def frame_colours(frames) -> dict[str, str]:
    return {frame: FRAME_COLOURS[i % len(FRAME_COLOURS)] for i, frame in enumerate(frames)}


def article_labels(articles: pd.DataFrame) -> dict[str, str]:
    """Article id → label: the outlet where it has one article, else outlet and id."""
    counts = articles["outlet"].value_counts()
    return {
        row.article_id: row.outlet if counts[row.outlet] == 1 else f"{row.outlet} · {row.article_id[:12]}"
        for row in articles.itertuples()
    }


def corpus_line(tables: dict[str, pd.DataFrame], corpus_name: str) -> str:
    articles = tables["articles"]
    return (
        f"Source: corpus '{corpus_name}', {len(articles)} articles from {articles['outlet'].nunique()} outlets, "
        f"{int(articles['words'].sum()):,} words. Tables in tables/."
    )


def styled(draw):
    """Run a figure function inside the study's style, so every artist it makes uses it."""

    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        with plt.rc_context(STYLE):
            return draw(*args, **kwargs)

    return wrapper


def new_figure(height: float, **subplots):
    return plt.subplots(figsize=(WIDTH, height), **subplots)


def finish(fig, title: str, subtitle: str, source: str, *, bottom: float = 0.45, top_pad: float = 0.0, left: float | None = None) -> None:
    """Title and subtitle above the axes and the source line below, left-aligned; margins in inches."""
    height = fig.get_figheight()
    lines = textwrap.wrap(subtitle, SUBTITLE_CHARACTERS)
    source_lines = textwrap.wrap(source, SUBTITLE_CHARACTERS)  # a long source (many coding sheets) wraps, never runs off
    fig.text(0.012, 1 - 0.08 / height, title, ha="left", va="top", fontsize=9.5, fontweight="bold")
    fig.text(0.012, 1 - 0.32 / height, "\n".join(lines), ha="left", va="top", fontsize=7, color="#333333", linespacing=1.35)
    fig.text(0.012, 0.05 / height, "\n".join(source_lines), ha="left", va="bottom", fontsize=SMALLEST_TEXT, color="#666666")
    header = 0.32 + 0.135 * len(lines) + 0.15 + top_pad
    bottom += 0.135 * max(len(source_lines) - 1, 0)
    fig.subplots_adjust(top=1 - header / height, bottom=bottom / height, **({"left": left} if left is not None else {}))


@styled
def save_figure(fig, data: pd.DataFrame, out_dir: Path, name: str) -> list[Path]:
    """Write NAME.png (300 dpi), NAME.svg and NAME.csv, and close the figure."""
    paths = [out_dir / f"{name}.png", out_dir / f"{name}.svg", out_dir / f"{name}.csv"]
    fig.savefig(paths[0], dpi=DPI, metadata=PNG_METADATA)
    fig.savefig(paths[1], metadata=SVG_METADATA)
    data.to_csv(paths[2], index=False, lineterminator="\n")
    plt.close(fig)
    return paths


@styled
def figure_bytes(fig, dpi: int = 150) -> bytes:
    """PNG bytes of a figure."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata=PNG_METADATA)
    return buffer.getvalue()


def show(fig):
    """A figure as an image for a notebook, at report width; the figure is closed so it shows once."""
    from IPython.display import Image

    image = Image(data=figure_bytes(fig), width=int(WIDTH * 100))
    plt.close(fig)
    return image


def label_heatmap(fig, ax, image, columns, rows, colour_label: str, fraction: float, crowded: bool | None = None) -> None:
    """Tick labels, no frame, and a colour bar, for the heatmaps; ``crowded`` column labels are turned 45°."""
    if crowded is None:
        crowded = len(columns) > 6 and max(map(len, map(str, columns))) > 12  # long labels side by side would overlap
    ax.set_xticks(range(len(columns)), columns, rotation=45 if crowded else 20, ha="right", rotation_mode="anchor" if crowded else "default")
    ax.set_yticks(range(len(rows)), rows)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    bar = fig.colorbar(image, ax=ax, fraction=fraction, pad=0.03)
    bar.set_label(colour_label)
    bar.outline.set_visible(False)


# 01 ─────────────────────────────────────────────────────────────────────────────
@styled
def corpus_overview(tables: dict, corpus_name: str):
    """Words, sentences and quotations per article, coloured by outlet, rewrites hatched."""
    articles = tables["articles"]
    quotes = tables["quotes"]
    speech = quotes[quotes["kind"] == "speech"].groupby("article_id").size()
    data = pd.DataFrame(
        {
            "article_id": articles["article_id"],
            "label": articles["article_id"].map(article_labels(articles)),
            "outlet": articles["outlet"],
            "rewrite": articles["rewrite"],
            "words": articles["words"],
            "sentences": articles["sentences"],
            "quotations": articles["article_id"].map(speech).fillna(0).astype(int),
        }
    )
    if len(data) > ARTICLE_ROWS_UP_TO:
        data = per_outlet_overview(data)
    colours = outlet_colours(data["outlet"])
    fig, axes = new_figure(1.5 + 0.24 * len(data), ncols=3, sharey=True)
    y = np.arange(len(data))[::-1]
    for ax, column, unit in zip(axes, ["words", "sentences", "quotations"], ["body words", "body sentences", "quotations of speech"]):
        bars = ax.barh(y, data[column], color=[colours[o] for o in data["outlet"]], height=0.65)
        for bar, rewrite in zip(bars, data["rewrite"]):
            if rewrite:
                bar.set_hatch("////")
                bar.set_edgecolor("white")
                bar.set_linewidth(0)
        for yy, value in zip(y, data[column]):
            ax.text(value, yy, f" {value:,}", va="center", ha="left", fontsize=SMALLEST_TEXT)
        ax.set_xlabel(unit)
        ax.set_xlim(0, data[column].max() * 1.3 or 1)
    axes[0].set_yticks(y, [f"{label}{' (rewrite)' if r else ''}" for label, r in zip(data["label"], data["rewrite"])])
    fig.legend(handles=[Patch(facecolor="#777777", hatch="////", edgecolor="white", label="hatched: rewrite of another outlet's report")],
               loc="lower right", bbox_to_anchor=(0.99, 0.054 / fig.get_figheight()))  # 0.054 in above the edge, at any height
    rewrites = int(articles["rewrite"].sum())
    finish(
        fig,
        f"The corpus: {len(articles)} articles from {articles['outlet'].nunique()} outlets, "
        + (f"{rewrites} of them a rewrite" if rewrites == 1 else f"{rewrites} of them rewrites"),
        "Body words (project tokenizer) and sentences after cleaning; quotations of speech in headline and body. "
        "An article is a rewrite when its manifest notes say so.",
        corpus_line(tables, corpus_name), bottom=0.62, left=0.3,
    )
    fig.subplots_adjust(wspace=0.2)
    return fig, data


def per_outlet_overview(data: pd.DataFrame) -> pd.DataFrame:
    """Article rows summed per outlet, for corpora too large to show article by article."""
    summed = data.groupby("outlet", sort=False).agg(
        articles=("article_id", "size"), rewrite=("rewrite", "mean"), words=("words", "sum"),
        sentences=("sentences", "sum"), quotations=("quotations", "sum"),
    ).reset_index()
    return summed.assign(
        article_id="", label=summed["outlet"] + " (" + summed["articles"].astype(str) + " articles)", rewrite=summed["rewrite"] > 0.5
    )[["article_id", "label", "outlet", "rewrite", "words", "sentences", "quotations"]]


# 02 ─────────────────────────────────────────────────────────────────────────────
def densest_frame_title(rates: pd.DataFrame, labels: pd.Series) -> str:
    """Which frame is densest in most outlets, counting only outlets with any framing hit."""
    framed = rates.loc[:, rates.fillna(0).max(axis=0) > 0]
    if framed.empty:
        return "No framing marker of the codebook occurs in the corpus"
    top = framed.idxmax(axis=0)  # the densest frame of each outlet with hits
    frame, count = top.value_counts().index[0], int(top.value_counts().iloc[0])
    unframed = rates.shape[1] - framed.shape[1]
    tail = f" ({unframed} with no hit at all)" if unframed else ""
    return f"{labels[frame]} is the densest frame in {count} of {rates.shape[1]} outlets{tail}"


@styled
def frame_prevalence(tables: dict, corpus_name: str):
    """Heatmap of body hits per 1,000 words, outlet × frame, values annotated."""
    by_outlet = tables["frames_by_outlet"]
    frames = tables["codebook"].drop_duplicates("frame")[["frame", "label"]]
    outlets = list(dict.fromkeys(tables["articles"]["outlet"]))
    grid = {
        column: by_outlet.pivot(index="frame", columns="outlet", values=column).reindex(index=frames["frame"], columns=outlets)
        for column in ("per_1000_words", "hits", "ci_low", "ci_high")
    }
    rates, hits = grid["per_1000_words"], grid["hits"]
    fig, ax = new_figure(4.1)
    image = ax.imshow(rates.to_numpy(), cmap="Blues", aspect="auto", vmin=0)
    limit = np.nanmax(rates.to_numpy()) or 1
    for (i, j), value in np.ndenumerate(rates.to_numpy()):
        low, high = grid["ci_low"].iat[i, j], grid["ci_high"].iat[i, j]
        interval = "" if np.isnan(low) else f"\n{low:.1f}–{high:.1f}"
        ax.text(j, i, f"{value:.1f}\n({int(hits.iat[i, j])}){interval}", ha="center", va="center", fontsize=SMALLEST_TEXT,
                color="white" if value > 0.55 * limit else "#222222", linespacing=1.1)
    label_heatmap(fig, ax, image, outlets, frames["label"], "hits per 1,000 body words", fraction=0.035)
    pooled = (
        "With one article per outlet, each column is a single text." if articles_per_outlet(tables) == 1 else
        "Below the count: 95% interval from resampling the outlet's articles (outlets with two or more articles)."
    )
    finish(
        fig,
        densest_frame_title(rates, frames.set_index("frame")["label"]),
        "Framing-marker hits in body text per 1,000 body words, hit count in brackets "
        f"(codebook {input_file(tables, 'codebook', 'the codebook')}; the longest match wins where markers overlap). {pooled}",
        corpus_line(tables, corpus_name), bottom=0.75, left=0.3,
    )
    fig.subplots_adjust(right=0.93)  # room for the colour bar's label
    data = pd.concat({column: table.stack() for column, table in grid.items()}, axis=1).reset_index().merge(frames, on="frame")
    return fig, data[["outlet", "frame", "label", "hits", "per_1000_words", "ci_low", "ci_high"]]


# 03 ─────────────────────────────────────────────────────────────────────────────
@styled
def frames_by_voice_chart(tables: dict, corpus_name: str):
    """Per outlet, each frame's body hits in the outlet's narrative, in labels, and in quoted speech."""
    by_voice = tables["frames_by_voice"]
    frames = tables["codebook"].drop_duplicates("frame")[["frame", "label"]]
    outlets = list(dict.fromkeys(tables["articles"]["outlet"]))
    grid = by_voice.pivot_table(index=["outlet", "frame"], columns="voice", values="hits", aggfunc="sum", fill_value=0)
    grid = grid.reindex(columns=[NARRATIVE, LABEL, QUOTATION], fill_value=0)
    grid = grid.reindex(pd.MultiIndex.from_product([outlets, frames["frame"]], names=["outlet", "frame"]), fill_value=0)
    colours = outlet_colours(outlets)
    fig, axes = new_figure(3.9, ncols=len(outlets), sharey=True, sharex=True)
    axes = np.atleast_1d(axes)
    y = np.arange(len(frames))[::-1]
    for ax, outlet in zip(axes, outlets):
        rows = grid.loc[outlet]
        left = np.zeros(len(frames))
        styles = {
            NARRATIVE: dict(color=colours[outlet]),
            LABEL: dict(color="white", edgecolor=colours[outlet], hatch="...."),
            QUOTATION: dict(color="white", edgecolor=colours[outlet], hatch="////"),
        }
        for voice in (NARRATIVE, LABEL, QUOTATION):
            values = rows[voice].to_numpy()
            ax.barh(y, values, left=left, height=0.7, linewidth=0.6, **styles[voice])
            left += values
        ax.set_title("\n".join(textwrap.wrap(outlet, 14)), loc="left", fontsize=SMALLEST_TEXT, fontweight="bold", color=colours[outlet])
        ax.set_xlabel("hits")
        ax.grid(axis="x", color="#dddddd", linewidth=0.5)
        ax.set_axisbelow(True)
    axes[0].set_yticks(y, frames["label"])
    fig.legend(
        handles=[
            Patch(facecolor="#777777", label="outlet's own narrative"),
            Patch(facecolor="white", edgecolor="#777777", hatch="////", label="inside quoted speech"),
            Patch(facecolor="white", edgecolor="#777777", hatch="....", label="inside scare quotes (label)"),
        ],
        loc="lower right", ncol=3, bbox_to_anchor=(0.99, 0.2 / fig.get_figheight()),
    )
    body = by_voice["hits"].sum()
    quoted = by_voice.loc[by_voice["voice"] == QUOTATION, "hits"].sum()
    finish(
        fig,
        f"Whose words carry each frame: {quoted / body:.0%} of framing hits are inside quotations" if body else "Whose words carry each frame",
        "Body hits of each frame, split by voice: a hit inside a quotation of speech is the speaker's words, "
        "not the outlet's. Bar colour is the outlet.",
        corpus_line(tables, corpus_name), bottom=1.0, top_pad=0.15, left=0.29,
    )
    fig.subplots_adjust(wspace=0.15)
    counts = grid.rename(columns={NARRATIVE: "narrative_hits", LABEL: "label_hits", QUOTATION: "quotation_hits"})
    data = counts.reset_index().merge(frames, on="frame")
    return fig, data[["outlet", "frame", "label", "narrative_hits", "label_hits", "quotation_hits"]]


# 04 ─────────────────────────────────────────────────────────────────────────────
def tone_title(summary: pd.DataFrame) -> str:
    crossing = ((summary["ci_low"] < 0) & (summary["ci_high"] > 0)).sum()
    if crossing == len(summary):
        return "Sentence tone: every outlet's 95% interval includes zero"
    low, high = summary["mean_compound"].min(), summary["mean_compound"].max()
    return f"Sentence tone by outlet: means from {low:+.2f} to {high:+.2f}; {crossing} of {len(summary)} intervals include zero"


def resampling_note(summary: pd.DataFrame) -> str:
    """What the intervals resampled, as the subtitles say it."""
    if (summary["resampled"] == SENTENCES).all():
        return "2,000 resamples of sentences"
    if (summary["resampled"] == ARTICLES_THEN_SENTENCES).all():
        return "2,000 resamples of articles, then of sentences within them"
    return "2,000 resamples of articles, then of sentences within them; of sentences where an outlet has one article"


@styled
def sentiment_per_outlet(tables: dict, corpus_name: str):
    """Every body sentence's compound score, with the outlet mean and its 95% interval."""
    sentences = tables["sentences"]
    body = sentences[sentences["part"] == "body"]
    summary = tables["sentiment_by_outlet"]
    outlets = list(summary["outlet"])
    colours = outlet_colours(tables["articles"]["outlet"])
    rng = np.random.default_rng(JITTER_SEED)
    fig, ax = new_figure(3.3)
    ax.axvspan(*NEUTRAL_BAND, color="#e8e8e8", zorder=0)
    ax.axvline(0, color="#999999", linewidth=0.6, zorder=0)
    y_of = {outlet: len(outlets) - 1 - i for i, outlet in enumerate(outlets)}
    points = body.assign(y=body["outlet"].map(y_of))
    jitter = rng.uniform(-0.22, 0.22, len(points))
    ax.scatter(points["compound"], points["y"] + jitter, s=9, color=points["outlet"].map(colours), alpha=0.6, linewidths=0)
    for row in summary.itertuples():
        yy = y_of[row.outlet]
        if not np.isnan(row.ci_low):
            ax.errorbar(row.mean_compound, yy, xerr=[[row.mean_compound - row.ci_low], [row.ci_high - row.mean_compound]],
                        fmt="none", color="black", capsize=2.5, linewidth=1)
        ax.plot(row.mean_compound, yy, "D", color="black", markersize=4)
        count = f"n = {row.sentences}" + (f"\n{row.articles} articles" if row.articles > 1 else "")
        ax.text(1.02, yy, count, va="center", fontsize=SMALLEST_TEXT, transform=ax.get_yaxis_transform())
    ax.set_yticks(list(y_of.values()), list(y_of.keys()))
    ax.set_ylim(-0.6, len(outlets) - 0.4)
    ax.set_xlim(-1, 1)
    ax.set_xlabel("VADER compound score of a sentence (−1 most negative, +1 most positive)")
    fig.legend(
        handles=[
            plt.Line2D([], [], marker="D", color="black", markersize=4, label="outlet mean with 95% bootstrap interval"),
            Patch(facecolor="#e8e8e8", label="neutral band, |compound| < 0.05"),
        ],
        loc="lower right", ncol=2, bbox_to_anchor=(0.99, 0.22 / fig.get_figheight()),
    )
    finish(
        fig,
        tone_title(summary),
        "Dots: body sentences scored with VADER. Diamonds: outlet mean with a 95% percentile-bootstrap interval "
        f"({resampling_note(summary)}).{' With fewer than 30 sentences per outlet the intervals are wide.' if summary['sentences'].min() < 30 else ''}"
        + not_scored_note(tables, summary),
        corpus_line(tables, corpus_name), bottom=0.9, left=0.22,
    )
    fig.subplots_adjust(right=0.9)
    drawn = points[["outlet", "article_id", "sentence", "compound"]].assign(kind="sentence")
    means = summary.melt(id_vars="outlet", value_vars=["mean_compound", "ci_low", "ci_high"], var_name="kind", value_name="compound")
    return fig, pd.concat([drawn, means], ignore_index=True)[["outlet", "kind", "article_id", "sentence", "compound"]]


def not_scored_note(tables: dict, summary: pd.DataFrame) -> str:
    """The outlets a sentiment chart leaves out because their language has no validated lexicon, and why."""
    missing = [outlet for outlet in dict.fromkeys(tables["articles"]["outlet"]) if outlet not in set(summary["outlet"])]
    return f" Not scored, no validated sentiment lexicon for their language: {', '.join(missing)}." if missing else ""


# 05 ─────────────────────────────────────────────────────────────────────────────
@styled
def sentiment_by_frame_chart(tables: dict, corpus_name: str):
    """Mean compound of the sentences carrying each frame, per outlet, with counts: one panel per frame that any
    outlet's sentences carry, outlets in rows, so every count is printed at full size beside its dot."""
    data = tables["sentiment_by_frame"]
    frames = tables["codebook"].drop_duplicates("frame")[["frame", "label"]]
    shown = frames[frames["frame"].isin(set(data["frame"]))] if len(data) else frames.iloc[:1]
    outlets = list(dict.fromkeys(tables["articles"]["outlet"]))
    colours = outlet_colours(outlets)
    columns = min(3, max(1, len(shown)))
    rows = int(np.ceil(len(shown) / columns))
    panel = 0.55 + 0.17 * len(outlets)
    fig, axes = new_figure(1.55 + rows * panel, nrows=rows, ncols=columns, sharex=True, sharey=True, squeeze=False)
    y = np.arange(len(outlets))[::-1]
    for ax, frame in zip(axes.flat, shown.itertuples()):
        cells = data[data["frame"] == frame.frame].set_index("outlet")
        ax.axvspan(*NEUTRAL_BAND, color="#e8e8e8", zorder=0)
        ax.axvline(0, color="#999999", linewidth=0.6, zorder=0)
        for yy, outlet in zip(y, outlets):
            if outlet not in cells.index:
                continue
            cell = cells.loc[outlet]
            if cell["sentences"] >= 2:
                ax.hlines(yy, cell["ci_low"], cell["ci_high"], color=colours[outlet], linewidth=0.9)
            ax.scatter(cell["mean_compound"], yy, s=18, color=colours[outlet], zorder=3)
            ax.text(1.03, yy, f"{int(cell['sentences'])}", transform=ax.get_yaxis_transform(), va="center", fontsize=SMALLEST_TEXT)
        ax.set_title("\n".join(textwrap.wrap(frame.label, 22)), loc="left", fontsize=7.5, fontweight="bold")
    for ax in axes.flat[len(shown):]:
        ax.set_visible(False)
    axes[0, 0].set_yticks(y, outlets)
    axes[0, 0].set_ylim(-0.6, len(outlets) - 0.4)
    axes[0, 0].set_xlim(-1, 1)
    axes[0, 0].set_xticks([-1, -0.5, 0, 0.5, 1], ["−1", "−0.5", "0", "0.5", "1"])
    for ax in axes[-1]:
        ax.set_xlabel("mean compound")
    finish(
        fig,
        "Tone of the sentences that carry each frame, per outlet",
        "Dots: mean VADER compound of the body sentences with at least one hit of the frame; lines: 95% bootstrap interval "
        f"where there are two sentences or more ({resampling_note(data) if len(data) else 'none'}); number at the right: sentences. "
        + ("Most cells hold one to five sentences: read the counts before the positions." if len(data) and data["sentences"].median() <= 5
           else "Read the counts before the positions.") + not_scored_note(tables, tables["sentiment_by_outlet"]),
        corpus_line(tables, corpus_name), bottom=0.75, top_pad=0.3, left=min(0.3, 0.06 + 0.0105 * max(map(len, outlets))),
    )
    fig.subplots_adjust(right=0.96, hspace=0.7, wspace=0.35)
    return fig, data.merge(frames, on="frame")[["outlet", "frame", "label", "sentences", "mean_compound", "ci_low", "ci_high"]]


# 06 ─────────────────────────────────────────────────────────────────────────────
def outlets_alone_in_their_language(articles: pd.DataFrame) -> tuple[set[str], int]:
    """Outlets that are the only one of their language (keyness has nothing to compare them with), and how many
    languages the corpus has."""
    if "language" not in articles:
        return set(), 1
    outlets = articles.groupby("language")["outlet"].unique()
    return {names[0] for names in outlets if len(names) == 1} if len(outlets) > 1 else set(), len(outlets)


@styled
def distinctive_terms(tables: dict, corpus_name: str, top: int = 8):
    """Small multiples: each outlet's most distinctive unigrams and bigrams by log-odds z."""
    keyness = tables["keyness"]
    outlets = list(dict.fromkeys(tables["articles"]["outlet"]))
    colours = outlet_colours(outlets)
    chosen = keyness[keyness["n"] <= 2].groupby("outlet", sort=False).head(top)
    alone, languages = outlets_alone_in_their_language(tables["articles"])
    columns = 3
    rows = int(np.ceil(len(outlets) / columns))
    fig, axes = new_figure(2.1 * rows + 1.2, nrows=rows, ncols=columns, sharex=True)
    axes = np.atleast_1d(axes).ravel()
    limit = max(SIGNIFICANT_Z * 1.1, chosen["z"].max() * 1.1)
    for ax, outlet in zip(axes, outlets):
        terms = chosen[chosen["outlet"] == outlet]
        y = np.arange(len(terms))[::-1]
        ax.barh(y, terms["z"], color=colours[outlet], height=0.7)
        ax.set_yticks(y, [f"{t} ({c}|{r})" for t, c, r in zip(terms["term"], terms["count"], terms["count_rest"])], fontsize=SMALLEST_TEXT)
        ax.axvline(SIGNIFICANT_Z, color="#555555", linestyle="--", linewidth=0.6)
        ax.set_title(outlet, loc="left", fontsize=7, fontweight="bold", color=colours[outlet])
        if terms.empty and outlet in alone:
            ax.text(0.05, 0.5, "the only outlet\nin its language:\nnone to compare\nit with", transform=ax.transAxes, fontsize=SMALLEST_TEXT, va="center")
        ax.set_xlim(0, limit)
        ax.tick_params(axis="y", length=0)
        ax.tick_params(axis="x", labelbottom=True)
    for ax in axes[len(outlets):]:
        ax.axis("off")
    for ax in axes[max(0, len(outlets) - columns):len(outlets)]:
        ax.set_xlabel("log-odds z")
    significant = int((keyness["z"].abs() >= SIGNIFICANT_Z).sum())
    against = "the other outlets of its language" if languages > 1 else "the rest"
    finish(
        fig,
        "Distinctive vocabulary: " + (f"{significant} terms reach |z| ≥ 1.96" if significant else "no term reaches z = 1.96"),
        f"Top {top} unigrams and bigrams per outlet by the z-score of the log-odds ratio with informative Dirichlet prior, "
        f"each outlet against {against}. With a few hundred words per outlet, read them as emphases, not as significant differences.",
        corpus_line(tables, corpus_name), bottom=0.6, top_pad=0.05,
    )
    fig.subplots_adjust(left=0.17, right=0.98, wspace=1.05, hspace=0.5)
    if len(outlets) < len(axes):  # the empty panel explains how to read the others
        box = axes[-1].get_position()
        fig.text(
            box.x0 - 0.13, (box.y0 + box.y1) / 2,
            "How to read: each bar is the log-odds z\nof the term in the outlet against all\nthe others (Monroe et al. 2008,\n"
            "prior = corpus counts). After each\nterm: (uses in the outlet | uses\nelsewhere). Dashed line: z = 1.96.",
            fontsize=SMALLEST_TEXT, va="center",
        )
    return fig, chosen[["outlet", "term", "n", "count", "count_rest", "log_odds", "z", "chi2", "p"]]


# 07 ─────────────────────────────────────────────────────────────────────────────
@styled
def who_is_quoted(tables: dict, corpus_name: str):
    """Quoted words by speaker group per outlet, as a share of the outlet's body words."""
    voices = tables["voices_by_outlet"]
    outlets = list(dict.fromkeys(tables["articles"]["outlet"]))
    groups = [g for g in voices["group"].unique() if g != "outlet narrative"]
    shares = voices.pivot(index="outlet", columns="group", values="share_of_words").reindex(index=outlets, columns=groups)
    words = voices.pivot(index="outlet", columns="group", values="words").reindex(index=outlets, columns=groups)
    colours = group_colours(groups)  # every group's colour, as on the article pages, also where only some are drawn
    drawn = [group for group in groups if words[group].sum() > 0]  # a group nobody quoted has no bar and no legend key
    legend_columns = len(drawn) if len(drawn) <= 5 else 3  # five keys fit one row; more wrap
    legend_rows = int(np.ceil(max(len(drawn), 1) / max(legend_columns, 1)))
    fig, ax = new_figure(2.9 + 0.16 * (legend_rows - 1))
    y = np.arange(len(outlets))[::-1]
    left = np.zeros(len(outlets))
    for group in drawn:
        values = 100 * shares[group].fillna(0).to_numpy()
        ax.barh(y, values, left=left, color=colours[group], height=0.62, label=GROUP_LABELS.get(group, group), edgecolor="white", linewidth=0.5)
        for yy, x0, value, count in zip(y, left, values, words[group]):
            if value >= 3:
                ax.text(x0 + value / 2, yy, f"{int(count)}", ha="center", va="center", fontsize=SMALLEST_TEXT, color=text_colour_on(colours[group]))
        left += values
    for yy, total in zip(y, left):
        ax.text(total, yy, f"  {total:.0f}%", va="center", fontsize=SMALLEST_TEXT)
    ax.set_yticks(y, outlets)
    ax.set_xlim(0, max(10, left.max() * 1.15))
    ax.set_xlabel("% of the outlet's body words that are quoted speech (number in bar: quoted words)")
    if drawn:
        fig.legend(*ax.get_legend_handles_labels(), loc="lower right", ncol=legend_columns, bbox_to_anchor=(0.99, 0.22 / fig.get_figheight()),
                   handletextpad=0.3, columnspacing=0.9)
    totals = words.sum()
    top_group = totals.idxmax() if totals.sum() else None
    title = (
        f"Who gets to speak: {totals[top_group] / totals.sum():.0%} of all quoted words are from "
        f"{GROUP_LABELS.get(top_group, top_group)}"
        if top_group else "Who gets to speak: no quotations found"
    )
    finish(
        fig,
        title,
        f"Words inside quotations of speech, by the speaker's group ({input_file(tables, 'speakers', 'the speakers file')}), as a share of "
        "each outlet's body words; the rest is the outlet's own narration.",
        corpus_line(tables, corpus_name), bottom=0.85 + 0.16 * (legend_rows - 1), left=0.22,
    )
    fig.subplots_adjust(right=0.97)
    data = shares.stack().rename("share_of_words").reset_index().merge(words.stack().rename("words").reset_index(), on=["outlet", "group"])
    return fig, data


# 08 ─────────────────────────────────────────────────────────────────────────────
@styled
def frame_positions(tables: dict, corpus_name: str):
    """Dispersion plot: where in each article every frame hit falls, headline and lead marked."""
    hits = tables["frame_hits"]
    sentences = tables["sentences"]
    articles = tables["articles"]
    frames = tables["codebook"].drop_duplicates("frame")[["frame", "label"]]
    labels = article_labels(articles)
    colours = outlet_colours(articles["outlet"])
    outlet_of = articles.set_index("article_id")["outlet"]
    lengths = articles.set_index("article_id")["characters"]
    body = sentences[sentences["part"] == "body"]
    fourth = body.groupby("article_id")["start"].nth(3)  # the lead is the first three body sentences
    lead_end = (body.loc[fourth.index].set_index("article_id")["start"] / lengths).reindex(articles["article_id"]).fillna(1.0)
    headline_x = -0.12
    data = hits[hits["part"].isin(["headline", "body"])].assign(
        position=lambda h: np.where(h["part"] == "body", h["start"] / h["article_id"].map(lengths).astype(float), headline_x).round(4)
    )
    columns = 3
    rows = int(np.ceil(len(frames) / columns))
    fig, axes = new_figure((0.45 + 0.15 * min(articles["outlet"].nunique() if len(articles) > ARTICLE_ROWS_UP_TO else len(articles), ARTICLE_ROWS_UP_TO)) * rows + 1.5,
                           nrows=rows, ncols=columns, sharex=True, sharey=True)
    axes = np.atleast_1d(axes).ravel()
    by_outlet = len(articles) > ARTICLE_ROWS_UP_TO  # one row per outlet, hits pooled, for large corpora
    unit_of = outlet_of if by_outlet else pd.Series(articles["article_id"].to_numpy(), index=articles["article_id"])
    units = list(dict.fromkeys(unit_of[articles["article_id"]]))
    unit_lead = lead_end.groupby(unit_of[lead_end.index].to_numpy()).mean()
    y_of = {unit: len(units) - 1 - i for i, unit in enumerate(units)}
    for ax, frame, label in zip(axes, frames["frame"], frames["label"]):
        ax.barh(list(y_of.values()), [unit_lead[u] for u in y_of], left=0, height=0.8, color="#ececec", zorder=0)
        ax.axvline(-0.05, color="#bbbbbb", linewidth=0.5)
        subset = data[data["frame"] == frame]
        ax.scatter(subset["position"], subset["article_id"].map(unit_of).map(y_of), marker="|", s=55, linewidths=1.2,
                   color=subset["article_id"].map(outlet_of).map(colours), zorder=2, alpha=0.5 if by_outlet else 1)
        ax.set_title("\n".join(textwrap.wrap(label, 24)), loc="left", fontsize=SMALLEST_TEXT)
        ax.set_ylim(-0.6, len(y_of) - 0.4)
        ax.set_xlim(headline_x - 0.07, 1.02)
        ax.set_xticks([headline_x, 0, 0.5, 1], ["H", "0", "0.5", "1"])
        ax.tick_params(axis="y", length=0)
    for index in range(0, len(axes), columns):
        axes[index].set_yticks(list(y_of.values()), [u if by_outlet else labels[u] for u in y_of], fontsize=SMALLEST_TEXT)
    for ax in axes[len(frames):]:
        ax.axis("off")
    fig.text(0.6, 0.32 / fig.get_figheight(), "position in the article body (0 = first character, 1 = last); H = headline",
             ha="center", fontsize=7)
    finish(
        fig,
        "Where each frame appears in the articles",
        "Each tick is one framing hit at its character position in the body (multi-word markers at their first character); "
        "ticks at H are in the headline; grey bars mark the lead, the first three sentences.",
        corpus_line(tables, corpus_name), bottom=0.75, top_pad=0.2, left=0.2,
    )
    fig.subplots_adjust(right=0.98, wspace=0.08, hspace=0.6)
    data = data.assign(lead_end=data["article_id"].map(lead_end).round(4), frame_label=data["frame"].map(frames.set_index("frame")["label"]))
    return fig, data[["outlet", "article_id", "frame", "frame_label", "part", "marker", "matched", "position", "lead_end"]]


# 09 ─────────────────────────────────────────────────────────────────────────────
def similarity_range(values: np.ndarray) -> tuple[float, float]:
    """The colour scale of a similarity matrix: its values' range, widened to tenths (0 to 1 when it has none)."""
    shown = values[~np.isnan(values)]
    if not len(shown):
        return 0.0, 1.0
    low, high = np.floor(shown.min() * 10) / 10, np.ceil(shown.max() * 10) / 10
    return float(low), float(max(high, low + 0.1))


@styled
def text_reuse_chart(tables: dict, corpus_name: str, passages_shown: int = 6):
    """Article × article similarity, with the passages they share word for word."""
    pairs = tables["reuse_pairs"]
    passages = tables["reuse_passages"]
    articles = tables["articles"]
    labels = article_labels(articles)
    by_outlet = len(articles) > ARTICLE_ROWS_UP_TO  # outlet × outlet means for large corpora
    unit_of = articles.set_index("article_id")["outlet"] if by_outlet else pd.Series(labels)
    units = list(dict.fromkeys(unit_of[articles["article_id"]]))
    size = len(units)
    index = {unit: i for i, unit in enumerate(units)}
    sums, counts = np.zeros((size, size)), np.zeros((size, size))
    shared = np.zeros((size, size), dtype=int)
    for row in pairs.itertuples():
        i, j = index[unit_of[row.article_a]], index[unit_of[row.article_b]]
        for a, b in {(i, j), (j, i)}:
            sums[a, b] += row.tfidf_cosine
            counts[a, b] += 1
            shared[a, b] += row.passages
    with np.errstate(invalid="ignore"):
        cosine = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    cosine[np.triu_indices(size, k=1)] = np.nan  # the matrix is symmetric: each pair once, below the diagonal
    # Articles are never paired with themselves: without the empty diagonal, the first row and last column go.
    trimmed = not by_outlet and size > 1  # one article alone has no pair: its single empty cell stays
    rows, columns = (units[1:], units[:-1]) if trimmed else (units, units)
    cosine, shared = (cosine[1:, :-1], shared[1:, :-1]) if trimmed else (cosine, shared)
    low, high = similarity_range(cosine)
    lines = []
    for row in passages.sort_values(["tokens", "article_a"], ascending=[False, True]).head(passages_shown).itertuples():
        lead = f"• {labels[row.article_a]} & {labels[row.article_b]}, {row.tokens} tokens: "
        lines.append(lead + "“" + textwrap.shorten(row.text_a, max(20, 118 - len(lead)), placeholder="…") + "”")
    if len(passages) > passages_shown:
        lines.append(f"… and {len(passages) - passages_shown:,} more in tables/reuse_passages.csv")
    listing = "\n".join(["Longest passages shared word for word (8 tokens or more):", *(lines or ["none"])])
    listing_height = 0.17 * (listing.count("\n") + 1) + 0.35
    crowded = len(columns) > 2 and max(map(len, map(str, columns))) > 10
    label_room = 0.036 * max(map(len, map(str, columns))) + 0.25 if crowded else 0.35  # inches under the axes for the column labels
    fig, ax = new_figure(3.25 + listing_height + label_room)
    image = ax.imshow(cosine, cmap="Blues", vmin=low, vmax=high)
    for (i, j), value in np.ndenumerate(cosine):
        if not np.isnan(value):
            note = f"\n({shared[i, j]:,})" if shared[i, j] else ""
            ax.text(j, i, f"{value:.2f}{note}", ha="center", va="center", fontsize=SMALLEST_TEXT,
                    color="white" if value > low + 0.6 * (high - low) else "#222222", linespacing=1.1)
    label_heatmap(fig, ax, image, columns, rows, "TF-IDF cosine similarity", fraction=0.046, crowded=crowded)
    fig.text(0.012, 0.3 / fig.get_figheight(), listing, fontsize=SMALLEST_TEXT, va="bottom", ha="left", linespacing=1.45)
    pairs_sharing = int((pairs["passages"] > 0).sum())
    finish(
        fig,
        f"Shared wording: {len(passages):,} passages of 8+ identical tokens, in {pairs_sharing:,} of {len(pairs):,} article pairs",
        ("Cells: mean cosine similarity of the TF-IDF vectors of the two outlets' articles " if by_outlet else
         "Cells: cosine similarity of the two articles' TF-IDF vectors ")
        + ("over the pairs scored, those sharing a passage or among an article's nearest by TF-IDF, so above the mean of all pairs "
           if len(articles) > ALL_PAIRS_UP_TO else "")
        + "(unigrams, stopwords removed) and, in brackets, the number of passages of eight or more identical tokens "
        f"they share; each pair once. The colour scale runs over the data's range, {low:.1f} to {high:.1f}, not 0 to 1. "
        "Below: the longest of those passages.",
        corpus_line(tables, corpus_name), bottom=listing_height + 0.3 + label_room, left=0.05,
    )
    data = pairs[["outlet_a", "article_a", "outlet_b", "article_b", "tfidf_cosine", "passages", "shared_tokens_a", "shared_tokens_b"]]
    return fig, data


FIGURES = [
    ("01-corpus-overview", corpus_overview),
    ("02-frame-prevalence", frame_prevalence),
    ("03-frames-by-voice", frames_by_voice_chart),
    ("04-sentiment-per-outlet", sentiment_per_outlet),
    ("05-sentiment-by-frame", sentiment_by_frame_chart),
    ("06-distinctive-terms", distinctive_terms),
    ("07-who-is-quoted", who_is_quoted),
    ("08-frame-positions", frame_positions),
    ("09-text-reuse", text_reuse_chart),
]


# 10 ─────────────────────────────────────────────────────────────────────────────
MEASURE_STYLE = {"precision": ("o", "#0072B2"), "recall": ("D", "#D55E00")}  # Okabe & Ito blue and vermilion


def validation_data(frame_scores: pd.DataFrame, agreement: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """The pooled-coder rows of the frame scores, one per codebook version and frame, with the coders' alpha."""
    pooled = pooled_scores(frame_scores)
    alpha = agreement.set_index("variable")["alpha_between_coders"]
    pooled["label"] = [labels.get(frame, frame) for frame in pooled["frame"]]
    pooled["alpha_between_coders"] = pooled["frame"].map(alpha)
    return pooled.reset_index(drop=True)


def validation_row_label(row, coders: int) -> str:
    """The frame, the coders' alpha and how many sampled sentences the codebook hit and the coders marked (mean)."""
    alpha = "α undefined" if pd.isna(row.alpha_between_coders) else f"α {row.alpha_between_coders:.2f}"
    codebook, marked = (row.both + row.codebook_only) / coders, (row.both + row.coder_only) / coders
    return f"{row.label}\n{alpha}; hits: codebook {codebook:g}, coders {marked:g}"


@styled
def validation_chart(frame_scores: pd.DataFrame, agreement: pd.DataFrame, labels: dict[str, str], source: str):
    """Per frame: the codebook's precision and recall against the coders, pooled, with 95% intervals; where the
    codebook was revised after coding, the version the sample was drawn with is drawn hollow beside it."""
    data = validation_data(frame_scores, agreement, labels)
    versions = list(dict.fromkeys(data["codebook"]))
    revised = len(versions) > 1 and not data[data["codebook"] == versions[0]][["precision", "recall"]].reset_index(drop=True).equals(
        data[data["codebook"] == versions[-1]][["precision", "recall"]].reset_index(drop=True))
    shown = versions if revised else versions[-1:]
    frames = list(dict.fromkeys(data["frame"]))
    fig, ax = new_figure(1.5 + 0.42 * len(frames))
    offsets = {("precision", shown[-1]): -0.12, ("recall", shown[-1]): 0.12, ("precision", shown[0]): -0.27, ("recall", shown[0]): 0.27}
    for version in shown:
        rows = data[data["codebook"] == version].set_index("frame").reindex(frames)
        hollow = revised and version == shown[0]
        for measure, (marker, colour) in MEASURE_STYLE.items():
            y = np.arange(len(frames)) + offsets[(measure, version)]
            values, low, high = rows[measure].to_numpy(float), rows[f"{measure}_low"].to_numpy(float), rows[f"{measure}_high"].to_numpy(float)
            ax.errorbar(values, y, xerr=[np.clip(values - low, 0, None), np.clip(high - values, 0, None)], fmt="none", ecolor=colour,
                        elinewidth=0.8, alpha=0.5 if hollow else 1.0)
            name = f"{measure}{' (codebook before revision)' if hollow else ''}"
            ax.scatter(values, y, marker=marker, s=22, facecolors="white" if hollow else colour, edgecolors=colour, linewidths=0.9,
                       label=name, zorder=3)
            for value, position in zip(values, y):
                if np.isnan(value):
                    ax.text(0.01, position, f"{measure} undefined", fontsize=7, va="center", color="#666666")
    latest = data[data["codebook"] == shown[-1]].set_index("frame").reindex(frames)
    coders = int(agreement["coders"].iloc[0]) if len(agreement) else 1
    ax.set_yticks(range(len(frames)), [validation_row_label(row, coders) for row in latest.assign(frame=frames).itertuples()])
    ax.invert_yaxis()
    ax.set_xlim(0, 1.02)
    ax.set_xlabel("share (1 = perfect)")
    ax.grid(axis="x", color="#dddddd", linewidth=0.5)
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2, handletextpad=0.3, columnspacing=1.2)
    sentences = int(data["sentences"].max() // coders) if len(data) else 0
    finish(fig, "Is a frame hit that frame, and does the codebook find the framing coders see?",
           f"Precision: share of the codebook's hits the coders marked; recall: share of the coders' marks the codebook hit. "
           f"{coders} coder(s), {sentences} sampled body sentences, pooled and weighted by sampling weight; bars: 95% stratified "
           "bootstrap intervals. α: Krippendorff's alpha between coders. Hits: sampled sentences the codebook hit and the coders "
           "marked (mean of coders).", source, bottom=0.6, top_pad=0.45 if revised else 0.25, left=0.38)
    return fig, data


OUTLET_COLUMNS = ("outlet", "outlet_a", "outlet_b")


def outlets_with_language(tables: dict) -> dict:
    """In a corpus of several languages, every outlet named with its language, "El Faro (es)", in every table the
    charts read, so that no chart compares outlets without saying in which language each wrote."""
    articles = tables["articles"]
    if "language" not in articles or articles["language"].nunique() < 2:
        return tables
    languages = articles.groupby("outlet", sort=False)["language"].agg(lambda codes: "+".join(sorted(set(codes))))
    shown = {outlet: f"{outlet} ({code})" for outlet, code in languages.items()}
    return {name: table.assign(**{c: table[c].map(lambda o: shown.get(o, o)) for c in OUTLET_COLUMNS if c in table.columns})
            if isinstance(table, pd.DataFrame) else table for name, table in tables.items()}


def draw_all(tables: dict, corpus_name: str):
    """Every figure, as (name, figure, data); outlets carry their language where the corpus has several."""
    tables = outlets_with_language(tables)
    for name, draw in FIGURES:
        figure, data = draw(tables, corpus_name)
        yield name, figure, data
