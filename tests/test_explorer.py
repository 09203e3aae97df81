"""The explorer page: its data, its escaping, and its filters in a real browser (headless Chromium)."""

import json
import re
import shutil
import subprocess

import pandas as pd
import pytest
from conftest import write_corpus

from analysis.codebook import load_codebook
from analysis.config import SEEDS_DIR
from analysis.explorer import explorer_data, index_page
from analysis.pipeline import build_tables, run
from analysis.viewer import safe_url

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def test_only_http_and_https_addresses_become_links():
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert safe_url("http://example.org") == "http://example.org"
    for address in ["javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://example.org/f", "example.org/a", "", None, float("nan")]:
        assert safe_url(address) is None


@pytest.fixture(scope="module")
def seed_tables():
    return build_tables(SEEDS_DIR)


def test_rates_are_the_whole_runs_counts(seed_tables):
    data = explorer_data(seed_tables, load_codebook().frames, pages=set())
    hits = seed_tables["frame_hits"]
    body = hits[hits["part"] == "body"]
    assert data["rates"]["frame"]["crime_security"] == body[body["frame"] == "crime_security"].groupby("outlet").size().to_dict()
    assert [o["name"] for o in data["outlets"]] == ["Voz.us", "The Epoch Times", "productiveclue.com", "manilapr.com", "patriotmomdigest.com"]
    assert sum(o["words"] for o in data["outlets"]) == 2652
    assert data["sentences_total"] == len(data["sentences"]) == 106
    assert all(article["page"] is None for article in data["articles"])  # no page written: no link to one


def test_a_large_corpus_gets_an_even_sample_of_sentences_and_says_so(seed_tables):
    page = index_page(seed_tables, load_codebook().frames, "seeds", set(), [], up_to=10)
    data = json.loads(re.search(r'<script type="application/json" id="data">(.*?)</script>', page, re.DOTALL).group(1))
    assert len(data["sentences"]) == 10 and data["sentences_total"] == 106
    assert "The page holds 10 of the corpus's 106 body sentences" in page


def test_text_from_the_corpus_cannot_close_the_script_or_add_markup(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {"a.txt": "The deal was signed. It was criticised.", "b.txt": "Bukele said the fee was low."},
                          manifest='file,outlet,headline,url\na.txt,X <b>bold</b>,"</script><script>alert(1)</script>",javascript:alert(2)\n'
                                   'b.txt,Y,Plain,https://example.org/b\n')
    page = index_page(build_tables(corpus, warn=lambda message: None), load_codebook().frames, "<i>name</i>", {"a"}, [])
    assert page.count("</script>") == 2  # the data block's and the script's own
    assert "<script>alert" not in page and "<b>bold" not in page and "<i>name" not in page
    data = json.loads(re.search(r'<script type="application/json" id="data">(.*?)</script>', page, re.DOTALL).group(1))
    article = {a["id"]: a for a in data["articles"]}
    assert article["a"]["headline"] == "</script><script>alert(1)</script>" and article["a"]["link"] is None
    assert article["b"]["link"] == "https://example.org/b" and article["b"]["page"] is None


def test_the_seed_run_writes_the_explorer_beside_the_charts(tmp_path):
    run(SEEDS_DIR, tmp_path / "out")
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert '<img src="02-frame-prevalence.png"' in page and 'href="articles/' not in page  # article links are built by the script


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory):
    out = tmp_path_factory.mktemp("explorer") / "out"
    run(SEEDS_DIR, out)
    return out / "index.html"


def rendered(page, fragment, tmp_path):
    """The page's DOM after its script ran in headless Chromium, opened at ``#fragment``."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium); .ci/run installs it")
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=3000", "--dump-dom", f"{page.as_uri()}#{fragment}"]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True).stdout


def cells(dom, table_id):
    body = re.search(rf'<table id="{table_id}">.*?<tbody>(.*?)</tbody>', dom, re.DOTALL).group(1)
    return [re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.DOTALL)]


def test_in_chromium_the_outlet_filter_leaves_that_outlets_articles(seed_page, tmp_path):
    everything = cells(rendered(seed_page, "", tmp_path), "articles")
    assert len(everything) == 5
    dom = rendered(seed_page, "outlet=Voz.us", tmp_path)
    rows = cells(dom, "articles")
    assert len(rows) == 1 and "Voz.us" in rows[0][0] and 'href="articles/000_7151885ef18f0d3b.html"' in rows[0][2]
    assert re.search(r'id="article-count"[^>]*>1 of 5 articles<', dom)
    frame_rows = cells(rendered(seed_page, "frame=china_geopolitics", tmp_path), "articles")
    assert sorted(re.sub("<[^>]+>", "", row[0]) for row in frame_rows) == ["The Epoch Times", "Voz.us"]


def test_in_chromium_a_speaker_shows_a_rate_per_outlet_and_the_sentences(seed_page, tmp_path):
    dom = rendered(seed_page, "kind=speaker&value=Nayib Bukele", tmp_path)
    bars = re.findall(r'class="bar"[^>]*data-outlet="([^"]+)"', dom)
    assert bars == ["Voz.us", "The Epoch Times", "productiveclue.com", "manilapr.com", "patriotmomdigest.com"]
    quotes = build_tables(SEEDS_DIR)["quotes"]
    bukele = quotes[(quotes["speaker"] == "Nayib Bukele") & (quotes["part"] == "body")]
    items = re.findall(r"<li>(.*?)</li>", re.search(r'<ol class="hits" id="hits">(.*?)</ol>', dom, re.DOTALL).group(1), re.DOTALL)
    assert len(items) == bukele[["article_id", "sentence"]].drop_duplicates().shape[0] > 0
    assert f"{len(bukele)} hits in the corpus" in dom


def test_in_chromium_a_typed_term_is_counted_in_every_outlet(seed_page, tmp_path):
    dom = rendered(seed_page, "kind=term&term=mega-prison", tmp_path)
    sentences = build_tables(SEEDS_DIR)["sentences"]
    body = sentences[sentences["part"] == "body"]
    expected = int(body["text"].str.count(r"(?i)(?<![\w])mega[\s-]+prison(?![\w])").sum())
    assert expected > 0 and f"{expected} hits of the term" in dom
    assert pd.Series(re.findall(r"per 1,000 words \((\d+);", dom)).astype(int).sum() == expected


def test_in_chromium_each_rate_carries_the_exact_poisson_interval_of_its_count(seed_page, tmp_path):
    """The page's own gamma quantiles give chart 02's intervals: Voz.us's 9 transaction hits in 782 words are 11.5
    per 1,000, 5.3 to 21.8, and no hit in 564 words is 0 to 6.5."""
    dom = rendered(seed_page, "kind=frame&value=transaction", tmp_path)
    shown = dict(re.findall(r"<span>([^<]+)</span><div class=\"track\">.*?<span>([^<]+)</span>", dom))
    assert shown["Voz.us"] == "11.5 per 1,000 words (9; 95%: 5.3–21.8)"
    assert shown["patriotmomdigest.com"] == "0.0 per 1,000 words (0; 95%: 0.0–6.5)"
    table = build_tables(SEEDS_DIR)["frames_by_outlet"].set_index(["outlet", "frame"])
    for outlet, text in shown.items():
        row = table.loc[(outlet, "transaction")]
        assert text.endswith(f"({row['hits']}; 95%: {row['ci_low']:.1f}–{row['ci_high']:.1f})"), outlet


def test_in_chromium_an_article_page_shows_one_frame_at_a_time(seed_page, tmp_path):
    page = seed_page.parent / "articles" / "001_6af60604b2075f33.html"
    body_class = re.search(r'<body class="([^"]*)"', rendered(page, "only=frame-crime_security", tmp_path)).group(1).split()
    hidden = sorted(name for name in body_class if name.startswith("hide-frame-"))
    assert "hide-frame-crime_security" not in hidden and "hide-frame-china_geopolitics" in hidden and "hide-frame-legality" in hidden
    assert not [name for name in body_class if name.startswith("hide-voice-")]  # voices stay shown
    assert "hide-" not in re.search(r"<body[^>]*>", rendered(page, "", tmp_path)).group(0)  # without #only, everything shows
