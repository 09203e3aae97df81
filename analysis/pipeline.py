"""Run every stage over a corpus and write the tables; nothing is written until all are computed."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from .codebook import Codebook, load_codebook
from .config import TABLES_SUBDIR
from .corpus import Columns, CorpusSource, cleaning_log, corpus_home, corpus_name, load_corpus
from .cache import Cache, code_digest, default_folder, digest
from .engine import Engine, map_partitions, partitions
from .errors import InputError
from .framing import frame_hits, frames_by_article, frames_by_outlet
from .keyness import keyness
from .output import check_output_folder, write_outputs, write_tables
from .plots import draw_all
from .quotes import article_quotations, resolve_speakers
from .reuse import text_reuse
from .sentences import sentence_table
from .sentiment import score_sentences, sentiment_by_article, sentiment_by_frame, sentiment_by_outlet, whole_article_compound
from .speakers import Speakers, load_quote_rules, load_speakers
from .study import DataFile, StudyDescription, load_description, resolve_files, seed_files_warning
from .terms import combined_term_counts, load_stopwords, outlet_term_counts, term_counts, terms_by_outlet
from .tokens import count_words
from .viewer import article_pages
from .voices import frames_by_voice, hit_voices, sentence_voices, sentiment_by_voice, speaker_groups, voices_by_outlet, voices_by_speaker

ARTICLE_COLUMNS = [
    "article_id", "file", "outlet", "headline", "headline_source", "subtitle", "published", "url",
    "leaning", "rewrite", "words", "sentences", "paragraphs", "characters", "cleaning_steps", "removed",
]
REWRITE_WORD = "rewrite"  # an article whose manifest notes use this word is a rewrite of another outlet's report
CONTRAST_COLUMN = "compound_whole_article"


def describe_step(step) -> str:
    return f"{step.action}: {step.text}"


def articles_table(articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per article: metadata and size of its cleaned body (words are tokens; sentences are body sentences)."""
    body_sentences = sentences[sentences["part"] == "body"].groupby("article_id").size()
    table = articles.assign(
        words=articles["body"].map(count_words),
        sentences=articles["article_id"].map(body_sentences).fillna(0).astype(int),
        paragraphs=articles["body"].map(lambda body: body.count("\n\n") + 1),
        characters=articles["body"].str.len(),
        cleaning_steps=articles["cleaning"].map(len),
        rewrite=articles.get("notes", pd.Series("", index=articles.index)).fillna("").str.lower().str.contains(REWRITE_WORD),
        removed=articles["cleaning"].map(lambda steps: " | ".join(describe_step(s) for s in steps)),
    )
    return table[ARTICLE_COLUMNS]


def codebook_table(codebook: Codebook) -> pd.DataFrame:
    """The codebook used, one row per marker, so every run records what it searched for."""
    return codebook.frames.merge(codebook.markers, on="frame")


@dataclass(frozen=True)
class Study:
    """Everything one run computes: the loaded articles (with bodies), the data files used, and the tables."""

    name: str
    articles: pd.DataFrame
    codebook: Codebook
    speakers: Speakers
    tables: dict[str, pd.DataFrame]
    files: dict[str, DataFile]
    description: StudyDescription
    warnings: tuple[str, ...] = ()


def build_tables(*args, **options) -> dict[str, pd.DataFrame]:
    """Every output table of the study for one corpus, by file stem (arguments as ``analyse``)."""
    return analyse(*args, **options).tables


def print_warning(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr, flush=True)


def inputs_table(name: str, articles: pd.DataFrame, files: dict[str, DataFile]) -> pd.DataFrame:
    """What the run read: the corpus and every data file, named the same on every machine."""
    rows = [{"role": "corpus", "file": name, "origin": f"{len(articles)} article{'' if len(articles) == 1 else 's'}"}]
    rows += [{"role": f.role, "file": f.shown, "origin": f.origin} for f in files.values()]
    return pd.DataFrame(rows, columns=["role", "file", "origin"])


def analyse(
    corpus: CorpusSource,
    codebook_path: str | Path | None = None,
    stopwords_path: str | Path | None = None,
    progress: Callable[[str], None] = lambda message: None,
    whole_article_contrast: bool = False,
    speakers_path: str | Path | None = None,
    quote_rules_path: str | Path | None = None,
    *,
    study_path: str | Path | None = None,
    columns: Columns | None = None,
    name: str | None = None,
    warn: Callable[[str], None] = print_warning,
    engine: Engine | None = None,
    cache_folder: str | Path | bool | None = True,
) -> Study:
    """Run every stage over one corpus and return the tables.

    ``corpus`` is a corpus folder, a CSV/JSONL/Parquet table or a DataFrame
    (``columns`` maps a table's column names). Data files not given are taken from the
    corpus folder (``codebook.yaml``, ``speakers.yaml``, ``stopwords.txt``,
    ``quote_rules.yaml``, ``study.yaml``), else from the package; ``warn`` receives one
    line when the seed study's packaged codebook or speakers file is used on another
    corpus. ``whole_article_contrast=True`` fills ``compound_whole_article``, a contrast column
    whose VADER cost grows with the square of a text's length (off by default). ``engine``
    says where the per-article work runs (``analysis/engine.py``): this process by default,
    ``Engine()`` for every local core (from a script, under ``if __name__ == "__main__":``,
    as for any process pool), or ``Engine(scheduler=ADDRESS)`` for a Dask cluster; the
    tables are the same whichever runs it. The command line uses every core by default. ``cache_folder``
    keeps per-article results between runs (``analysis/cache.py``; True: the default folder;
    None or False: no cache).
    """
    # All input checks happen first, before any message or output.
    explicit_name = name
    name = name or corpus_name(corpus)
    home = corpus_home(corpus)
    explicit = {"codebook": codebook_path, "stopwords": stopwords_path, "speakers": speakers_path,
                "quote_rules": quote_rules_path, "study": study_path}
    files = resolve_files(explicit, home, name)
    codebook = load_codebook(files["codebook"].path)
    stopwords = load_stopwords(files["stopwords"].path)
    speakers = load_speakers(files["speakers"].path)
    rules = load_quote_rules(files["quote_rules"].path)
    description = load_description(files["study"], codebook.frames["frame"].tolist())
    if description.name and not explicit_name:  # the study names its corpus: the folder's name is not an input
        name = description.name
    articles = load_corpus(corpus, columns)
    warnings = tuple(filter(None, [seed_files_warning(files, home, name)]))
    for message in warnings:
        warn(message)
    tables: dict[str, pd.DataFrame] = {"inputs": inputs_table(name, articles, files)}
    engine = engine or Engine(workers=1)  # from Python, one process unless asked: a script without a main guard cannot spawn
    parts = partitions(articles, engine.articles_per_partition)
    progress(f"loaded {len(articles)} articles from {name}; sentences, VADER, quotations, framing markers and terms "
             f"per article, in {engine.describe(len(parts))}")
    per_article = partial(article_tables, codebook=codebook, speakers=speakers, rules=rules, stopwords=stopwords,
                          whole_article_contrast=whole_article_contrast, cache=Cache(cache_location(cache_folder)),
                          settings=settings_digests(files))
    partial_tables = map_partitions(per_article, parts, engine)
    progress("joining the articles' tables and finding speakers across the corpus")
    sentences = joined(partial_tables, "sentences")
    quotes = resolve_speakers(joined(partial_tables, "quotes"), speakers)
    sentences = sentence_voices(sentences, quotes)
    progress("summarising articles")
    summary = articles_table(articles, sentences)
    summary[CONTRAST_COLUMN] = pd.concat([part["contrast"] for part in partial_tables]).to_numpy()
    tables.update(articles=summary, sentences=sentences, cleaning=cleaning_log(articles))
    progress("counting terms")
    # Outlets in the order of their first article id, as a per-article count table sorted by id would list them.
    counts = combined_term_counts([part["terms"] for part in partial_tables], summary.sort_values("article_id")["outlet"].unique().tolist())
    tables["terms_by_outlet"] = terms_by_outlet(counts, summary)
    progress("scoring keyness")
    tables["keyness"] = keyness(counts)
    progress("summarising sentiment with bootstrap intervals")
    tables["sentiment_by_article"] = sentiment_by_article(sentences)
    tables["sentiment_by_outlet"] = sentiment_by_outlet(sentences)
    progress(f"matching {len(codebook.markers)} framing markers")
    tables["codebook"] = codebook_table(codebook)
    tables["frame_hits"] = hit_voices(joined(partial_tables, "hits"), quotes)
    tables["frames_by_article"] = frames_by_article(tables["frame_hits"], sentences, codebook)
    tables["frames_by_outlet"] = frames_by_outlet(tables["frames_by_article"], summary, codebook)
    progress("summarising voices")
    tables["quotes"] = quotes
    tables["voices_by_outlet"] = voices_by_outlet(quotes, summary, speakers)
    tables["voices_by_speaker"] = voices_by_speaker(quotes)
    tables["frames_by_voice"] = frames_by_voice(tables["frame_hits"], codebook.frames)
    tables["sentiment_by_voice"] = sentiment_by_voice(sentences)
    tables["sentiment_by_frame"] = sentiment_by_frame(sentences, tables["frame_hits"])
    progress("finding reused passages")
    tables["reuse_passages"], tables["reuse_pairs"] = text_reuse(articles, stopwords)
    return Study(name, articles, codebook, speakers, tables, files, description, warnings)


ARTICLE_FIELDS = ["article_id", "outlet", "headline", "subtitle", "body"]  # what the per-article tables are computed from


def article_tables(
    articles: pd.DataFrame, *, codebook: Codebook, speakers: Speakers, rules, stopwords: frozenset[str], whole_article_contrast: bool,
    cache: Cache, settings: dict[str, str],
) -> dict[str, pd.DataFrame | pd.Series]:
    """The map step: every per-article table of some articles, each article computed on its own, each stage
    taken from the cache where its inputs (``settings``: digests of the data files it reads) are unchanged."""
    texts = digest(settings["code"], articles[ARTICLE_FIELDS])
    sentences = cache.result("sentences", digest(texts), lambda: score_sentences(sentence_table(articles)))

    def contrast():
        return whole_article_compound(articles) if whole_article_contrast else pd.Series(float("nan"), index=articles.index)

    return {
        "sentences": sentences,
        "quotes": cache.result("quotes", digest(texts, settings["speakers"], settings["quote_rules"]),
                               lambda: article_quotations(articles, sentences, speakers, rules)),
        "hits": cache.result("hits", digest(texts, settings["codebook"]), lambda: frame_hits(articles, sentences, codebook)),
        "terms": cache.result("outlet_terms", digest(texts, settings["stopwords"]), lambda: outlet_term_counts(term_counts(sentences, stopwords))),
        "contrast": cache.result("contrast", digest(texts, whole_article_contrast), contrast),
    }


def cache_location(cache_folder: str | Path | bool | None) -> Path | None:
    if cache_folder is True:
        return default_folder()
    return Path(cache_folder) if cache_folder else None


def settings_digests(files: dict[str, DataFile]) -> dict[str, str]:
    """What each stage's result depends on besides the articles: the data files it reads, and the code."""
    return {"code": code_digest(), **{role: digest(f.path.read_bytes() if f.path else b"") for role, f in files.items()}}


def joined(partial_tables: list[dict], name: str) -> pd.DataFrame:
    """One partial table of every partition, in corpus order."""
    return pd.concat([part[name] for part in partial_tables], ignore_index=True)


PAGES_UP_TO = 500  # article pages beyond this many are a sample: a folder of 100,000 pages helps no reader


def check_apart(corpus: CorpusSource, out: Path) -> None:
    """Outputs never go into the corpus folder, nor the corpus inside the output folder (which a run replaces)."""
    if isinstance(corpus, pd.DataFrame):
        return
    source, target = Path(corpus).resolve(), out.resolve()
    if source.is_dir() and (target == source or target.is_relative_to(source)):
        raise InputError(out, f"is inside the corpus folder {corpus}: write the outputs elsewhere, inputs are never modified")
    if source == target or source.is_relative_to(target):
        raise InputError(out, f"holds the corpus {corpus}: a run replaces its output folder whole, so write the outputs elsewhere")


class Progress:
    """Stage messages with elapsed seconds, on stderr so stdout stays clean."""

    def __init__(self) -> None:
        self.started = time.perf_counter()

    def __call__(self, message: str) -> None:
        print(f"[{time.perf_counter() - self.started:6.1f} s] {message}", file=sys.stderr, flush=True)


def run(
    corpus: CorpusSource,
    out_dir: str | Path,
    *,
    figures: bool = True,
    progress: Callable[[str], None] = lambda message: None,
    pages: int | None = PAGES_UP_TO,
    table_format: str = "csv",
    **options,
) -> list[Path]:
    """Everything for one corpus: tables, and unless ``figures`` is False, the charts and article pages.

    ``pages``: article pages for every article up to this many, else for that many spread evenly
    over the corpus (None: every article). ``table_format="parquet"`` writes the large tables as
    Parquet. ``options`` are ``analyse``'s: ``codebook_path``, ``stopwords_path``, ``speakers_path``,
    ``quote_rules_path``, ``study_path``, ``columns``, ``name``, ``warn``, ``whole_article_contrast``, ``engine``.
    """
    check_apart(corpus, Path(out_dir))
    check_output_folder(Path(out_dir))
    study = analyse(corpus, progress=progress, **options)
    tables = study.tables
    if not figures:
        progress(f"writing {len(tables)} tables to {Path(out_dir) / TABLES_SUBDIR}")
        return write_tables(tables, out_dir, table_format)
    progress("drawing figures and article pages")
    drawn = list(draw_all(tables, study.name))
    shown = page_sample(study.articles, pages)
    written_pages = article_pages(
        shown, tables["articles"], tables["frame_hits"], tables["quotes"],
        study.codebook.frames, speaker_groups(tables["quotes"], study.speakers),
    )
    progress(f"writing {len(tables)} tables, {len(drawn)} figures and {len(written_pages)} article pages "
             f"(of {len(study.articles)} articles) to {out_dir}")
    return write_outputs(out_dir, tables, drawn, written_pages, table_format)


def page_sample(articles: pd.DataFrame, most: int | None) -> pd.DataFrame:
    """Every article up to ``most``, else ``most`` of them spread evenly over the corpus, in corpus order."""
    if most is None or len(articles) <= most:
        return articles
    chosen = np.unique(np.linspace(0, len(articles) - 1, most).round().astype(int))
    return articles.iloc[chosen]
