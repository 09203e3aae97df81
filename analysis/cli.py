"""Command line: ``python -m analysis run [--corpus DIR] [--codebook FILE] [--speakers FILE] [--out DIR] …``."""

from __future__ import annotations

import argparse
import sys

from . import config
from .errors import InputError
from .pipeline import Progress, run

EXIT_BAD_INPUT = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description="Compare how news outlets frame one event.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run_parser = commands.add_parser(
        "run",
        help="run every stage over a corpus and write its tables",
        description="Load a corpus, run every stage, and write the tables to OUT/tables/. "
        "Bad input stops the run with one line on stderr and exit status 2, before anything is written.",
    )
    run_parser.add_argument(
        "--corpus", metavar="DIR", default=str(config.SEEDS_DIR),
        help="folder with manifest.csv, one .txt file per article and an optional cleaning.csv "
        "(default: the study's seeds/)",
    )
    run_parser.add_argument(
        "--out", metavar="DIR", default=str(config.FIGURES_DIR),
        help="where tables/, the figures (NN-slug.png/.svg/.csv) and articles/ (one HTML page per article) "
        "go (default: the study's figures/)",
    )
    run_parser.add_argument(
        "--codebook", metavar="FILE", default=None,
        help="framing codebook in YAML (format in the header of analysis/data/codebook.yaml; "
        "default: that packaged codebook)",
    )
    run_parser.add_argument(
        "--stopwords", metavar="FILE", default=None,
        help="stopword list, one token per line, # comments (default: analysis/data/stopwords.txt)",
    )
    run_parser.add_argument(
        "--speakers", metavar="FILE", default=None,
        help="speakers file in YAML: canonical names, aliases and roles, groups "
        "(format in the header of analysis/data/speakers.yaml; default: that file)",
    )
    run_parser.add_argument(
        "--quote-rules", metavar="FILE", default=None,
        help="reporting verbs and label cues for quotations (default: analysis/data/quote_rules.yaml)",
    )
    run_parser.add_argument(
        "--no-whole-article-sentiment", dest="whole_article_contrast", action="store_false",
        help="leave articles.csv's compound_whole_article contrast column blank: VADER's time grows with "
        "the square of a text's length, so on large corpora whole articles cost more than all sentences",
    )
    run_parser.add_argument(
        "--tables-only", dest="figures", action="store_false",
        help="write only OUT/tables/, without the figures and article pages",
    )
    run_parser.add_argument("--quiet", action="store_true", help="print no progress messages")
    return parser


def main(argv: list[str] | None = None) -> int:
    import matplotlib

    matplotlib.use("Agg")  # files only: never a window, whatever display the machine has
    args = build_parser().parse_args(argv)
    progress = (lambda message: None) if args.quiet else Progress()
    try:
        written = run(
            args.corpus, args.out, figures=args.figures, progress=progress,
            codebook_path=args.codebook, stopwords_path=args.stopwords, speakers_path=args.speakers,
            quote_rules_path=args.quote_rules, whole_article_contrast=args.whole_article_contrast,
        )
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for path in written:
        print(path)
    return 0
