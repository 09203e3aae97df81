import numpy as np
import pandas as pd
import pytest

from analysis import plots
from analysis.config import PROJECT_ROOT, SEEDS_DIR
from analysis.pipeline import build_tables


@pytest.fixture(scope="module")
def tables():
    return build_tables(SEEDS_DIR, whole_article_contrast=False)


# Machado, Oliveira & Fernandes (2009) at full severity, on linear RGB.
COLOUR_VISION = {
    "typical": [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}


def seen_as_lab(colour: str, vision) -> np.ndarray:
    """CIELAB (D65) of a hex colour as a reader with that colour vision sees it."""
    srgb = np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ np.clip(np.array(vision) @ linear, 0, 1)
    scaled = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(scaled > 0.008856, np.cbrt(scaled), 7.787 * scaled + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def closest_pair(palette: list[str]) -> float:
    """The smallest CIELAB distance between two colours of a palette, for typical vision and the three dichromacies."""
    import itertools

    return min(float(np.linalg.norm(seen_as_lab(a, vision) - seen_as_lab(b, vision)))
               for vision in COLOUR_VISION.values() for a, b in itertools.combinations(palette, 2))


def test_palettes_stay_apart_for_colour_blind_readers():
    """Outlet colours (thin marks and text) at least 15 CIELAB units apart under simulated protanopia, deuteranopia and
    tritanopia; the pale highlights and the underlines of the article pages at least 10, where hover labels and a
    toggle per frame and voice back them up. The grey the outlet palette had failed (7.1 under deuteranopia)."""
    from analysis.viewer import HIGHLIGHTS

    assert closest_pair(plots.OUTLET_COLOURS) >= 15
    assert closest_pair([*plots.OUTLET_COLOURS, "#999999"]) < 8  # the check sees the clash it was written for
    assert closest_pair(HIGHLIGHTS) >= 10
    assert closest_pair([*plots.GROUP_COLOURS, plots.UNATTRIBUTED_COLOUR]) >= 10
    assert closest_pair(plots.FRAME_COLOURS) >= 15


def test_outlet_colours_are_fixed_by_order_and_colour_blind_safe():
    colours = plots.outlet_colours(["B", "A", "B", "C"])
    assert colours == {"B": "#0072B2", "A": "#E69F00", "C": "#009E73"}
    assert "#F0E442" not in plots.OUTLET_COLOURS  # Okabe-Ito yellow: unreadable on white


def test_every_figure_uses_each_outlets_colour(tables):
    colours = plots.outlet_colours(tables["articles"]["outlet"])
    figure, _ = plots.corpus_overview(tables, "seeds")
    bar_colours = [matplotlib_hex(bar.get_facecolor()) for bar in figure.axes[0].patches]
    assert bar_colours == [colours[o].lower() for o in tables["articles"]["outlet"]]
    plots.plt.close(figure)


def matplotlib_hex(rgba):
    from matplotlib.colors import to_hex

    return to_hex(rgba)


def test_heatmap_data_is_the_frames_table(tables):
    figure, data = plots.frame_prevalence(tables, "seeds")
    plots.plt.close(figure)
    expected = tables["frames_by_outlet"].set_index(["outlet", "frame"])["per_1000_words"]
    assert data.set_index(["outlet", "frame"])["per_1000_words"].to_dict() == expected.to_dict()
    assert len(data) == 5 * 9


def test_sentiment_chart_data_holds_every_point_and_interval(tables):
    figure, data = plots.sentiment_per_outlet(tables, "seeds")
    plots.plt.close(figure)
    assert (data["kind"] == "sentence").sum() == 106
    voz = data[(data["outlet"] == "Voz.us") & (data["kind"] != "sentence")].set_index("kind")["compound"]
    summary = tables["sentiment_by_outlet"].set_index("outlet").loc["Voz.us"]
    assert voz.to_dict() == {"mean_compound": summary["mean_compound"], "ci_low": summary["ci_low"], "ci_high": summary["ci_high"]}


def test_titles_are_computed_from_the_data():
    summary = pd.DataFrame({"mean_compound": [0.1, -0.2], "ci_low": [-0.1, -0.4], "ci_high": [0.3, 0.05]})
    assert plots.tone_title(summary) == "Sentence tone: every outlet's 95% interval includes zero"
    summary.loc[1, "ci_high"] = -0.01
    assert plots.tone_title(summary) == "Sentence tone by outlet: means from -0.20 to +0.10; 1 of 2 intervals include zero"
    rates = pd.DataFrame({"X": [5.0, 1.0], "Y": [0.5, 2.0], "Z": [3.0, 0.0]}, index=["crime", "rights"])
    assert plots.densest_frame_title(rates, pd.Series({"crime": "Crime", "rights": "Rights"})) == "Crime is the densest frame in 2 of 3 outlets"


def test_saved_files_are_deterministic_and_carry_no_date(tables, tmp_path):
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        figure, data = plots.who_is_quoted(tables, "seeds")
        plots.save_figure(figure, data, tmp_path / folder, "07-who-is-quoted")
    for extension in ("png", "svg", "csv"):
        first = (tmp_path / "one" / f"07-who-is-quoted.{extension}").read_bytes()
        assert first == (tmp_path / "two" / f"07-who-is-quoted.{extension}").read_bytes()
    svg = (tmp_path / "one" / "07-who-is-quoted.svg").read_text()
    assert "<dc:date>" not in svg
    assert b"Software" not in (tmp_path / "one" / "07-who-is-quoted.png").read_bytes()[:200]


def test_png_is_300_dpi_at_report_width(tables, tmp_path):
    from PIL import Image

    figure, data = plots.frame_prevalence(tables, "seeds")
    plots.save_figure(figure, data, tmp_path, "02")
    with Image.open(tmp_path / "02.png") as image:
        assert image.size[0] == 6.5 * 300
        assert round(image.info["dpi"][0]) == 300


def test_group_colours_follow_the_speakers_files_order_and_unattributed_is_grey():
    colours = plots.group_colours(["officials", "residents", "unlisted", "unattributed"])
    assert colours == {"officials": "#332288", "residents": "#117733", "unlisted": "#CC6677", "unattributed": "#BBBBBB"}
    assert plots.group_colours(["b", "a"])["b"] == "#332288"  # by order, not by name


def test_text_on_a_bar_stays_readable():
    assert plots.text_colour_on("#332288") == "white" and plots.text_colour_on("#DDCC77") == "#222222"


def subtitle_of(figure) -> str:
    return figure.texts[1].get_text()


def test_captions_name_the_files_used_and_what_was_resampled(tables):
    figure, _ = plots.frame_prevalence(tables, "seeds")
    assert "the codebook analysis/data/codebook.yaml" in subtitle_of(figure).replace("\n", " ")
    assert "With one article per outlet" in subtitle_of(figure).replace("\n", " ")
    plots.plt.close(figure)
    other = build_tables(PROJECT_ROOT / "tests" / "fixtures" / "bridge_toll", whole_article_contrast=False)
    figure, _ = plots.frame_prevalence(other, "bridge_toll")
    caption = subtitle_of(figure).replace("\n", " ")
    assert "codebook bridge_toll/codebook.yaml" in caption and "resampling the outlet's articles" in caption
    plots.plt.close(figure)
    figure, _ = plots.who_is_quoted(other, "bridge_toll")
    assert "(bridge_toll/speakers.yaml)" in subtitle_of(figure).replace("\n", " ")
    plots.plt.close(figure)
    figure, _ = plots.sentiment_per_outlet(other, "bridge_toll")
    assert "resamples of articles, then of sentences within them; of sentences where an outlet has one article" in (
        subtitle_of(figure).replace("\n", " ")
    )
    plots.plt.close(figure)


def test_densest_frame_title_leaves_out_outlets_without_hits():
    rates = pd.DataFrame({"X": [5.0, 1.0], "Y": [0.0, 2.0], "Z": [0.0, 0.0]}, index=["crime", "rights"])
    title = plots.densest_frame_title(rates, pd.Series({"crime": "Crime", "rights": "Rights"}))
    assert title == "Crime is the densest frame in 1 of 3 outlets (1 with no hit at all)"


def text_sizes(figure) -> list[tuple[float, str]]:
    """Every visible piece of text in a figure, with its size in points at report width (6.5 inches)."""
    import matplotlib.text

    scale = plots.WIDTH / figure.get_figwidth()
    return [(text.get_fontsize() * scale, text.get_text()) for text in figure.findobj(matplotlib.text.Text)
            if text.get_visible() and text.get_text().strip()]


@pytest.mark.parametrize("corpus", [SEEDS_DIR, PROJECT_ROOT / "tests" / "fixtures" / "bridge_toll"], ids=["seeds", "bridge_toll"])
def test_no_text_in_any_figure_is_smaller_than_7_points_at_report_width(corpus):
    import matplotlib.pyplot as plt

    figures = [(name, figure) for name, figure, _ in plots.draw_all(build_tables(corpus, whole_article_contrast=False), "x")]
    scores = pd.read_csv(PROJECT_ROOT / "validation" / "scores-frames.csv")
    agreement = pd.read_csv(PROJECT_ROOT / "validation" / "scores-agreement.csv")
    figures.append(("10-validation", plots.validation_chart(scores, agreement, {}, "Source: x")[0]))
    for name, figure in figures:
        sizes = text_sizes(figure)
        assert len(sizes) > 5, name  # the test sees the figure's text
        too_small = [(round(size, 1), text[:30]) for size, text in sizes if size < plots.SMALLEST_TEXT]
        assert not too_small, f"{name}: {too_small}"
        plt.close(figure)


def test_no_caption_title_or_legend_runs_off_the_canvas():
    """Titles, subtitles, source lines, axis titles, tick labels and legends stay inside the figure, however long (a source line
    naming twenty coding sheets wraps)."""
    import matplotlib.pyplot as plt

    figures = [(name, figure) for name, figure, _ in plots.draw_all(build_tables(SEEDS_DIR, whole_article_contrast=False), "x")]
    scores = pd.read_csv(PROJECT_ROOT / "validation" / "scores-frames.csv")
    agreement = pd.read_csv(PROJECT_ROOT / "validation" / "scores-agreement.csv")
    figures.append(("10-validation", plots.validation_chart(scores, agreement, {}, "Source: " + "coder-X.csv, " * 20)[0]))
    for name, figure in figures:
        assert_labels_inside(name, figure)
        plt.close(figure)


# Many outlets ────────────────────────────────────────────────────────────────────
OUTLET_NAMES = [
    "Voz.us", "The Epoch Times", "productiveclue.com", "manilapr.com", "patriotmomdigest.com", "The Washington Post", "El Faro",
    "Reuters", "Associated Press", "Fox News", "La Prensa Gráfica", "The Guardian (US edition)", "Breitbart", "NPR",
    "Diario El Mundo", "CNN en Español", "The New York Times", "Al Jazeera English", "BBC News", "Infobae", "Deutsche Welle",
    "France 24 English", "The Hill", "Axios", "Politico", "Bloomberg", "Newsweek", "Miami Herald", "Washington Examiner",
    "The Daily Wire",
]


@pytest.fixture(scope="module", params=[12, 30], ids=["12-outlets", "30-outlets"])
def many_outlets(request, tmp_path_factory):
    """A generated corpus of 12 or 30 outlets (three articles each for 12, two for 30), long names included."""
    from analysis.bench import synthetic_corpus

    outlets = request.param
    path = tmp_path_factory.mktemp(f"outlets{outlets}") / "corpus.parquet"
    synthetic_corpus(outlets * (3 if outlets == 12 else 2), seed=7, outlet_names=OUTLET_NAMES[:outlets]).to_parquet(path)
    tables = build_tables(path, whole_article_contrast=False, cache_folder=None, warn=lambda message: None)
    return outlets, tables, list(plots.draw_all(tables, "generated"))


def label_boxes(figure) -> list[tuple[str, object]]:
    """Every title, axis label, tick label, legend entry and caption of a figure, with its box on the canvas."""
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    texts = list(figure.texts) + [text for legend in figure.legends for text in legend.get_texts()]
    for ax in (ax for ax in figure.axes if ax.get_visible()):
        drawn_ticks = [tick for axis in (ax.xaxis, ax.yaxis) for tick in axis._update_ticks()]  # those inside the view
        texts += [ax.title, ax._left_title, ax.xaxis.label, ax.yaxis.label, *[tick.label1 for tick in drawn_ticks]]
    return [(text.get_text(), text.get_window_extent(renderer)) for text in texts
            if text.get_visible() and text.get_text().strip() and not text.get_rotation() % 90]


def assert_labels_inside(name: str, figure) -> list[tuple[str, object]]:
    """Every label of the figure inside its canvas (a pixel's rounding allowed); returns the labels' boxes."""
    boxes = label_boxes(figure)
    width, height = figure.bbox.width, figure.bbox.height
    for text, box in boxes:
        assert box.x0 >= -1 and box.x1 <= width + 1 and box.y0 >= -1 and box.y1 <= height + 1, f"{name}: {text[:40]!r} leaves the canvas"
    return boxes


def slanted_labels_apart(figure) -> list[str]:
    """Slanted tick labels (their boxes overlap by construction) that come closer than their height, across the slant."""
    crowded = []
    for ax in figure.axes:
        labels = [tick.label1 for tick in ax.xaxis._update_ticks() if tick.label1.get_visible() and tick.label1.get_rotation() % 90]
        anchors = sorted(ax.transData.transform((label.get_position()[0], 0))[0] for label in labels)
        for label, gap in zip(labels, np.diff(anchors)):
            if gap * np.sin(np.radians(label.get_rotation())) < label.get_fontsize() * figure.dpi / 72:
                crowded.append(label.get_text())
    return crowded


def test_every_chart_stays_legible_with_many_outlets(many_outlets):
    """From 12 to 30 outlets: no label leaves the canvas, no two labels overlap, nothing is smaller than 7 points."""
    import matplotlib.pyplot as plt

    outlets, tables, figures = many_outlets
    assert tables["articles"]["outlet"].nunique() == outlets
    for name, figure, _ in figures:
        boxes = assert_labels_inside(name, figure)
        overlapping = [(a[:25], b[:25]) for i, (a, one) in enumerate(boxes) for b, other in boxes[i + 1:]
                       if one.x0 < other.x1 - 1 and other.x0 < one.x1 - 1 and one.y0 < other.y1 - 1 and other.y0 < one.y1 - 1]
        assert not overlapping, f"{name}: {overlapping[:5]}"
        assert not slanted_labels_apart(figure), name
        too_small = [(round(size, 1), text[:30]) for size, text in text_sizes(figure) if size < plots.SMALLEST_TEXT]
        assert not too_small, f"{name}: {too_small}"
        plt.close(figure)


def test_more_outlets_than_colours_share_one_colour_and_the_charts_say_so(many_outlets):
    outlets, tables, _ = many_outlets
    assert set(plots.outlet_colours(tables["articles"]["outlet"]).values()) == {plots.SHARED_OUTLET_COLOUR}
    assert f"{outlets} outlets are more than the palette's 7 colour-blind-safe colours" in plots.corpus_line(tables, "x")
    seven = plots.outlet_colours(OUTLET_NAMES[:7])
    assert len(set(seven.values())) == 7 and "outlets are more than" not in plots.corpus_line({"articles": tables["articles"].head(0)}, "x")
    assert set(plots.outlet_colours(OUTLET_NAMES[:8]).values()) == {plots.SHARED_OUTLET_COLOUR}


def test_names_wrap_between_words_and_before_dots_never_inside_a_word():
    assert plots.wrapped_name("patriotmomdigest.com", 0.8, weight="bold") == "patriotmomdigest\n.com"
    assert plots.wrapped_name("The Guardian (US edition)", 0.8) == "The Guardian\n(US edition)"
    assert plots.wrapped_name("Voz.us", 0.8) == "Voz.us"
    assert plots.wrapped_name("averyveryverylongname", 0.2) == "averyveryverylongname"  # too long stays whole


def test_densest_frame_title_says_where_the_frame_only_ties():
    rates = pd.DataFrame({"X": [5.0, 5.0], "Y": [3.0, 1.0], "Z": [4.0, 1.0]}, index=["crime", "rights"])
    assert plots.densest_frame_title(rates, pd.Series({"crime": "Crime", "rights": "Rights"})) == (
        "Crime is the densest frame in 3 of 3 outlets (tied in 1)"
    )


def test_frame_positions_title_is_the_finding():
    by_article = pd.DataFrame({
        "frame": ["crime", "crime", "rights", "rights", "china", "china"],
        "hits": [4, 2, 3, 5, 0, 0], "headline_hits": [1, 0, 0, 0, 0, 0], "lead_hits": [0, 2, 0, 0, 0, 0],
    })
    labels = pd.Series({"crime": "Crime", "rights": "Rights", "china": "China"})
    assert plots.frame_positions_title(by_article, labels, 2) == "Crime is in the headline or lead of 2 of 2 articles; Rights, with 8 hits, in none"


def test_frame_rates_carry_an_interval_even_from_one_article_and_one_hit(tables):
    by_outlet = tables["frames_by_outlet"]
    assert by_outlet["interval"].eq("poisson").all()  # one article per outlet
    one_hit = by_outlet[(by_outlet["outlet"] == "manilapr.com") & (by_outlet["frame"] == "diplomatic_triumph")].iloc[0]
    words = tables["articles"].set_index("outlet").loc["manilapr.com", "words"]
    assert one_hit["hits"] == 1 and one_hit["ci_low"] == round(1000 * 0.025318 / words, 3) and one_hit["ci_high"] == round(1000 * 5.571643 / words, 3)
    figure, data = plots.frame_prevalence(tables, "seeds")
    plots.plt.close(figure)
    assert data["ci_high"].notna().all() and len(data) == 5 * 9


def test_outlet_profiles_hold_each_outlets_shares(tables):
    figure, data = plots.outlet_profiles(tables, "seeds")
    plots.plt.close(figure)
    framing, quoting = data[data["part"] == "framing"], data[data["part"] == "quoting"]
    voz = framing[framing["outlet"] == "Voz.us"]
    assert voz["own_hits"].sum() + voz["quoted_hits"].sum() == tables["frames_by_voice"].query("outlet == 'Voz.us'")["hits"].sum()
    assert (voz["own_share"] + voz["quoted_share"]).sum() == pytest.approx(1, abs=1e-3)
    assert quoting.groupby("outlet")["share_of_quoted_words"].sum().round(3).eq(1).all()
    assert quoting.query("outlet == 'Voz.us'")["words"].sum() == 246  # as chart 11 prints


def test_the_distinctive_terms_chart_reads_keyness_part_by_part_and_picks_what_the_whole_table_gives():
    keyness = pd.DataFrame({"outlet": ["A", "A", "A", "A", "B", "B"], "n": [1, 1, 2, 3, 1, 2],
                            "term": ["a1", "a2", "a b", "a b c", "b1", "b c"], "z": [3.0, 1.0, -2.5, 5.0, 0.5, 0.1]})
    chosen, significant = plots.top_keyness([keyness.iloc[:3], keyness.iloc[3:5], keyness.iloc[5:]], top=2)
    # per outlet the first two unigrams or bigrams in table order; |z| ≥ 1.96 counted over every row, trigrams too
    assert chosen["term"].tolist() == ["a1", "a2", "b1", "b c"] and significant == 3
    whole, counted = plots.top_keyness([keyness], top=2)
    assert whole["term"].tolist() == chosen["term"].tolist() and counted == significant


def test_outlets_are_named_with_their_language_in_a_parted_table_as_it_is_read(tmp_path):
    from analysis.parted import PartWriter, Tables

    keyness = pd.DataFrame({"outlet": ["A", "B"], "n": [1, 1], "term": ["x", "y"], "z": [1.0, 2.0]})
    writer = PartWriter(tmp_path / "k", keyness)
    writer.add(keyness)
    articles = pd.DataFrame({"outlet": ["A", "B"], "language": ["en", "es"]})
    shown = plots.outlets_with_language(Tables({"articles": articles, "keyness": writer.table()}))
    assert shown["articles"]["outlet"].tolist() == ["A (en)", "B (es)"]
    assert next(shown["keyness"].parts())["outlet"].tolist() == ["A (en)", "B (es)"]
    assert pd.read_pickle(tmp_path / "k" / "part-00000.pickle")["outlet"].tolist() == ["A", "B"]  # the file is untouched


def test_an_even_sample_keeps_small_groups_whole_and_spreads_over_large_ones():
    table = pd.DataFrame({"outlet": ["a"] * 10 + ["b"] * 2, "n": range(12)})
    assert plots.even_sample(table, ["outlet"], 10) is table
    drawn = plots.even_sample(table, ["outlet"], 4)  # a's rows 0, 3, 6, 9 (0, 3, 6 and 9 of 9 in four steps); b whole
    assert drawn["n"].tolist() == [0, 3, 6, 9, 10, 11]
    assert plots.even_sample(table, ["outlet"], 1)["n"].tolist() == [0, 10]
    uneven = plots.even_sample(table.head(7), ["outlet"], 3)  # 0, 3 and 6 of 6
    assert uneven["n"].tolist() == [0, 3, 6]
    assert plots.sample_note(drawn, table, "4 per outlet") == " (6 of 12: an even sample of at most 4 per outlet)"
    assert plots.sample_note(table, table, "4 per outlet") == ""


def test_charts_of_every_sentence_or_hit_draw_an_even_sample_of_a_large_corpus_and_say_so(tables, monkeypatch):
    monkeypatch.setattr(plots, "DOTS_PER_OUTLET", 5)
    monkeypatch.setattr(plots, "TICKS_PER_OUTLET_AND_FRAME", 2)
    figure, data = plots.sentiment_per_outlet(tables, "seeds")
    subtitle = " ".join(text.get_text() for text in figure.texts)
    plots.plt.close(figure)
    assert (data["kind"] == "sentence").sum() == 25 and data[data["kind"] == "sentence"].groupby("outlet").size().tolist() == [5] * 5
    assert "(25 of 106: an even sample of at most 5 per outlet)" in subtitle
    figure, data = plots.frame_positions(tables, "seeds")
    subtitle = " ".join(text.get_text() for text in figure.texts)
    plots.plt.close(figure)
    assert data.groupby(["frame", "outlet"]).size().max() == 2 and "an even sample of at most 2 per outlet and frame" in subtitle
