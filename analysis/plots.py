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
import re
import textwrap
from collections.abc import Iterable
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch
from matplotlib.textpath import TextToPath

from .intervals import ARTICLES, ARTICLES_THEN_SENTENCES, SENTENCES
from .parted import PartedTable, selected, stored, table_parts
from .quotes import UNATTRIBUTED
from .reuse import ALL_PAIRS_UP_TO
from .speakers import UNLISTED
from .validation import pooled_scores
from .voices import LABEL, NARRATIVE, QUOTATION

WIDTH = 6.5  # inches: a report's text column
DPI = 300
# Okabe & Ito (2008), without yellow, which is unreadable as text or thin marks on white. No grey either: simulated
# deuteranopia puts it within 7 CIELAB units of the reddish purple (tests/test_plots.py measures every pair).
OUTLET_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000"]
# Beyond the palette, repeated colours would pair unrelated outlets: every outlet takes this one colour instead, and
# every chart names the outlet on its row or panel (the source line says so).
SHARED_OUTLET_COLOUR = "#0072B2"
# Paul Tol's "muted" scheme: nine colour-blind-safe colours, one per frame.
FRAME_COLOURS = ["#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933", "#AA4499"]
# Speaker groups take Tol's "muted" colours by their order in the speakers file; speech whose
# speaker is unknown is always grey.
GROUP_COLOURS = ["#332288", "#117733", "#CC6677", "#DDCC77", "#88CCEE", "#44AA99", "#999933", "#AA4499", "#882255"]
UNATTRIBUTED_COLOUR = "#BBBBBB"
GROUP_LABELS = {UNLISTED: "speakers not in the speakers file"}
NEUTRAL_BAND = (-0.05, 0.05)
ARTICLE_ROWS_UP_TO = 30  # above this many articles, per-article charts show one row per outlet
# Above these, a chart that draws every sentence or hit draws an even sample: a row of 100,000 dots says no more than
# one of 1,000, and the SVG of every sentence of 100,000 articles would weigh gigabytes. Its CSV is what it drew.
DOTS_PER_OUTLET = 1_000
TICKS_PER_OUTLET_AND_FRAME = 300
SIGNIFICANT_Z = 1.96
PANEL_GAP = 0.6  # inches between rows of small multiples: the next row's titles and this row's axis labels
PROFILE_INNER_GAP = 0.45  # inches under an outlet profile's bars: their axis label and the title of its strip below
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
TITLE_SIZE = 9.5
MIN_PLOT_HEIGHT = 0.6  # inches left for the axes however small the corpus and long the captions
EDGE = 0.04  # inches kept clear between any label and the canvas's left or right edge
TEXT_TO_PATH = TextToPath()
PNG_METADATA = {"Software": None}
SVG_METADATA = {"Date": None, "Creator": None}


def outlet_colours(outlets) -> dict[str, str]:
    """Outlet → colour, by order of first appearance (the manifest's order), the same in every chart; one shared
    colour for all when there are more outlets than the palette has colours."""
    unique = list(dict.fromkeys(outlets))
    if len(unique) > len(OUTLET_COLOURS):
        return dict.fromkeys(unique, SHARED_OUTLET_COLOUR)
    return dict(zip(unique, OUTLET_COLOURS))


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
    outlets = articles["outlet"].nunique()
    shared = (f" {outlets} outlets are more than the palette's {len(OUTLET_COLOURS)} colour-blind-safe colours: all are drawn in "
              "one colour and named on their row or panel." if outlets > len(OUTLET_COLOURS) else "")
    return (
        f"Source: corpus '{corpus_name}', {len(articles)} articles from {outlets} outlets, "
        f"{int(articles['words'].sum()):,} words. Tables in tables/.{shared}"
    )


def text_inches(text: str, fontsize: float, weight: str = "normal") -> float:
    """How wide ``text`` is set in the study's font, in inches (measured from the glyphs)."""
    return TEXT_TO_PATH.get_text_width_height_descent(text, FontProperties(family=STYLE["font.family"], size=fontsize, weight=weight),
                                                      ismath=False)[0] / 72


def wrapped_name(name: str, inches: float, fontsize: float = SMALLEST_TEXT, weight: str = "normal") -> str:
    """``name`` wrapped to lines of at most ``inches``, broken at spaces, before dots and after hyphens, never inside a
    word ("patriotmomdigest.com" breaks before ".com" if at all; a word longer than the line stays whole)."""
    pieces = re.split(r"(?<=[ \-])|(?=\.)", str(name))
    lines = [""]
    for piece in filter(None, pieces):
        if lines[-1] and text_inches((lines[-1] + piece).rstrip(), fontsize, weight) > inches:
            lines.append("")
        lines[-1] += piece
    return "\n".join(line.strip() for line in lines)


def styled(draw):
    """Run a figure function inside the study's style, so every artist it makes uses it."""

    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        with plt.rc_context(STYLE):
            return draw(*args, **kwargs)

    return wrapper


def chart(draw):
    """A figure function (returning ``(figure, data)``) drawn in the study's style, its margins then widened until
    every label is inside the canvas, however long the outlets' names."""

    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        with plt.rc_context(STYLE):
            fig, data = draw(*args, **kwargs)
            keep_inside(fig)
        return fig, data

    return wrapper


def keep_inside(fig) -> None:
    """Move the axes' left and right margins inwards by what their labels overhang the canvas's edges."""
    renderer = fig.canvas.get_renderer()
    width, edge = fig.bbox.width, EDGE * fig.dpi
    for _ in range(3):  # a shift narrows the axes, which can move their labels again
        boxes = [ax.get_tightbbox(renderer) for ax in fig.axes if ax.get_visible() and ax.axison]
        if not boxes:
            return
        over_left = max(0.0, edge - min(box.x0 for box in boxes))
        over_right = max(0.0, max(box.x1 for box in boxes) - (width - edge))
        if over_left < 0.5 and over_right < 0.5:
            return
        params = fig.subplotpars
        fig.subplots_adjust(left=params.left + over_left / width, right=params.right - over_right / width)


def fitted_lines(fig, text: str, fontsize: float, weight: str = "normal") -> list[str]:
    """``text`` wrapped so that each line fits the figure's width (measured, not estimated)."""
    measured = text_inches(text, fontsize, weight)
    room = fig.get_figwidth() * (1 - 0.012) - 2 * EDGE
    if measured <= room:
        return [text]
    return textwrap.wrap(text, max(20, int(len(text) * room / measured * 0.97)))


def new_figure(height: float, **subplots):
    return plt.subplots(figsize=(WIDTH, height), **subplots)


def finish(fig, title: str, subtitle: str, source: str, *, bottom: float = 0.45, top_pad: float = 0.0, left: float | None = None) -> None:
    """Title and subtitle above the axes and the source line below, left-aligned; margins in inches."""
    title_lines = fitted_lines(fig, title, TITLE_SIZE, "bold")  # a title naming a long group wraps, never runs off
    lines = textwrap.wrap(subtitle, SUBTITLE_CHARACTERS)
    source_lines = textwrap.wrap(source, SUBTITLE_CHARACTERS)  # a long source (many coding sheets) wraps, never runs off
    below_title = 0.32 + 0.17 * (len(title_lines) - 1)
    header = below_title + 0.135 * len(lines) + 0.15 + top_pad
    raised = 0.135 * max(len(source_lines) - 1, 0)
    bottom += raised
    if header + bottom + MIN_PLOT_HEIGHT > fig.get_figheight():  # a corpus of one outlet and one frame still gets a plot
        fig.set_figheight(header + bottom + MIN_PLOT_HEIGHT)
    height = fig.get_figheight()
    fig.text(0.012, 1 - 0.08 / height, "\n".join(title_lines), ha="left", va="top", fontsize=TITLE_SIZE, fontweight="bold")
    fig.text(0.012, 1 - below_title / height, "\n".join(lines), ha="left", va="top", fontsize=7, color="#333333", linespacing=1.35)
    fig.text(0.012, 0.05 / height, "\n".join(source_lines), ha="left", va="bottom", fontsize=SMALLEST_TEXT, color="#666666")
    for legend in fig.legends:  # a legend placed above the source line stays above it when the source wraps
        anchor = legend.get_bbox_to_anchor()
        legend.set_bbox_to_anchor((anchor.x0 / fig.bbox.width, (anchor.y0 + raised * fig.dpi) / fig.bbox.height), transform=fig.transFigure)
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
    longest = max(map(len, map(str, columns)), default=0)
    flat = longest <= 3  # numbers: level when one digit, turned upright when more would touch
    rotation = 45 if crowded else (90 if longest > 1 else 0) if flat else 20
    ax.set_xticks(range(len(columns)), columns, rotation=rotation, ha="center" if flat else "right",
                  rotation_mode="anchor" if crowded else "default")
    ax.set_yticks(range(len(rows)), rows)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    bar = fig.colorbar(image, ax=ax, fraction=fraction, pad=0.03)
    bar.set_label(colour_label)
    bar.outline.set_visible(False)


# 01 ─────────────────────────────────────────────────────────────────────────────
@chart
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
    rewrites = int(articles["rewrite"].sum())
    if data["rewrite"].any():  # above the source line, which can wrap to the full width
        fig.legend(handles=[Patch(facecolor="#777777", hatch="////", edgecolor="white", label="hatched: rewrite of another outlet's report")],
                   loc="lower right", bbox_to_anchor=(0.99, 0.2 / fig.get_figheight()))
    finish(
        fig,
        f"The corpus: {len(articles)} articles from {articles['outlet'].nunique()} outlets, "
        + (f"{rewrites} of them a rewrite" if rewrites == 1 else f"{rewrites} of them rewrites"),
        "Body words (project tokenizer) and sentences after cleaning; quotations of speech in headline and body. "
        "An article is a rewrite when its manifest notes say so.",
        corpus_line(tables, corpus_name), bottom=0.8 if data["rewrite"].any() else 0.62, left=0.3,
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
    """Which frame is densest in most outlets (frames × outlets), counting only outlets with any framing hit and
    saying where the frame only ties for densest."""
    framed = rates.loc[:, rates.fillna(0).max(axis=0) > 0]
    if framed.empty:
        return "No framing marker of the codebook occurs in the corpus"
    densest = framed.eq(framed.max(axis=0), axis=1)  # frame × outlet: the outlet's densest frame, ties included
    frame = densest.sum(axis=1).idxmax()
    count = int(densest.loc[frame].sum())
    tied = int((densest.loc[frame] & (densest.sum(axis=0) > 1)).sum())
    unframed = rates.shape[1] - framed.shape[1]
    notes = [f"tied in {tied}"] * bool(tied) + [f"{unframed} with no hit at all"] * bool(unframed)
    tail = f" ({'; '.join(notes)})" if notes else ""
    return f"{labels[frame]} is the densest frame in {count} of {rates.shape[1]} outlets{tail}"


def rate_interval_note(by_outlet: pd.DataFrame, tables: dict) -> str:
    """What the rates' intervals are, as the subtitle says it."""
    if articles_per_outlet(tables) == 1:
        return "the exact Poisson interval of the hit count. With one article per outlet, it describes that text, not the outlet"
    if (by_outlet["interval"] == ARTICLES).all():
        return "from resampling the outlet's articles"
    return "from resampling the outlet's articles; the exact Poisson interval of the count where an outlet has one article or no hit"


def frame_panels(panels: int, outlets: list, extra: float = 1.6):
    """One panel per frame, three to a row, the outlets in rows of every panel; a panel grows with the outlets."""
    columns = min(3, max(1, panels))
    rows = int(np.ceil(panels / columns))
    fig, axes = new_figure(extra + rows * (0.1 + 0.17 * len(outlets)) + (rows - 1) * PANEL_GAP,
                           nrows=rows, ncols=columns, sharex=True, sharey=True, squeeze=False)
    return fig, axes


def space_panel_rows(fig, rows: int, gap: float = PANEL_GAP) -> None:
    """``gap`` inches between ``rows`` of panels, whatever their height (matplotlib's gap is a share of it)."""
    if rows > 1:
        params = fig.subplotpars
        height = (params.top - params.bottom) * fig.get_figheight()
        panel = (height - (rows - 1) * gap) / rows
        fig.subplots_adjust(hspace=gap / panel)


def count_at_right(ax, y: float, count) -> None:
    ax.text(1.03, y, f"{int(count)}", transform=ax.get_yaxis_transform(), va="center", fontsize=SMALLEST_TEXT)


def frame_title(ax, label: str) -> None:
    ax.set_title("\n".join(textwrap.wrap(label, 22)), loc="left", fontsize=7.5, fontweight="bold")


def row_label_margin(labels) -> float:
    """A first guess of the left margin (share of the width) for row labels; ``keep_inside`` corrects it."""
    return min(0.3, 0.06 + 0.0105 * max(map(len, map(str, labels)), default=0))


def name_outlet_rows(axes, outlets: list) -> None:
    axes[0, 0].set_yticks(np.arange(len(outlets))[::-1], outlets)
    axes[0, 0].set_ylim(-0.6, len(outlets) - 0.4)
    for ax in axes.flat:
        ax.tick_params(axis="y", length=0)


@chart
def frame_prevalence(tables: dict, corpus_name: str):
    """Body hits per 1,000 words of each frame, per outlet, with a 95% interval and the hit count: one panel per
    frame, outlets in rows (a rate from one or two hits carries its uncertainty with it)."""
    by_outlet = tables["frames_by_outlet"]
    frames = tables["codebook"].drop_duplicates("frame")[["frame", "label"]]
    outlets = list(dict.fromkeys(tables["articles"]["outlet"]))
    colours = outlet_colours(outlets)
    fig, axes = frame_panels(len(frames), outlets)
    y = np.arange(len(outlets))[::-1]
    for ax, frame in zip(axes.flat, frames.itertuples()):
        cells = by_outlet[by_outlet["frame"] == frame.frame].set_index("outlet")
        ax.axvline(0, color="#999999", linewidth=0.6, zorder=0)
        ax.grid(axis="x", color="#e4e4e4", linewidth=0.5)
        ax.set_axisbelow(True)
        for yy, outlet in zip(y, outlets):
            if outlet not in cells.index:
                continue
            cell = cells.loc[outlet]
            ax.hlines(yy, cell["ci_low"], cell["ci_high"], color=colours[outlet], linewidth=0.9)
            hollow = cell["hits"] == 0
            ax.scatter(cell["per_1000_words"], yy, s=18, zorder=3, linewidths=0.9, edgecolors=colours[outlet],
                       facecolors="white" if hollow else colours[outlet])
            count_at_right(ax, yy, cell["hits"])
        frame_title(ax, frame.label)
    for ax in axes.flat[len(frames):]:
        ax.set_visible(False)
    name_outlet_rows(axes, outlets)
    axes[0, 0].set_xlim(0, max(1.0, float(np.nanmax(by_outlet[["per_1000_words", "ci_high"]].to_numpy(float), initial=0))) * 1.04)
    for ax in axes[-1]:
        ax.set_xlabel("hits per 1,000 body words")
    rates = by_outlet.pivot(index="frame", columns="outlet", values="per_1000_words").reindex(index=frames["frame"], columns=outlets)
    finish(
        fig,
        densest_frame_title(rates, frames.set_index("frame")["label"]),
        "Dots: framing-marker hits in body text per 1,000 body words (hollow: no hit; number at the right: hits; markers from the codebook "
        f"{input_file(tables, 'codebook', 'the codebook')}, the longest match winning where markers overlap); lines: 95% interval, "
        f"{rate_interval_note(by_outlet, tables)}.",
        corpus_line(tables, corpus_name), bottom=0.75, top_pad=0.3, left=row_label_margin(outlets),
    )
    fig.subplots_adjust(right=0.96, wspace=0.35)
    space_panel_rows(fig, axes.shape[0])
    data = by_outlet.set_index(["outlet", "frame"]).reindex(pd.MultiIndex.from_product([outlets, frames["frame"]], names=["outlet", "frame"]))
    data = data.reset_index().drop(columns="label").merge(frames, on="frame")
    return fig, data[["outlet", "frame", "label", "hits", "per_1000_words", "ci_low", "ci_high", "interval"]]


# 03 ─────────────────────────────────────────────────────────────────────────────
OUTLET_PANELS_PER_ROW = 6
PANEL_SPACE = 0.15  # matplotlib's wspace: the gap between panels as a share of a panel's width


def outlet_grid(frames: pd.DataFrame, outlets: list) -> tuple[list[str], float, int, float, int, float]:
    """The layout of one panel per outlet with the frames in rows (charts 03 and 11): the frame labels, wrapped; the
    left margin (share of the width) they take; panels to a row and a panel's width (inches); rows of panels; and a
    panel's height (inches), more where a label takes two lines."""
    labels = [wrapped_name(label, 1.6) for label in frames["label"]]
    left = (max(text_inches(line, SMALLEST_TEXT) for label in labels for line in label.split("\n")) + 0.2) / WIDTH
    columns, panel_width = outlet_panel_columns(outlets, WIDTH * (0.98 - left))
    height = 0.15 + (0.27 if any("\n" in label for label in labels) else 0.2) * len(frames)
    return labels, left, columns, panel_width, int(np.ceil(len(outlets) / columns)), height


def hits_label(total, quoted) -> str:
    """What follows a bar of chart 03: all hits, and in brackets those inside quotations, if any."""
    return f" {int(total)}" + (f" ({int(quoted)})" if quoted else "")


def voice_keys(*voices: tuple[str, str]) -> list[Patch]:
    """Legend keys in a neutral grey for the voices given as (voice, label)."""
    return [Patch(label=label, **voice_styles("#777777")[voice]) for voice, label in voices]


def outlet_panel_columns(outlets: list, width: float) -> tuple[int, float]:
    """How many outlet panels a row of ``width`` inches holds, at most OUTLET_PANELS_PER_ROW, each wide enough for
    the longest unbreakable part of any outlet's name, rows balanced; and a panel's width in inches."""
    longest = max(text_inches(piece, SMALLEST_TEXT, "bold") for outlet in outlets for piece in wrapped_name(outlet, 0).split("\n"))
    def panel_width(columns: int) -> float:
        return width / (columns + (columns - 1) * PANEL_SPACE)
    columns = max([c for c in range(1, min(len(outlets), OUTLET_PANELS_PER_ROW) + 1) if panel_width(c) >= longest] or [1])
    columns = int(np.ceil(len(outlets) / np.ceil(len(outlets) / columns)))  # 12 outlets in 4 + 4 + 4, not 5 + 5 + 2
    return columns, panel_width(columns)


def voice_styles(colour: str) -> dict[str, dict]:
    """The outlet's own words solid, quoted speech a pale hatched tint, scare-quote labels an empty outline: three
    looks told apart by lightness and texture as well as by colour."""
    return {
        NARRATIVE: dict(facecolor=colour, edgecolor=colour),
        QUOTATION: dict(facecolor=pale(colour), edgecolor=colour, hatch="////"),
        LABEL: dict(facecolor="white", edgecolor=colour),
    }


def pale(colour: str, share: float = 0.35) -> str:
    """``colour`` mixed with white, ``share`` of it kept."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - share * (255 - c)):02x}" for c in channels)


@chart
def frames_by_voice_chart(tables: dict, corpus_name: str):
    """Per outlet, each frame's body hits in the outlet's narrative, in labels, and in quoted speech, with counts."""
    by_voice = tables["frames_by_voice"]
    frames = tables["codebook"].drop_duplicates("frame")[["frame", "label"]]
    outlets = list(dict.fromkeys(tables["articles"]["outlet"]))
    grid = by_voice.pivot_table(index=["outlet", "frame"], columns="voice", values="hits", aggfunc="sum", fill_value=0)
    grid = grid.reindex(columns=[NARRATIVE, LABEL, QUOTATION], fill_value=0)
    grid = grid.reindex(pd.MultiIndex.from_product([outlets, frames["frame"]], names=["outlet", "frame"]), fill_value=0)
    colours = outlet_colours(outlets)
    frame_labels, left, columns, panel_width, rows, panel = outlet_grid(frames, outlets)
    fig, axes = new_figure(2.0 + rows * panel + (rows - 1) * PANEL_GAP, nrows=rows, ncols=columns, sharey=True, sharex=True, squeeze=False)
    y = np.arange(len(frames))[::-1]
    counts = [hits_label(total, quoted) for total, quoted in zip(grid.sum(axis=1), grid[QUOTATION])]
    room = max(0.1, panel_width - max(text_inches(count, SMALLEST_TEXT) for count in counts) - 0.05)
    limit = max(1, int(grid.sum(axis=1).max())) * panel_width / room  # the longest bar leaves room for its count
    for ax, outlet in zip(axes.flat, outlets):
        rows_of_outlet, styles = grid.loc[outlet], voice_styles(colours[outlet])
        stacked = np.zeros(len(frames))
        for voice in (NARRATIVE, QUOTATION, LABEL):
            values = rows_of_outlet[voice].to_numpy()
            ax.barh(y, values, left=stacked, height=0.7, linewidth=0.7, **styles[voice])
            stacked += values
        for yy, total, quoted in zip(y, stacked, rows_of_outlet[QUOTATION]):
            if total:
                ax.text(total, yy, hits_label(total, quoted), va="center", fontsize=SMALLEST_TEXT)
        ax.set_title(wrapped_name(outlet, panel_width, weight="bold"), loc="left", fontsize=SMALLEST_TEXT, fontweight="bold", color=colours[outlet])
        ax.grid(axis="x", color="#e4e4e4", linewidth=0.5)
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0)
        ax.tick_params(axis="x", labelbottom=True)
    for ax in axes.flat[len(outlets):]:
        ax.set_visible(False)
    for ax in axes.flat[max(0, len(outlets) - columns):len(outlets)]:
        ax.set_xlabel("hits")
    axes[0, 0].set_yticks(y, frame_labels)
    axes[0, 0].set_xlim(0, limit)
    fig.legend(
        handles=voice_keys((NARRATIVE, "outlet's own narrative"), (QUOTATION, "inside quoted speech"), (LABEL, "inside scare quotes (a label)")),
        loc="lower right", ncol=3, bbox_to_anchor=(0.99, 0.2 / fig.get_figheight()),
    )
    body = by_voice["hits"].sum()
    quoted = by_voice.loc[by_voice["voice"] == QUOTATION, "hits"].sum()
    finish(
        fig,
        f"Whose words carry each frame: {quoted / body:.0%} of framing hits are inside quotations" if body else "Whose words carry each frame",
        "Body hits of each frame, split by voice: a hit inside a quotation of speech is the speaker's words, not the outlet's. "
        "Number after a bar: all hits (in brackets, those inside quotations).",
        corpus_line(tables, corpus_name), bottom=1.0, top_pad=0.15 + 0.12 * max(wrapped_name(o, panel_width, weight="bold").count("\n") for o in outlets),
        left=left,
    )
    fig.subplots_adjust(wspace=PANEL_SPACE, right=0.98)
    space_panel_rows(fig, axes.shape[0])
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


@chart
def sentiment_per_outlet(tables: dict, corpus_name: str):
    """Every body sentence's compound score, with the outlet mean and its 95% interval."""
    body = selected(tables, "sentences", lambda part: part.loc[part["part"] == "body", ["outlet", "article_id", "sentence", "compound"]])
    summary = tables["sentiment_by_outlet"]
    outlets = list(summary["outlet"])
    colours = outlet_colours(tables["articles"]["outlet"])
    rng = np.random.default_rng(JITTER_SEED)
    fig, ax = new_figure(2.2 + 0.22 * len(outlets))
    ax.axvspan(*NEUTRAL_BAND, color="#e8e8e8", zorder=0)
    ax.axvline(0, color="#999999", linewidth=0.6, zorder=0)
    y_of = {outlet: len(outlets) - 1 - i for i, outlet in enumerate(outlets)}
    several_articles = bool((summary["articles"] > 1).any())
    drawn = even_sample(body, ["outlet"], DOTS_PER_OUTLET)
    points = drawn.assign(y=drawn["outlet"].map(y_of))
    jitter = rng.uniform(-0.22, 0.22, len(points))
    ax.scatter(points["compound"], points["y"] + jitter, s=9, color=points["outlet"].map(colours), alpha=0.6, linewidths=0)
    for row in summary.itertuples():
        yy = y_of[row.outlet]
        if not np.isnan(row.ci_low):
            ax.errorbar(row.mean_compound, yy, xerr=[[row.mean_compound - row.ci_low], [row.ci_high - row.mean_compound]],
                        fmt="none", color="black", capsize=2.5, linewidth=1)
        ax.plot(row.mean_compound, yy, "D", color="black", markersize=4)
        count = f"{row.sentences:,}" + (f" ({row.articles:,})" if several_articles else "")
        ax.text(1.02, yy, count, va="center", fontsize=SMALLEST_TEXT, transform=ax.get_yaxis_transform())
    ax.text(1.02, len(outlets) - 0.45, "sentences\n(articles)" if several_articles else "sentences", va="bottom",
            fontsize=SMALLEST_TEXT, transform=ax.get_yaxis_transform())
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
        f"Dots: body sentences scored with VADER{sample_note(drawn, body, f'{DOTS_PER_OUTLET:,} per outlet')}. Diamonds: outlet mean with a 95% percentile-bootstrap interval "
        f"({resampling_note(summary)}).{' With fewer than 30 sentences per outlet the intervals are wide.' if summary['sentences'].min() < 30 else ''}"
        + not_scored_note(tables, summary),
        corpus_line(tables, corpus_name), bottom=0.9, left=0.22,
    )
    fig.subplots_adjust(right=0.9)
    dots = points[["outlet", "article_id", "sentence", "compound"]].assign(kind="sentence")
    means = summary.melt(id_vars="outlet", value_vars=["mean_compound", "ci_low", "ci_high"], var_name="kind", value_name="compound")
    return fig, pd.concat([dots, means], ignore_index=True)[["outlet", "kind", "article_id", "sentence", "compound"]]


def not_scored_note(tables: dict, summary: pd.DataFrame) -> str:
    """The outlets a sentiment chart leaves out because their language has no validated lexicon, and why."""
    missing = [outlet for outlet in dict.fromkeys(tables["articles"]["outlet"]) if outlet not in set(summary["outlet"])]
    return f" Not scored, no validated sentiment lexicon for their language: {', '.join(missing)}." if missing else ""


# 05 ─────────────────────────────────────────────────────────────────────────────
@chart
def sentiment_by_frame_chart(tables: dict, corpus_name: str):
    """Mean compound of the sentences carrying each frame, per outlet, with counts: one panel per frame that any
    outlet's sentences carry, outlets in rows, so every count is printed at full size beside its dot."""
    data = tables["sentiment_by_frame"]
    frames = tables["codebook"].drop_duplicates("frame")[["frame", "label"]]
    shown = frames[frames["frame"].isin(set(data["frame"]))] if len(data) else frames.iloc[:1]
    outlets = list(dict.fromkeys(tables["articles"]["outlet"]))
    colours = outlet_colours(outlets)
    fig, axes = frame_panels(len(shown), outlets)
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
            count_at_right(ax, yy, cell["sentences"])
        frame_title(ax, frame.label)
    for ax in axes.flat[len(shown):]:
        ax.set_visible(False)
    name_outlet_rows(axes, outlets)
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
        corpus_line(tables, corpus_name), bottom=0.75, top_pad=0.3, left=row_label_margin(outlets),
    )
    fig.subplots_adjust(right=0.96, wspace=0.35)
    space_panel_rows(fig, axes.shape[0])
    return fig, data.merge(frames, on="frame")[["outlet", "frame", "label", "sentences", "mean_compound", "ci_low", "ci_high"]]


# 06 ─────────────────────────────────────────────────────────────────────────────
def outlets_alone_in_their_language(articles: pd.DataFrame) -> tuple[set[str], int]:
    """Outlets that are the only one of their language (keyness has nothing to compare them with), and how many
    languages the corpus has."""
    if "language" not in articles:
        return set(), 1
    outlets = articles.groupby("language")["outlet"].unique()
    return {names[0] for names in outlets if len(names) == 1} if len(outlets) > 1 else set(), len(outlets)


def top_keyness(parts: Iterable[pd.DataFrame], top: int) -> tuple[pd.DataFrame, int]:
    """The first ``top`` unigrams and bigrams of each outlet in keyness order, and how many rows reach
    |z| ≥ 1.96, read part by part (a large corpus's keyness table is never held whole)."""
    chosen, significant = [], 0
    for part in parts:
        chosen.append(part[part["n"] <= 2].groupby("outlet", sort=False).head(top))
        significant += int((part["z"].abs() >= SIGNIFICANT_Z).sum())
    return pd.concat(chosen).groupby("outlet", sort=False).head(top), significant


@chart
def distinctive_terms(tables: dict, corpus_name: str, top: int = 8):
    """Small multiples: each outlet's most distinctive unigrams and bigrams by log-odds z."""
    outlets = list(dict.fromkeys(tables["articles"]["outlet"]))
    colours = outlet_colours(outlets)
    chosen, significant = top_keyness(table_parts(tables, "keyness"), top)
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
        ax.set_title(wrapped_name(outlet, 1.3, weight="bold"), loc="left", fontsize=7, fontweight="bold", color=colours[outlet])
        if terms.empty and outlet in alone:
            ax.text(0.05, 0.5, "the only outlet\nin its language:\nnone to compare\nit with", transform=ax.transAxes, fontsize=SMALLEST_TEXT, va="center")
        ax.set_xlim(0, limit)
        ax.tick_params(axis="y", length=0)
        ax.tick_params(axis="x", labelbottom=True)
    for ax in axes[len(outlets):]:
        ax.axis("off")
    for ax in axes[max(0, len(outlets) - columns):len(outlets)]:
        ax.set_xlabel("log-odds z")
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
@chart
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
    fig, ax = new_figure(1.8 + 0.22 * len(outlets) + 0.16 * (legend_rows - 1))
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


POSITION_HIT_COLUMNS = ["outlet", "article_id", "frame", "part", "marker", "matched", "start"]


def sample_note(drawn: pd.DataFrame, every: pd.DataFrame, most: str) -> str:
    """What a caption says of dots that are a sample (``even_sample``): nothing when they are all."""
    return "" if len(drawn) == len(every) else f" ({len(drawn):,} of {len(every):,}: an even sample of at most {most})"


def even_sample(table: pd.DataFrame, by: list[str], most: int) -> pd.DataFrame:
    """At most ``most`` rows of each group of ``table`` (by the columns ``by``), spread evenly over the group in table
    order; the table itself where no group has more."""
    sizes = table.groupby(by, sort=False)[by[0]].transform("size").to_numpy()
    if not (sizes > most).any():
        return table
    place = table.groupby(by, sort=False).cumcount().to_numpy()
    # Row ``place`` of a group of ``size`` is drawn if it is the nearest to one of ``most`` evenly spaced positions.
    if most == 1:
        return table[place == 0]
    step = np.maximum(sizes - 1, most - 1) / (most - 1)  # a step of 1 in groups drawn whole
    return table[np.rint(np.rint(place / step) * step) == place]


def fourth_body_sentences(sentences: pd.DataFrame) -> pd.DataFrame:
    """Article id and start of each article's fourth body sentence (in one part of the sentences table: an article's
    sentences are never split between parts)."""
    body = sentences[sentences["part"] == "body"]
    return body.loc[body.groupby("article_id")["start"].nth(3).index, ["article_id", "start"]]


# 08 ─────────────────────────────────────────────────────────────────────────────
def joined_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def frame_positions_title(by_article: pd.DataFrame, labels: pd.Series, articles: int) -> str:
    """The finding of the dispersion plot: which frame opens the most articles (headline or lead), and the most
    frequent frame that opens none."""
    up_front = by_article.assign(opens=(by_article["headline_hits"] > 0) | (by_article["lead_hits"] > 0)).groupby(
        "frame", sort=False).agg(opens=("opens", "sum"), hits=("hits", "sum"))
    if not up_front["hits"].sum():
        return "No framing marker of the codebook occurs in the corpus"
    most = int(up_front["opens"].max())
    if not most:
        return "No frame reaches a headline or an article's first three sentences"
    first = up_front.index[up_front["opens"] == most].tolist()
    title = (f"{joined_names([labels[f] for f in first])} {'is' if len(first) == 1 else 'are'} in the headline or lead of "
             f"{most:,} of {articles:,} article{'s' if articles > 1 else ''}{' each' if len(first) > 1 else ''}")
    buried = up_front[(up_front["opens"] == 0) & (up_front["hits"] > 0)].sort_values("hits", ascending=False, kind="stable")
    if len(buried):
        title += f"; {labels[buried.index[0]]}, with {int(buried['hits'].iloc[0])} hits, in none"
    return title


@chart
def frame_positions(tables: dict, corpus_name: str):
    """Dispersion plot: where in each article every frame hit falls, headline and lead marked."""
    articles = tables["articles"]
    frames = tables["codebook"].drop_duplicates("frame")[["frame", "label"]]
    labels = article_labels(articles)
    colours = outlet_colours(articles["outlet"])
    outlet_of = articles.set_index("article_id")["outlet"]
    lengths = articles.set_index("article_id")["characters"]
    fourth = selected(tables, "sentences", fourth_body_sentences)  # the lead is the first three body sentences
    lead_end = (fourth.set_index("article_id")["start"] / lengths).reindex(articles["article_id"]).fillna(1.0)
    headline_x = -0.12
    every = selected(tables, "frame_hits", lambda hits: hits.loc[hits["part"].isin(["headline", "body"]), POSITION_HIT_COLUMNS])
    data = even_sample(every, ["frame", "outlet"], TICKS_PER_OUTLET_AND_FRAME).assign(
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
        frame_positions_title(tables["frames_by_article"], frames.set_index("frame")["label"], len(articles)),
        "Each tick is one framing hit at its character position in the body (multi-word markers at their first character)"
        f"{sample_note(data, every, f'{TICKS_PER_OUTLET_AND_FRAME:,} per outlet and frame')}; "
        "ticks at H are in the headline; grey bars mark the lead, the first three sentences.",
        corpus_line(tables, corpus_name), bottom=0.75, top_pad=0.2, left=0.2,
    )
    fig.subplots_adjust(right=0.98, wspace=0.08)
    space_panel_rows(fig, rows)
    data = data.assign(lead_end=data["article_id"].map(lead_end).round(4), frame_label=data["frame"].map(frames.set_index("frame")["label"]))
    return fig, data[["outlet", "article_id", "frame", "frame_label", "part", "marker", "matched", "position", "lead_end"]]


# 09 ─────────────────────────────────────────────────────────────────────────────
def fitted_quotation(lead: str, text: str, inches: float) -> str:
    """``lead`` and “``text``”, the quotation shortened at a word until the line fits ``inches`` at 7 pt."""
    for characters in range(len(text) + 1, 19, -4):
        line = lead + "“" + textwrap.shorten(text, characters, placeholder="…") + "”"
        if text_inches(line, SMALLEST_TEXT) <= 0.95 * inches:  # glyph metrics run a few per cent short of the rendered line
            return line
    return lead + "“" + textwrap.shorten(text, 20, placeholder="…") + "”"


def similarity_range(values: np.ndarray) -> tuple[float, float]:
    """The colour scale of a similarity matrix: its values' range, widened to tenths (0 to 1 when it has none)."""
    shown = values[~np.isnan(values)]
    if not len(shown):
        return 0.0, 1.0
    low, high = np.floor(shown.min() * 10) / 10, np.ceil(shown.max() * 10) / 10
    return float(low), float(max(high, low + 0.1))


@chart
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
        lines.append(fitted_quotation(lead, row.text_a, WIDTH - 0.2))
    if len(passages) > passages_shown:
        lines.append(f"… and {len(passages) - passages_shown:,} more in tables/reuse_passages.csv")
    listing = "\n".join(["Longest passages shared word for word (8 tokens or more):", *(lines or ["none"])])
    source = corpus_line(tables, corpus_name)
    above_source = 0.3 + 0.135 * (len(textwrap.wrap(source, SUBTITLE_CHARACTERS)) - 1)
    listing_height = 0.141 * (listing.count("\n") + 1) + 0.15  # 7 pt lines at 1.45 spacing
    widest = max(text_inches(str(label), SMALLEST_TEXT) for label in [*rows, *columns])
    # Square cells as large as the width allows (at most half an inch): the figure is as tall as the matrix, no gap.
    cell = min(0.5, (WIDTH - 0.15 - widest - 0.85) / len(columns))
    if cell < 0.2:  # too many to name twice side by side: columns are numbered, and the rows carry the numbers
        number = {unit: f"{i + 1}" for i, unit in enumerate(units)}
        rows, columns = [f"{unit}  {number[unit]}" for unit in rows], [number[unit] for unit in columns]
        widest = max(text_inches(label, SMALLEST_TEXT) for label in rows)
        cell = max(0.12, (WIDTH - 0.15 - widest - 0.85) / len(columns))
    crowded = len(columns) > 2 and max(map(len, map(str, columns))) > 10
    label_room = 0.71 * max(text_inches(str(label), SMALLEST_TEXT) for label in columns) + 0.2 if crowded else 0.35  # 45°, or flat
    annotated, counted = cell >= 0.28, cell >= 0.38  # a value, and below it a count, fit inside the cell at 7 pt
    fig, ax = new_figure(1.05 + cell * len(rows) + listing_height + label_room)
    image = ax.imshow(cosine, cmap="Blues", vmin=low, vmax=high)
    for (i, j), value in np.ndenumerate(cosine if annotated else np.full((0, 0), np.nan)):
        if not np.isnan(value):
            note = f"\n({shared[i, j]:,})" if shared[i, j] and counted else ""
            ax.text(j, i, f"{value:.2f}{note}", ha="center", va="center", fontsize=SMALLEST_TEXT,
                    color="white" if value > low + 0.6 * (high - low) else "#222222", linespacing=1.1)
    label_heatmap(fig, ax, image, columns, rows, "TF-IDF cosine similarity", fraction=0.046, crowded=crowded)
    fig.text(0.012, above_source / fig.get_figheight(), listing, fontsize=SMALLEST_TEXT, va="bottom", ha="left", linespacing=1.45)
    pairs_sharing = int((pairs["passages"] > 0).sum())
    finish(
        fig,
        f"Shared wording: {len(passages):,} passages of 8+ identical tokens, in {pairs_sharing:,} of {len(pairs):,} article pairs",
        ("Cells: mean cosine similarity of the TF-IDF vectors of the two outlets' articles " if by_outlet else
         "Cells: cosine similarity of the two articles' TF-IDF vectors ")
        + ("over the pairs scored, those sharing a passage or among an article's nearest by TF-IDF, so above the mean of all pairs "
           if len(articles) > ALL_PAIRS_UP_TO else "")
        + "(unigrams, stopwords removed) and, in brackets, the number of passages of eight or more identical tokens "
        f"they share; each pair once{'' if counted else ' (in 09-text-reuse.csv: the cells are too small to print them)'}. "
        f"The colour scale runs over the data's range, {low:.1f} to {high:.1f}, not 0 to 1. "
        "Below: the longest of those passages.",
        source, bottom=listing_height + 0.3 + label_room, left=0.05,
    )
    data = pairs[["outlet_a", "article_a", "outlet_b", "article_b", "tfidf_cosine", "passages", "shared_tokens_a", "shared_tokens_b"]]
    return fig, data


# 11 ─────────────────────────────────────────────────────────────────────────────
def profile_data(tables: dict, outlets: list, frames: pd.DataFrame, groups: list) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each outlet's framing hits by frame and voice, as shares of its framing hits; and its quoted words by
    speaker group, as shares of its quoted words."""
    by_voice = tables["frames_by_voice"]
    hits = by_voice.assign(voice=np.where(by_voice["voice"] == QUOTATION, "quoted", "own")).pivot_table(
        index=["outlet", "frame"], columns="voice", values="hits", aggfunc="sum", fill_value=0
    ).reindex(columns=["own", "quoted"], fill_value=0)
    hits = hits.reindex(pd.MultiIndex.from_product([outlets, frames["frame"]], names=["outlet", "frame"]), fill_value=0)
    totals = hits.groupby(level="outlet", sort=False).sum().sum(axis=1)
    framing = hits.rename(columns={"own": "own_hits", "quoted": "quoted_hits"}).reset_index()
    for voice in ("own", "quoted"):
        framing[f"{voice}_share"] = (framing[f"{voice}_hits"] / framing["outlet"].map(totals).replace(0, np.nan)).round(4)
    voices = tables["voices_by_outlet"]
    words = voices.pivot(index="outlet", columns="group", values="words").reindex(index=outlets, columns=groups).fillna(0)
    quoting = words.stack().rename("words").reset_index()
    quoting["share_of_quoted_words"] = (quoting["words"] / quoting["outlet"].map(words.sum(axis=1)).replace(0, np.nan)).round(4)
    return framing.merge(frames, on="frame"), quoting


@chart
def outlet_profiles(tables: dict, corpus_name: str):
    """Small multiples, one per outlet: its framing profile (each frame's share of its framing hits, split into its
    own words and quoted speech) above who it quotes (its quoted words by speaker group)."""
    frames = tables["codebook"].drop_duplicates("frame")[["frame", "label"]]
    outlets = list(dict.fromkeys(tables["articles"]["outlet"]))
    groups = [g for g in tables["voices_by_outlet"]["group"].unique() if g != "outlet narrative"]
    framing, quoting = profile_data(tables, outlets, frames, groups)
    colours, group_colour = outlet_colours(outlets), group_colours(groups)
    frame_labels, left, columns, panel_width, rows, profile = outlet_grid(frames, outlets)
    strip = 0.3
    drawn = [g for g in groups if quoting.loc[quoting["group"] == g, "words"].sum() > 0]
    legend_rows = int(np.ceil(max(len(drawn), 1) / 3))
    fig = plt.figure(figsize=(WIDTH, 2.3 + 0.16 * legend_rows + rows * (profile + strip + 0.25) + (rows - 1) * PANEL_GAP))
    grid = fig.add_gridspec(rows * 2, columns, height_ratios=[profile, strip] * rows, wspace=PANEL_SPACE)
    y = np.arange(len(frames))[::-1]
    first_profile = None
    for index, outlet in enumerate(outlets):
        row, column = divmod(index, columns)
        ax = fig.add_subplot(grid[2 * row, column], sharex=first_profile, sharey=first_profile)
        first_profile = first_profile or ax
        cells, styles = framing[framing["outlet"] == outlet], voice_styles(colours[outlet])
        own, quoted = 100 * cells["own_share"].fillna(0).to_numpy(), 100 * cells["quoted_share"].fillna(0).to_numpy()
        ax.barh(y, own, height=0.7, linewidth=0.7, **styles[NARRATIVE])
        ax.barh(y, quoted, left=own, height=0.7, linewidth=0.7, **styles[QUOTATION])
        ax.set_title(wrapped_name(outlet, panel_width, weight="bold"), loc="left", fontsize=SMALLEST_TEXT, fontweight="bold", color=colours[outlet])
        ax.grid(axis="x", color="#e4e4e4", linewidth=0.5)
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0, labelleft=column == 0)
        ax.set_xlabel("% of framing hits", labelpad=1)
        bar = fig.add_subplot(grid[2 * row + 1, column])
        shares = quoting[quoting["outlet"] == outlet].set_index("group")["share_of_quoted_words"].fillna(0)
        start = 0.0
        for group in drawn:
            bar.barh(0, 100 * shares[group], left=start, height=0.8, color=group_colour[group], edgecolor="white", linewidth=0.4)
            start += 100 * shares[group]
        quoted_words = int(quoting.loc[quoting["outlet"] == outlet, "words"].sum())
        bar.set_xlim(0, 100)
        bar.set_yticks([0], ["who it quotes" if column == 0 else ""])
        bar.set_xticks([])
        bar.tick_params(axis="y", length=0)
        for spine in bar.spines.values():
            spine.set_visible(False)
        bar.set_title(f"{quoted_words:,} quoted words" if quoted_words else "quotes nobody", loc="left", fontsize=SMALLEST_TEXT,
                      fontweight="normal", pad=2)
    first_profile.set_yticks(y, frame_labels)
    first_profile.set_xlim(0, max(10.0, float(np.nanmax(100 * (framing["own_share"] + framing["quoted_share"]).to_numpy(float), initial=0))) * 1.08)
    handles = voice_keys((NARRATIVE, "frame in the outlet's own words"), (QUOTATION, "frame inside quoted speech"))
    handles += [Patch(facecolor=group_colour[g], label=GROUP_LABELS.get(g, g)) for g in drawn]
    fig.legend(handles=handles, loc="lower left", ncol=3, bbox_to_anchor=(0.01, 0.22 / fig.get_figheight()), handletextpad=0.4, columnspacing=1.0)
    quoted_share = framing["quoted_hits"].sum() / max(1, framing[["own_hits", "quoted_hits"]].to_numpy().sum())
    finish(
        fig,
        f"Each outlet's framing and who it quotes: {quoted_share:.0%} of framing hits are in quoted speech",
        "Bars: each frame's share of the outlet's framing hits in body text, in its own words (solid) and inside quotations "
        "of speech (hatched). Strip: the outlet's quoted words by the speaker's group "
        f"({input_file(tables, 'speakers', 'the speakers file')}). Counts in 11-outlet-profiles.csv and tables/.",
        corpus_line(tables, corpus_name), bottom=0.75 + 0.16 * legend_rows, top_pad=0.15, left=left,
    )
    fig.subplots_adjust(right=0.98)
    # matplotlib puts one gap between all rows of axes alike: each is the mean of the room under a profile's bars (its
    # axis label and the strip's title) and the room between one outlet's strip and the next row's titles.
    space_panel_rows(fig, 2 * rows, (rows * PROFILE_INNER_GAP + (rows - 1) * PANEL_GAP) / (2 * rows - 1))
    data = pd.concat([framing.assign(part="framing"), quoting.assign(part="quoting")], ignore_index=True)
    return fig, data[["part", "outlet", "frame", "label", "own_hits", "quoted_hits", "own_share", "quoted_share", "group", "words",
                      "share_of_quoted_words"]]


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
    ("11-outlet-profiles", outlet_profiles),
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


@chart
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

    def named(table: pd.DataFrame) -> pd.DataFrame:
        return table.assign(**{c: table[c].map(lambda o: shown.get(o, o)) for c in OUTLET_COLUMNS if c in table.columns})

    kept = {name: stored(tables, name) for name in tables}  # a parted table is renamed part by part, as it is read
    return {name: named(table) if isinstance(table, pd.DataFrame) else table.map(named) if isinstance(table, PartedTable) else table
            for name, table in kept.items()}


def draw_all(tables: dict, corpus_name: str):
    """Every figure, as (name, figure, data); outlets carry their language where the corpus has several."""
    tables = outlets_with_language(tables)
    for name, draw in FIGURES:
        figure, data = draw(tables, corpus_name)
        yield name, figure, data
