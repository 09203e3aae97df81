"""Compare sentence segmenters on the seeds' hand-checked sentences and on speed.

    pip install -r requirements-bench.txt
    python benchmarks/segmenters.py [--repeat 200]

For each segmenter: how many of the hand-checked body sentences in
``tests/fixtures/seed_sentences.tsv`` it reproduces exactly, how many sentences it
produces, and words per second over the seed bodies repeated ``--repeat`` times.
The result is recorded in the docstring of ``analysis/sentences.py``.
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import Counter

from analysis.config import SEEDS_DIR
from analysis.corpus import load_corpus
from analysis.sentences import paragraph_spans
from analysis.tokens import count_words

FIXTURE = SEEDS_DIR.parent / "tests" / "fixtures" / "seed_sentences.tsv"


def segmenters() -> dict:
    """Every segmenter that is installed, as a function paragraph → list of sentences."""
    found = {}
    try:
        import blingfire

        found["blingfire"] = lambda text: blingfire.text_to_sentences(text).split("\n")
    except ImportError:
        pass
    try:
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False)
        found["pysbd"] = seg.segment
    except ImportError:
        pass
    try:
        from syntok import segmenter as syntok_segmenter

        def syntok_split(text):
            return ["".join(t.spacing + t.value for t in s) for p in syntok_segmenter.analyze(text) for s in p]

        found["syntok"] = syntok_split
    except ImportError:
        pass
    try:
        from sentencex import segment

        found["sentencex"] = lambda text: list(segment("en", text))
    except ImportError:
        pass
    return found


def paragraphs_by_article(articles) -> dict[str, list[str]]:
    return {
        row.article_id: [row.body[s:e] for s, e in paragraph_spans(row.body)]
        for row in articles.itertuples()
    }


def expected_sentences() -> Counter:
    with FIXTURE.open(encoding="utf-8", newline="") as handle:
        return Counter((row["article_id"], row["text"]) for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def score(split, paragraphs: dict[str, list[str]], expected: Counter) -> tuple[int, int]:
    produced = Counter(
        (article_id, sentence.strip())
        for article_id, paras in paragraphs.items()
        for para in paras
        for sentence in split(para)
        if sentence.strip()
    )
    return sum((produced & expected).values()), sum(produced.values())


def words_per_second(split, paragraphs: list[str], repeat: int) -> float:
    words = sum(count_words(p) for p in paragraphs) * repeat
    start = time.perf_counter()
    for _ in range(repeat):
        for para in paragraphs:
            split(para)
    return words / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="times the seed bodies are segmented for timing")
    args = parser.parse_args()
    paragraphs = paragraphs_by_article(load_corpus(SEEDS_DIR))
    flat = [p for paras in paragraphs.values() for p in paras]
    expected = expected_sentences()
    print(f"{'segmenter':<10} {'right':>6} {'of':>4} {'produced':>9} {'words/s':>12}")
    for name, split in segmenters().items():
        right, produced = score(split, paragraphs, expected)
        speed = words_per_second(split, flat, args.repeat)
        print(f"{name:<10} {right:>6} {sum(expected.values()):>4} {produced:>9} {speed:>12,.0f}")


if __name__ == "__main__":
    main()
