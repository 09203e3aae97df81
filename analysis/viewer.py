"""Article pages: each article as one HTML page, framing markers highlighted in their
frame's colour, quotations underlined in their speaker group's colour, a legend, and
the outlet's metadata on top. Every piece of article text is HTML-escaped, so an
article containing ``<script>`` shows it as text.
"""

from __future__ import annotations

import html
from urllib.parse import urlparse

import pandas as pd

from .plots import GROUP_LABELS, UNATTRIBUTED_COLOUR, group_colours, outlet_colours
from .quotes import UNATTRIBUTED

LABEL_COLOUR = "#777777"
PAGE_STYLE = """
body { font: 16px/1.6 Georgia, 'DejaVu Serif', serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
header { border-left: 6px solid var(--outlet); padding-left: 1rem; margin-bottom: 1.5rem; }
header .outlet { font: bold 0.9rem/1.4 'DejaVu Sans', sans-serif; color: var(--outlet); text-transform: uppercase; letter-spacing: 0.04em; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.3rem 0; }
.subtitle { font-size: 1.1rem; color: #444; margin: 0 0 0.5rem; }
dl.meta { font: 0.8rem/1.5 'DejaVu Sans', sans-serif; color: #555; display: grid; grid-template-columns: max-content 1fr; gap: 0 0.8rem; margin: 0.6rem 0 0; }
dl.meta dt { font-weight: bold; } dl.meta dd { margin: 0; word-break: break-all; }
.legend { font: 0.78rem/1.8 'DejaVu Sans', sans-serif; border: 1px solid #ddd; padding: 0.6rem 0.8rem; margin-bottom: 1.5rem; }
.legend .key { margin-right: 0.9rem; white-space: nowrap; } .legend button { font: inherit; font-size: 0.72rem; }
mark { padding: 0 0.1em; border-radius: 2px; color: inherit; }
.quote { text-decoration-line: underline; text-decoration-thickness: 3px; text-underline-offset: 4px; }
.quote.label { text-decoration-style: dotted; }
.unknown-headline { color: #888; font-style: italic; }
nav { font: 0.85rem/1.5 'DejaVu Sans', sans-serif; margin-bottom: 1rem; }
footer { font: 0.75rem/1.5 'DejaVu Sans', sans-serif; color: #777; border-top: 1px solid #ddd; margin-top: 2rem; padding-top: 0.5rem; }
"""
# Tol's "light" scheme: pale enough that black text stays readable on it, one per frame.
HIGHLIGHTS = ["#EE8866", "#77AADD", "#EEDD88", "#44BB99", "#99DDFF", "#FFAABB", "#BBCC33", "#AAAA00", "#DDDDDD"]


def highlight_colours(frames) -> dict[str, str]:
    return {frame: HIGHLIGHTS[i % len(HIGHLIGHTS)] for i, frame in enumerate(frames)}


def segments(text: str, marks: list[tuple[int, int, str]], quotes: list[tuple[int, int, str, str, str]], colours: dict[str, str],
             labels: dict[str, str] | None = None) -> str:
    """The text as escaped HTML with markers (start, end, frame) and quotations (start, end, kind, group, speaker)
    applied; hovering shows the frame's label (``labels``) and the quotation's speaker and group.

    Boundaries of both kinds cut the text into pieces; each piece is wrapped in the
    quotation and the marker that cover it, so overlaps can never break the nesting.
    """
    cuts = sorted({0, len(text), *[p for s, e, *_ in marks + quotes for p in (s, e)]})
    pieces = []
    for start, end in zip(cuts, cuts[1:]):
        piece = html.escape(text[start:end])
        marker = next((m for m in marks if m[0] <= start and end <= m[1]), None)
        quote = next((q for q in quotes if q[0] <= start and end <= q[1]), None)
        if marker:
            piece = f'<mark class="frame-{marker[2]}" title="{html.escape((labels or {}).get(marker[2], marker[2]))}">{piece}</mark>'
        if quote:
            kind, group, speaker = quote[2], quote[3], quote[4] if len(quote) > 4 else ""
            colour = LABEL_COLOUR if kind == "label" else colours.get(group or UNATTRIBUTED, UNATTRIBUTED_COLOUR)
            who = GROUP_LABELS.get(group, group or UNATTRIBUTED)
            title = "label (scare quotes)" if kind == "label" else f"quoted: {speaker} ({who})" if speaker and speaker != UNATTRIBUTED else f"quoted: {who}"
            piece = f'<span class="quote {kind} {voice_class(kind, group, colours)}" style="text-decoration-color: {colour}" title="{html.escape(title)}">{piece}</span>'
        pieces.append(piece)
    return "".join(pieces)


def voice_class(kind: str, group: str, colours: dict[str, str]) -> str:
    """The class a page's toggles hide a voice by: scare quotes, or the speaker group's place among the groups."""
    if kind == "label":
        return "voice-label"
    groups = list(colours)
    group = group or UNATTRIBUTED
    return f"voice-{groups.index(group)}" if group in groups else "voice-other"


def part_html(text: str, part: str, hits: pd.DataFrame, quotes: pd.DataFrame, colours: dict[str, str], labels: dict[str, str] | None = None) -> str:
    in_part = hits[hits["part"] == part]
    quoted = quotes[quotes["part"] == part]
    marks = list(zip(in_part["start"], in_part["end"], in_part["frame"]))
    speakers = quoted["speaker"].fillna("") if "speaker" in quoted else pd.Series("", index=quoted.index)
    spans = list(zip(quoted["start"], quoted["end"], quoted["kind"], quoted["group"].fillna(""), speakers))
    return segments(text, marks, spans, colours, labels)


def body_html(body: str, hits: pd.DataFrame, quotes: pd.DataFrame, colours: dict[str, str], labels: dict[str, str] | None = None) -> str:
    rendered = part_html(body, "body", hits, quotes, colours, labels)
    return "\n".join(f"<p>{paragraph}</p>" for paragraph in rendered.split("\n\n"))


def legend_html(frames: pd.DataFrame, groups: list[str], used_frames: set[str]) -> str:
    """What each colour means, each key with a box that shows or hides it, and buttons to show all or none."""
    colours = highlight_colours(frames["frame"])
    speaker_colours = group_colours(groups)
    keys = [
        toggle(f"frame-{row.frame}", f'<mark style="background:{colours[row.frame]}">{html.escape(row.label)}</mark>')
        for row in frames.itertuples()
        if row.frame in used_frames
    ]
    quote_keys = [
        toggle(voice_class("speech", group, speaker_colours),
               f'<span class="quote" style="text-decoration-color:{speaker_colours[group]}">quoted: {html.escape(GROUP_LABELS.get(group, group))}</span>')
        for group in speaker_colours
    ]
    quote_keys.append(toggle("voice-label", f'<span class="quote label" style="text-decoration-color:{LABEL_COLOUR}">scare quotes (label)</span>'))
    buttons = '<button type="button" data-all="{0}">show all</button> <button type="button" data-none="{0}">hide all</button>'
    return (f'<div class="legend"><strong>Framing markers</strong> {" ".join(keys) or "none found"} {buttons.format("frame")}<br>'
            f'<strong>Quotations</strong> {" ".join(quote_keys)} {buttons.format("voice")}</div>')


def toggle(name: str, key: str) -> str:
    return f'<label class="key"><input type="checkbox" checked data-toggle="{name}"> {key}</label>'


def toggle_styles(frames: pd.DataFrame, groups: list[str]) -> str:
    """CSS that hides a frame's highlight or a voice's underline when the page's body has its ``hide-`` class."""
    names = [f"frame-{frame}" for frame in frames["frame"]] + [voice_class("speech", g, group_colours(groups)) for g in group_colours(groups)]
    rules = [f"body.hide-{name} mark.{name} {{ background: none; padding: 0; }}" for name in names if name.startswith("frame-")]
    rules += [f"body.hide-{name} .quote.{name} {{ text-decoration-line: none; }}" for name in [*names, "voice-label"] if name.startswith("voice-")]
    return "\n".join(rules)


TOGGLE_SCRIPT = """
// Show or hide each frame's highlight and each voice's underline; #only=NAME shows that one alone.
const body = document.body, boxes = [...document.querySelectorAll("input[data-toggle]")];
const apply = () => boxes.forEach((box) => body.classList.toggle("hide-" + box.dataset.toggle, !box.checked));
boxes.forEach((box) => box.addEventListener("change", apply));
document.querySelectorAll("button[data-all], button[data-none]").forEach((button) => button.addEventListener("click", () => {
  const kind = button.dataset.all || button.dataset.none;
  boxes.filter((box) => box.dataset.toggle.startsWith(kind)).forEach((box) => { box.checked = Boolean(button.dataset.all); });
  apply();
}));
const only = new URLSearchParams(location.hash.slice(1)).get("only");
if (only) boxes.forEach((box) => { box.checked = box.dataset.toggle === only || !box.dataset.toggle.startsWith(only.split("-")[0]); });
apply();
"""


def text_of(value) -> str:
    """A table cell as text: a missing value is empty."""
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def safe_url(url) -> str | None:
    """The address if it is http(s), else None: anything else (javascript:, data:, a bare path) stays text."""
    text = text_of(url).strip()
    parsed = urlparse(text)
    return text if parsed.scheme in ("http", "https") and parsed.netloc else None


def value_html(name: str, value) -> str:
    link = safe_url(value) if name == "URL" else None
    escaped = html.escape(str(value))
    return f'<a href="{html.escape(link)}" rel="noopener noreferrer">{escaped}</a>' if link else escaped


def metadata_html(article: dict) -> str:
    fields = [
        ("Published", article.get("published") or "unknown"),
        ("Leaning", f"{article.get('leaning') or 'unrated'}" + (f" ({article['leaning_source']})" if article.get("leaning_source") else "")),
        ("URL", article.get("url") or "unknown"),  # a link where it is http(s): below
        ("Words", f"{article.get('words', '')}"),
        ("File", article.get("file", "")),
    ]
    rows = "".join(f"<dt>{html.escape(name)}</dt><dd>{value_html(name, value)}</dd>" for name, value in fields)
    return f'<dl class="meta">{rows}</dl>'


def article_page(article: dict, hits: pd.DataFrame, quotes: pd.DataFrame, frames: pd.DataFrame, groups: list[str], outlet_colour: str) -> str:
    """One article as a standalone HTML page."""
    colours = highlight_colours(frames["frame"])
    speaker_colours = group_colours(groups)
    labels = dict(zip(frames["frame"], frames["label"]))
    frame_styles = "\n".join(f"mark.frame-{frame} {{ background: {colour}; }}" for frame, colour in colours.items())
    headline = (
        part_html(article["headline"], "headline", hits, quotes, speaker_colours, labels) if article.get("headline") else '<span class="unknown-headline">Headline unknown</span>'
    )
    subtitle = f'<p class="subtitle">{part_html(article["subtitle"], "subtitle", hits, quotes, speaker_colours, labels)}</p>' if article.get("subtitle") else ""
    return f"""<!DOCTYPE html>
<html lang="{html.escape(article.get("language") or "en")}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(article["outlet"])}: {html.escape(article.get("headline") or article["article_id"])}</title>
<style>{PAGE_STYLE}
:root {{ --outlet: {outlet_colour}; }}
{frame_styles}
{toggle_styles(frames, groups)}
</style>
</head>
<body>
<nav><a href="../index.html">← All articles (index.html)</a></nav>
<header>
<div class="outlet">{html.escape(article["outlet"])}</div>
<h1>{headline}</h1>
{subtitle}
{metadata_html(article)}
</header>
{legend_html(frames, groups, set(hits["frame"]))}
<article>
{body_html(article["body"], hits, quotes, speaker_colours, labels)}
</article>
<footer>Cleaned text of {html.escape(article["file"])}: boilerplate removed as listed in tables/cleaning.csv. Highlights from tables/frame_hits.csv and tables/quotes.csv; hover for the frame or the speaker; the boxes in the legend show or hide each frame and voice.</footer>
<script>{TOGGLE_SCRIPT}</script>
</body>
</html>
"""


def article_pages(articles: pd.DataFrame, summary: pd.DataFrame, hits: pd.DataFrame, quotes: pd.DataFrame, frames: pd.DataFrame, groups: list[str]) -> dict[str, str]:
    """Article id → HTML page, for every article."""
    colours = outlet_colours(summary["outlet"])  # the whole corpus's order, also when only some pages are drawn
    words = summary.set_index("article_id")["words"]
    language = summary.set_index("article_id")["language"] if "language" in summary else pd.Series(dtype=object)
    hits_of = dict(tuple(hits.groupby("article_id", sort=False)))
    quotes_of = dict(tuple(quotes.groupby("article_id", sort=False)))
    pages = {}
    for article in articles.to_dict("records"):
        article_id = article["article_id"]
        article["words"] = int(words.get(article_id, 0))
        article["language"] = language.get(article_id, "en")
        pages[article_id] = article_page(
            article, hits_of.get(article_id, hits.iloc[:0]), quotes_of.get(article_id, quotes.iloc[:0]), frames, groups,
            colours[article["outlet"]],
        )
    return pages
