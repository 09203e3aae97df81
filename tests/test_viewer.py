import pandas as pd

from analysis.viewer import article_page, segments

FRAMES = pd.DataFrame({"frame": ["crime", "rights"], "label": ["Crime", "Rights & <law>"]})


def page(body, hits=None, quotes=None, headline="A <b>headline</b>"):
    article = {
        "article_id": "a", "file": "a.txt", "outlet": "Outlet <X>", "headline": headline, "subtitle": "",
        "body": body, "published": "", "url": "https://example.org/?a=1&b=2", "leaning": "", "words": 3,
    }
    hits = hits if hits is not None else pd.DataFrame(columns=["part", "start", "end", "frame"])
    quotes = quotes if quotes is not None else pd.DataFrame(columns=["part", "start", "end", "kind", "group"])
    return article_page(article, hits, quotes, FRAMES, ["US government", "unattributed"], "#0072B2")


def test_article_text_is_escaped_so_a_script_is_shown_not_run():
    html = page("Before <script>alert('x')</script> after & more.")
    assert "<script>alert" not in html and html.count("<script>") == 1  # the page's own toggles only
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "Outlet &lt;X&gt;" in html and "A &lt;b&gt;headline&lt;/b&gt;" in html
    assert "https://example.org/?a=1&amp;b=2" in html
    assert "Rights &amp; &lt;law&gt;" not in html  # unused frames are not in the legend


def test_markers_and_quotations_nest_even_when_they_overlap():
    text = "He said “gang violence” rose."
    colours = {"US government": "#332288", "unattributed": "#BBBBBB"}
    rendered = segments(text, marks=[(9, 14, "crime")], quotes=[(9, 22, "speech", "US government")], colours=colours)
    assert rendered == (
        "He said “"
        '<span class="quote speech voice-0" style="text-decoration-color: #332288" title="quoted: US government">'
        '<mark class="frame-crime" title="crime">gang </mark></span>'
        '<span class="quote speech voice-0" style="text-decoration-color: #332288" title="quoted: US government">violence</span>'
        "” rose."
    )


def test_page_has_legend_metadata_and_paragraphs():
    hits = pd.DataFrame({"part": ["body"], "start": [0], "end": [5], "frame": ["crime"]})
    html = page("Gangs rule.\n\nSecond paragraph.", hits=hits)
    assert "<p>" in html and html.count("<p>") == 2
    assert '<mark style="background:#EE8866">Crime</mark>' in html
    assert "Published</dt><dd>unknown" in html


def test_unknown_headline_is_said():
    assert "Headline unknown" in page("Text.", headline="")


def test_hovering_names_the_frame_and_the_speaker():
    text = "He said “gang violence” rose."
    rendered = segments(text, marks=[(9, 14, "rights")], quotes=[(9, 22, "speech", "US government", "Marco <Rubio>")],
                        colours={"US government": "#332288"}, labels=dict(zip(FRAMES["frame"], FRAMES["label"])))
    assert 'title="Rights &amp; &lt;law&gt;">gang </mark>' in rendered
    assert 'title="quoted: Marco &lt;Rubio&gt; (US government)"' in rendered


def test_the_source_is_a_link_only_when_it_is_http_and_the_page_links_back_to_the_index():
    html = page("Text.")
    assert '<a href="https://example.org/?a=1&amp;b=2" rel="noopener noreferrer">https://example.org/?a=1&amp;b=2</a>' in html
    assert '<a href="../index.html">' in html
    article = {"article_id": "a", "file": "a.txt", "outlet": "O", "headline": "H", "subtitle": "", "body": "Text.", "published": "",
               "url": "javascript:alert(1)", "leaning": "", "words": 1}
    unsafe = article_page(article, pd.DataFrame(columns=["part", "start", "end", "frame"]),
                          pd.DataFrame(columns=["part", "start", "end", "kind", "group"]), FRAMES, [], "#000000")
    assert "URL</dt><dd>javascript:alert(1)</dd>" in unsafe and 'href="javascript' not in unsafe


def test_every_frame_and_voice_has_a_box_that_hides_it():
    hits = pd.DataFrame({"part": ["body"], "start": [0], "end": [5], "frame": ["crime"]})
    quotes = pd.DataFrame({"part": ["body"], "start": [7], "end": [11], "kind": ["speech"], "group": ["US government"], "speaker": ["A B"]})
    html = page("Gangs, rule now.", hits=hits, quotes=quotes)
    assert '<input type="checkbox" checked data-toggle="frame-crime">' in html
    assert '<input type="checkbox" checked data-toggle="voice-0">' in html and 'data-toggle="voice-label"' in html
    assert "body.hide-frame-crime mark.frame-crime { background: none; padding: 0; }" in html
    assert "body.hide-voice-0 .quote.voice-0 { text-decoration-line: none; }" in html
    assert '<span class="quote speech voice-0"' in html

