"""Benchmark: the whole pipeline on a synthetic corpus, against bare VADER on the same sentences.

    python -m analysis.bench [--articles 2000] [--seed 1]

Builds a corpus of N articles by resampling the seed corpus's body sentences
(each article takes the outlet of a seed article and 15–35 sentences drawn with
replacement), writes it to a temporary folder, runs ``python -m analysis run``'s
pipeline on it (loading, sentences, VADER, terms, keyness, framing, writing), and
prints seconds and words per second per stage, then the ratio of the whole
pipeline to ``SentimentIntensityAnalyzer().polarity_scores`` over the same
sentences, timed in the same run on one core. Target: ratio ≤ 1.5.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from pathlib import Path

import numpy as np
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from .config import SEEDS_DIR
from .corpus import load_corpus
from .pipeline import build_tables, write_tables
from .sentences import sentence_table

SENTENCES_PER_ARTICLE = (15, 35)


def write_synthetic_corpus(folder: Path, articles: int, seed: int) -> None:
    """N articles of resampled seed sentences, one paragraph each, with a manifest."""
    seeds = load_corpus(SEEDS_DIR)
    pool = sentence_table(seeds)
    pool = pool[pool["part"] == "body"]["text"].to_numpy()
    outlets = seeds["outlet"].to_numpy()
    rng = np.random.default_rng(seed)
    rows = []
    for index in range(articles):
        size = rng.integers(*SENTENCES_PER_ARTICLE, endpoint=True)
        body = "\n\n".join(rng.choice(pool, size=size, replace=True))
        name = f"synthetic_{index:06d}.txt"
        (folder / name).write_text(body + "\n", encoding="utf-8")
        rows.append({"file": name, "outlet": outlets[index % len(outlets)]})
    with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["file", "outlet"])
        writer.writeheader()
        writer.writerows(rows)


class StageClock:
    """Records when each progress message arrives, so stage durations fall out of the pipeline's own messages."""

    def __init__(self) -> None:
        self.marks: list[tuple[str, float]] = []

    def __call__(self, message: str) -> None:
        self.marks.append((message, time.perf_counter()))

    def stages(self, started: float, finished: float) -> list[tuple[str, float]]:
        times = [started] + [t for _, t in self.marks] + [finished]
        names = ["loading and checking input"] + [m for m, _ in self.marks]
        return [(name, end - start) for name, start, end in zip(names, times, times[1:])]


def run_benchmark(articles: int, seed: int) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        corpus, out = Path(scratch) / "corpus", Path(scratch) / "out"
        corpus.mkdir()
        write_synthetic_corpus(corpus, articles, seed)
        clock = StageClock()
        started = time.perf_counter()
        tables = build_tables(corpus, progress=clock, warn=lambda message: None)  # built from the seeds: their files fit
        clock("writing tables")
        write_tables(tables, out)
        finished = time.perf_counter()
    texts = tables["sentences"]["text"].tolist()
    words = int(tables["articles"]["words"].sum())
    analyzer = SentimentIntensityAnalyzer()
    vader_started = time.perf_counter()
    for text in texts:
        analyzer.polarity_scores(text)
    vader_seconds = time.perf_counter() - vader_started
    return {
        "articles": articles, "sentences": len(texts), "words": words,
        "passages": len(tables["reuse_passages"]), "pairs": len(tables["reuse_pairs"]),
        "stages": clock.stages(started, finished), "pipeline": finished - started, "vader": vader_seconds,
    }


def report(result: dict) -> str:
    words = result["words"]
    lines = [f"{result['articles']} articles, {result['sentences']} sentences, {words:,} words", ""]
    lines.append(f"{'stage':<48} {'seconds':>8} {'words/s':>12}")
    for name, seconds in result["stages"]:
        lines.append(f"{name[:48]:<48} {seconds:>8.2f} {words / seconds:>12,.0f}")
    lines.append(f"{'whole pipeline':<48} {result['pipeline']:>8.2f} {words / result['pipeline']:>12,.0f}")
    lines.append(f"{'bare vaderSentiment, same sentences':<48} {result['vader']:>8.2f} {words / result['vader']:>12,.0f}")
    lines.append("")
    lines.append(f"ratio pipeline / bare VADER: {result['pipeline'] / result['vader']:.2f} (target ≤ 1.5)")
    lines.append(
        f"reuse found {result['passages']:,} shared passages in {result['pairs']:,} article pairs: resampled "
        "articles all share sentences, a worst case for that stage"
    )
    contrast = sum(seconds for name, seconds in result["stages"] if "whole articles" in name)
    if contrast:
        without = result["pipeline"] - contrast
        lines.append(f"ratio without the whole-article contrast column (--no-whole-article-sentiment): {without / result['vader']:.2f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m analysis.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="synthetic articles to build (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed for resampling (default 1)")
    args = parser.parse_args()
    print(report(run_benchmark(args.articles, args.seed)))


if __name__ == "__main__":
    main()
