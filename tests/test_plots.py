import pandas as pd
import pytest

from analysis import plots
from analysis.config import PROJECT_ROOT, SEEDS_DIR
from analysis.pipeline import build_tables


@pytest.fixture(scope="module")
def tables():
    return build_tables(SEEDS_DIR, whole_article_contrast=False)


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
    assert "codebook analysis/data/codebook.yaml" in subtitle_of(figure).replace("\n", " ")
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
    """Titles, subtitles, source lines, axis titles and legends stay inside the figure, however long (a source line
    naming twenty coding sheets wraps)."""
    import matplotlib.pyplot as plt

    figures = [(name, figure) for name, figure, _ in plots.draw_all(build_tables(SEEDS_DIR, whole_article_contrast=False), "x")]
    scores = pd.read_csv(PROJECT_ROOT / "validation" / "scores-frames.csv")
    agreement = pd.read_csv(PROJECT_ROOT / "validation" / "scores-agreement.csv")
    figures.append(("10-validation", plots.validation_chart(scores, agreement, {}, "Source: " + "coder-X.csv, " * 20)[0]))
    for name, figure in figures:
        figure.canvas.draw()
        renderer, width, height = figure.canvas.get_renderer(), figure.bbox.width, figure.bbox.height
        texts = list(figure.texts) + [text for legend in figure.legends for text in legend.get_texts()]
        for ax in (ax for ax in figure.axes if ax.get_visible()):
            texts += [ax.title, ax._left_title, ax.xaxis.label, ax.yaxis.label]
        for text in (t for t in texts if t.get_visible() and t.get_text().strip()):
            box = text.get_window_extent(renderer)
            assert box.x0 >= -1 and box.x1 <= width + 1 and box.y0 >= -1 and box.y1 <= height + 1, f"{name}: {text.get_text()[:40]!r}"
        plt.close(figure)
