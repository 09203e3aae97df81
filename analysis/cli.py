"""Command line: ``framing-analysis run --corpus PATH [--out DIR] …`` and ``framing-analysis init DIR``.

Inside the project's repository ``--corpus`` defaults to the seed study's ``seeds/`` and
``--out`` to its ``figures/``; anywhere else ``--corpus`` is required and ``--out``
defaults to ``framing-analysis-output/`` in the current folder, never inside the package.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__, config
from .cache import CACHE_VARIABLE
from .corpus import Columns
from .engine import ARTICLES_PER_PARTITION, SCHEDULER_VARIABLE, Engine
from .errors import InputError
from .pipeline import PAGES_UP_TO, Progress, ReuseSettings, run
from .reuse import BOILERPLATE_SHARE, MAX_ARTICLES_PER_SHINGLE, NEIGHBOURS
from .starter import write_starter
from .validation import RESAMPLES, SAMPLE_SIZE, SEED, score_folder, write_sample

EXIT_BAD_INPUT = 2
OUTPUT_FOLDER = "framing-analysis-output"


def program_name() -> str:
    """How the user called us: ``python -m analysis`` or the script's own name."""
    called = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return "python -m analysis" if called in ("", "__main__.py", "-c") else called


def add_data_file_options(parser: argparse.ArgumentParser) -> None:
    files = parser.add_argument_group("data files (default: the corpus folder's file of that name, else the packaged one)")
    files.add_argument("--codebook", metavar="FILE", help="framing codebook, YAML (codebook.yaml; format in its header)")
    files.add_argument("--speakers", metavar="FILE", help="speaker groups, names and aliases, YAML (speakers.yaml; optional: "
                       "speakers are also found in the text)")
    files.add_argument("--study", metavar="FILE", help="study description for the write-up: title, question, limitations (study.yaml)")
    files.add_argument("--stopwords", metavar="FILE", help="stopword list, one token per line, # comments (stopwords.txt)")
    files.add_argument("--quote-rules", metavar="FILE", help="reporting verbs and cue words for quotations (quote_rules.yaml)")
    files.add_argument("--sentiment-lexicon", metavar="FILE", help="a sentiment lexicon in VADER's format (token, tab, valence -4 to +4), "
                       "merged into VADER's; its scores go to sentences.csv: compound_lexicon, beside VADER's compound "
                       "(sentiment_lexicon.txt; optional)")
    files.add_argument("--sentiment-lexicon-replaces", dest="lexicon_replaces", action="store_true",
                       help="use the --sentiment-lexicon in place of VADER's lexicon instead of merging it (compound stays VADER's own)")


def add_column_options(parser: argparse.ArgumentParser) -> None:
    defaults = Columns()
    table = parser.add_argument_group("table corpora (a .csv, .jsonl or .parquet file, one article per row)")
    table.add_argument("--text-column", default=defaults.text, metavar="NAME", help="the article text (default: %(default)s)")
    table.add_argument("--outlet-column", default=defaults.outlet, metavar="NAME", help="the outlet (default: %(default)s)")
    table.add_argument("--id-column", default=None, metavar="NAME", help="a unique article id (default: article_id or id, else row numbers)")
    table.add_argument("--headline-column", default=defaults.headline, metavar="NAME", help="the headline (default: %(default)s)")
    table.add_argument("--date-column", default=defaults.published, metavar="NAME", help="the publication date, ISO (default: %(default)s)")
    table.add_argument("--url-column", default=defaults.url, metavar="NAME", help="the article's address (default: %(default)s)")


def build_parser() -> argparse.ArgumentParser:
    in_repository = config.in_repository()
    parser = argparse.ArgumentParser(prog=program_name(), description="Compare how news outlets frame one event.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run_parser = commands.add_parser(
        "run",
        help="run every stage over a corpus and write its tables, charts and article pages",
        description="Load a corpus, run every stage, and write the tables to OUT/tables/, the charts to OUT/ and one "
        "page per article to OUT/articles/. Bad input stops the run with one line on stderr and exit status 2, "
        "before anything is written.",
    )
    run_parser.add_argument(
        "--corpus", metavar="PATH", required=not in_repository,
        default=str(config.SEEDS_DIR) if in_repository else None,
        help="a folder with manifest.csv and one .txt file per article (optional cleaning.csv, codebook.yaml, "
        "speakers.yaml, study.yaml), or a .csv/.jsonl/.parquet table with one article per row"
        + (" (default: the study's seeds/)" if in_repository else ""),
    )
    run_parser.add_argument(
        "--out", metavar="DIR", default=str(config.FIGURES_DIR) if in_repository else OUTPUT_FOLDER,
        help="where tables/, the figures (NN-slug.png/.svg/.csv) and articles/ go "
        + ("(default: the study's figures/)" if in_repository else f"(default: ./{OUTPUT_FOLDER})"),
    )
    add_data_file_options(run_parser)
    add_column_options(run_parser)
    run_parser.add_argument(
        "--whole-article-sentiment", dest="whole_article_contrast", action="store_true",
        help="fill articles.csv's compound_whole_article contrast column (off by default: VADER's time grows with "
        "the square of a text's length, so on large corpora whole articles cost more than all sentences)",
    )
    run_parser.add_argument("--no-whole-article-sentiment", dest="whole_article_contrast", action="store_false", help=argparse.SUPPRESS)
    engine = run_parser.add_argument_group("where the work runs")
    engine.add_argument("--workers", type=positive, metavar="N", help="local processes for the per-article work (default: every core)")
    engine.add_argument("--scheduler", metavar="ADDRESS", help=f"run on a dask.distributed cluster (default: ${SCHEDULER_VARIABLE}, else locally)")
    engine.add_argument("--no-cache", dest="cache", action="store_false",
                        help=f"recompute every article (default: reuse per-article results kept in ${CACHE_VARIABLE}, else ~/.cache/framing-analysis)")
    engine.add_argument("--partition-size", type=positive, default=ARTICLES_PER_PARTITION, metavar="N",
                        help="articles per partition of work (default: %(default)s); the outputs do not depend on it")
    reuse = run_parser.add_argument_group("text reuse")
    reuse.add_argument("--boilerplate-share", type=share_option, default=BOILERPLATE_SHARE, metavar="S",
                       help="skip a shingle found in more than this share of the articles as boilerplate (a shingle two "
                       "articles share is always kept; default: %(default)s)")
    reuse.add_argument("--boilerplate-articles", type=positive, default=MAX_ARTICLES_PER_SHINGLE, metavar="N",
                       help="…and one found in more than N articles, whatever the corpus size (default: %(default)s)")
    reuse.add_argument("--neighbours", type=whole_number, default=NEIGHBOURS, metavar="K",
                       help="above 200 articles, score each article's K nearest articles by TF-IDF besides the pairs "
                       "sharing a passage (default: %(default)s; 0: only pairs sharing a passage)")
    run_parser.add_argument(
        "--format", dest="table_format", choices=["csv", "parquet"], default="csv",
        help="how to write the large tables (sentences, frame_hits, quotes, terms_by_outlet, reuse_passages): CSV, or "
        "Parquet in parts of 500,000 rows (tables/NAME/part-NNNNN.parquet); the summaries stay CSV (default: csv)",
    )
    run_parser.add_argument(
        "--pages", type=pages_option, default=PAGES_UP_TO, metavar="N|all",
        help="article pages: every article up to N, else N spread evenly over the corpus; 'all' for every one (default: %(default)s)",
    )
    run_parser.add_argument(
        "--tables-only", dest="figures", action="store_false",
        help="write only OUT/tables/, without the figures and article pages",
    )
    run_parser.add_argument("--quiet", action="store_true", help="print no progress messages (warnings still go to stderr)")
    add_validate_parser(commands, in_repository)
    init_parser = commands.add_parser(
        "init", help="write a starter corpus folder to fill in",
        description="Write DIR with a manifest, one example article, and commented templates of the codebook, "
        "the speakers file and the study description; then run: run --corpus DIR.",
    )
    init_parser.add_argument("dir", metavar="DIR", help="the folder to create (must not exist, or be empty)")
    return parser


def add_validate_parser(commands, in_repository: bool) -> None:
    validate = commands.add_parser(
        "validate", help="check the codebook and VADER against human coders: draw a coding sheet, then score it",
        description="sample: draw a stratified sample of a run's body sentences and write a blind coding sheet, its key and "
        "the instructions to FOLDER. score: read the filled sheets (FOLDER/coder-*.csv) and write precision, recall, "
        "agreement and tone scores to FOLDER and the chart 10-validation to OUT.",
    )
    steps = validate.add_subparsers(dest="step", required=True, metavar="STEP")
    default_out = str(config.FIGURES_DIR) if in_repository else OUTPUT_FOLDER
    default_folder = str(config.PROJECT_ROOT / "validation") if in_repository else "validation"
    for name, text in (("sample", "write a blind coding sheet of sampled sentences"), ("score", "score filled coding sheets")):
        step = steps.add_parser(name, help=text, description=text)
        step.add_argument("--out", metavar="DIR", default=default_out, help=f"the run's output folder (default: {default_out})")
        step.add_argument("--folder", metavar="DIR", default=default_folder,
                          help=f"where the sheet, its key and the scores go, kept apart from the run's folder (default: {default_folder})")
        if name == "sample":
            step.add_argument("--size", type=positive, default=SAMPLE_SIZE, metavar="N", help="sentences to draw (default: %(default)s)")
            step.add_argument("--seed", type=whole_number, default=SEED, metavar="N", help="random seed (default: %(default)s)")
        else:
            step.add_argument("sheets", nargs="*", metavar="SHEET", help="filled sheets (default: FOLDER/coder-*.csv)")
            step.add_argument("--quotes-gold", metavar="FILE", help="a gold file of quotations and speakers to score quotes.csv against")
            step.add_argument("--resamples", type=positive, default=RESAMPLES, metavar="N", help="bootstrap resamples (default: %(default)s)")


def validate_command(args: argparse.Namespace) -> list[Path]:
    if Path(args.folder).resolve().is_relative_to(Path(args.out).resolve()):
        raise InputError(args.folder, f"is inside the run's folder {args.out}, which a run replaces whole: keep coding sheets elsewhere")
    if args.step == "sample":
        return write_sample(args.out, args.folder, args.size, args.seed)
    return score_folder(args.out, args.folder, args.sheets, args.quotes_gold, args.resamples)


def pages_option(value: str) -> int | None:
    return None if value == "all" else positive(value)


def share_option(value: str) -> float:
    try:
        share = float(value)
    except ValueError:
        share = -1.0
    if not 0 < share <= 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a share between 0 and 1 (e.g. 0.5)")
    return share


def whole_number(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number")
    return int(value)


def positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive whole number")
    return int(value)


def columns_of(args: argparse.Namespace) -> Columns:
    return Columns(text=args.text_column, outlet=args.outlet_column, id=args.id_column,
                   headline=args.headline_column, published=args.date_column, url=args.url_column)


def run_command(args: argparse.Namespace) -> list[Path]:
    progress = (lambda message: None) if args.quiet else Progress()
    return run(
        args.corpus, args.out, figures=args.figures, progress=progress, pages=args.pages, table_format=args.table_format,
        codebook_path=args.codebook, stopwords_path=args.stopwords, speakers_path=args.speakers,
        quote_rules_path=args.quote_rules, study_path=args.study, columns=columns_of(args),
        sentiment_lexicon_path=args.sentiment_lexicon, lexicon_replaces=args.lexicon_replaces,
        whole_article_contrast=args.whole_article_contrast,
        engine=Engine.from_environment(args.workers, args.scheduler, articles_per_partition=args.partition_size,
                                       progress_bar=not args.quiet),
        cache_folder=args.cache,
        reuse=ReuseSettings(boilerplate_share=args.boilerplate_share, max_articles=args.boilerplate_articles, neighbours=args.neighbours),
    )


def main(argv: list[str] | None = None) -> int:
    import matplotlib

    matplotlib.use("Agg")  # files only: never a window, whatever display the machine has
    args = build_parser().parse_args(argv)
    try:
        commands = {"init": lambda: write_starter(args.dir), "run": lambda: run_command(args), "validate": lambda: validate_command(args)}
        written = commands[args.command]()
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for path in written:
        print(path)
    return 0
