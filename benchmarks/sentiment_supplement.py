"""Does a news supplement to VADER's lexicon bring its tone closer to the coders'? Measured, not assumed.

    python benchmarks/sentiment_supplement.py [LEXICON]

For each corpus with coded sheets (the seeds, the held-out articles on the same deal, the second test
story), runs the tables with ``--sentiment-lexicon LEXICON`` (default: benchmarks/news_lexicon_supplement.txt)
and scores the coders' tone against VADER's classes and against the supplemented ones (accuracy and linearly
weighted kappa, both coders pooled by averaging). Nothing is written outside a scratch folder.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd

from analysis.config import PROJECT_ROOT, SEEDS_DIR
from analysis.pipeline import run
from analysis.validation import VALIDATION_FOLDER, score_folder

CORPORA = {"seeds (training for the codebook, unseen for the supplement)": (SEEDS_DIR, PROJECT_ROOT / VALIDATION_FOLDER),
           "held-out articles on the deal": (PROJECT_ROOT / "tests/fixtures/salvador_heldout", None),
           "second story (bridge toll)": (PROJECT_ROOT / "tests/fixtures/bridge_toll", None)}


def main() -> None:
    lexicon = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("news_lexicon_supplement.txt")
    print(f"{'corpus':<62} {'score':<16} {'accuracy':>9} {'kappa':>7}")
    for name, (corpus, sheets) in CORPORA.items():
        with tempfile.TemporaryDirectory() as scratch:
            out, folder = Path(scratch) / "out", Path(scratch) / "validation"
            shutil.copytree(sheets or corpus / VALIDATION_FOLDER, folder)
            run(corpus, out, figures=False, sentiment_lexicon_path=lexicon, warn=lambda message: None)
            score_folder(out, folder, resamples=10)
            tone = pd.read_csv(folder / "scores-tone.csv")
        overall = tone[tone["outlet"] == "all outlets"].groupby("score", sort=False)[["accuracy", "weighted_kappa"]].mean()
        for score, row in overall.iterrows():
            print(f"{name:<62} {score:<16} {row['accuracy']:>9.3f} {row['weighted_kappa']:>7.3f}")


if __name__ == "__main__":
    main()
