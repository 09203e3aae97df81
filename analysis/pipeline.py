"""Run every stage over a corpus and write the tables; nothing is written until all are computed."""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import dataclass, field
from functools import cache as cache_once
from functools import partial
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from .categories import as_categories, joined_categories, tables_with_texts, with_texts
from .clib import give_back_memory
from .codebook import Codebook, load_codebook
from .config import TABLES_SUBDIR
from .corpus import Columns, CorpusSource, cleaning_log, corpus_home, corpus_name, load_corpus
from .cache import Cache, code_digest, default_folder, digest
from .engine import Engine, map_reduce, partitions
from .explorer import index_page
from .errors import InputError
from .framing import frame_hits, frames_by_article, frames_by_outlet
from .intervals import clustered_mean_interval
from .keyness import keyness_order, keyness_rows
from .language import DEFAULT_LANGUAGE, DEFAULTED, LANGUAGE_COLUMN, SOURCE_COLUMN, article_languages, check_languages
from .output import Written, check_output_folder, write_outputs, write_tables
from .parted import PartedColumn, PartedTable, PartitionOnDisk, PartitionParts, PartWriter, Tables, column_on_disk, parts_of, selected, without_rows
from .plots import draw_all
from .quotes import article_quotations, resolve_speakers
from .reuse import BOILERPLATE_SHARE, MAX_ARTICLES_PER_SHINGLE, NEIGHBOURS, ShingleBuckets, article_shingles, reuse_tables
from .sentences import sentence_table
from .sentiment import SENTIMENT_LANGUAGES, lexicon_analyzer, load_lexicon, score_sentences, sentiment_by_article, sentiment_by_frame, sentiment_by_outlet, whole_article_compound
from .shuffle import Shuffle, rows_by_key
from .scratch import scratch_folder
from .speakers import Speakers, load_quote_rules, load_speakers
from .study import OPTIONAL, DataFile, StudyDescription, load_description, resolve_files, seed_files_warning
from .terms import TermBuckets, compact, outlet_terms, outlet_words, ranked_order, stopword_lists, term_rates
from .tokens import count_words
from .viewer import article_pages
from .voices import frames_by_voice, hit_voices, sentence_voices, sentiment_by_voice, speaker_groups, voices_by_outlet, voices_by_speaker

ARTICLE_COLUMNS = [
    "article_id", "file", "outlet", "language", "language_source", "headline", "headline_source", "subtitle", "published", "url",
    "leaning", "rewrite", "words", "sentences", "paragraphs", "characters", "cleaning_steps", "removed",
]
REWRITE_WORD = "rewrite"  # an article whose manifest notes use this word is a rewrite of another outlet's report
CONTRAST_COLUMN = "compound_whole_article"


def describe_step(step) -> str:
    return f"{step.action}: {step.text}"


def body_counts(bodies: pd.Series) -> pd.DataFrame:
    """Paragraphs and characters of every cleaned body, for ``articles_table``. Counted in Arrow: a Python function
    over the bodies made every one a Python string (1.2 GB at 100,000 articles)."""
    return pd.DataFrame({"paragraphs": bodies.str.count("\n\n") + 1, "characters": bodies.str.len()}, index=bodies.index)


def articles_table(articles: pd.DataFrame, sizes: pd.DataFrame, counts: pd.DataFrame) -> pd.DataFrame:
    """One row per article: metadata and size of its cleaned body (``sizes``: ``article_sizes`` of every article;
    ``counts``: ``body_counts``; ``articles`` may be without their bodies)."""
    table = articles.assign(
        language=sizes[LANGUAGE_COLUMN].to_numpy(),
        language_source=sizes[SOURCE_COLUMN].to_numpy(),
        words=sizes["words"].to_numpy(),
        sentences=sizes["sentences"].to_numpy(),
        **{CONTRAST_COLUMN: sizes[CONTRAST_COLUMN].to_numpy()},
        paragraphs=counts["paragraphs"], characters=counts["characters"],
        cleaning_steps=articles["cleaning"].map(len),
        rewrite=articles.get("notes", pd.Series("", index=articles.index)).fillna("").str.lower().str.contains(REWRITE_WORD),
        removed=articles["cleaning"].map(lambda steps: " | ".join(describe_step(s) for s in steps)),
    )
    return table[[*ARTICLE_COLUMNS, CONTRAST_COLUMN]]


def codebook_table(codebook: Codebook) -> pd.DataFrame:
    """The codebook used, one row per marker, so every run records what it searched for."""
    return codebook.frames.merge(codebook.markers, on="frame")


@dataclass(frozen=True)
class ReuseSettings:
    """What text reuse skips as boilerplate (a shingle in more than ``boilerplate_share`` of the articles or
    in more than ``max_articles``) and how many nearest articles by TF-IDF it scores above 200 articles."""

    boilerplate_share: float = BOILERPLATE_SHARE
    max_articles: int = MAX_ARTICLES_PER_SHINGLE
    neighbours: int = NEIGHBOURS


@dataclass(frozen=True)
class Study:
    """Everything one run computes: the loaded articles, the data files used, and the tables. Once the per-article
    work is done the bodies are kept on disk (``bodies``; the corpus's largest column, 590 MB at 100,000 articles):
    ``articles`` reads them back whole, ``articles_at`` those of a few articles."""

    name: str
    catalogue: pd.DataFrame  # the loaded articles without their bodies
    bodies: PartedColumn  # every body, in corpus order
    body_place: int  # where the body column stands among the loaded articles' columns
    codebook: Codebook
    speakers: Speakers
    tables: Tables  # a large table is kept on disk in parts (``analysis/parted.py``)
    files: dict[str, DataFile]
    description: StudyDescription
    warnings: tuple[str, ...] = ()
    table_keys: dict[str, str] = field(default_factory=dict)  # what each table was computed from (``CorpusStages``)

    @property
    def articles(self) -> pd.DataFrame:
        """The loaded articles with their bodies, as ``load_corpus`` gave them."""
        return self.with_bodies(self.catalogue, self.bodies.series().array)

    def articles_at(self, rows: np.ndarray) -> pd.DataFrame:
        """The loaded articles at these row numbers, with their bodies."""
        return self.with_bodies(self.catalogue.iloc[rows], self.bodies.take(rows).array)

    def with_bodies(self, catalogue: pd.DataFrame, bodies) -> pd.DataFrame:
        articles = catalogue.copy()
        articles.insert(self.body_place, "body", bodies)
        return articles


def build_tables(*args, **options) -> dict[str, pd.DataFrame]:
    """Every output table of the study for one corpus, by file stem (arguments as ``analyse``)."""
    return analyse(*args, **options).tables


def print_warning(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr, flush=True)


def inputs_table(name: str, articles: pd.DataFrame, files: dict[str, DataFile], lexicon_replaces: bool = False) -> pd.DataFrame:
    """What the run read: the corpus and every data file, named the same on every machine (an optional file only
    when there is one)."""
    rows = [{"role": "corpus", "file": name, "origin": f"{len(articles)} article{'' if len(articles) == 1 else 's'}"}]
    rows += [{"role": f.role + (" (in place of VADER's lexicon)" if f.role == "sentiment_lexicon" and lexicon_replaces else ""),
              "file": f.shown, "origin": f.origin} for f in files.values() if f.path or f.role not in OPTIONAL]
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
    reuse: ReuseSettings | None = None,
    sentiment_lexicon_path: str | Path | None = None,
    lexicon_replaces: bool = False,
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
    None or False: no cache). ``reuse`` sets what text reuse skips as boilerplate and how many
    TF-IDF neighbours it scores (``ReuseSettings``, ``analysis/reuse.py``). ``sentiment_lexicon_path`` (VADER's
    lexicon format, else the corpus folder's ``sentiment_lexicon.txt``) adds ``compound_lexicon`` to the sentences:
    VADER with that lexicon merged into its own (or in place of it, ``lexicon_replaces``), beside ``compound``.
    """
    # All input checks happen first, before any message or output.
    explicit_name = name
    name = name or corpus_name(corpus)
    home = corpus_home(corpus)
    explicit = {"codebook": codebook_path, "stopwords": stopwords_path, "speakers": speakers_path,
                "quote_rules": quote_rules_path, "study": study_path, "sentiment_lexicon": sentiment_lexicon_path}
    files = resolve_files(explicit, home, name)
    codebook = load_codebook(files["codebook"].path)
    stopwords = stopword_lists(files["stopwords"].path, home)
    speakers = load_speakers(files["speakers"].path)
    rules = load_quote_rules(files["quote_rules"].path)
    lexicon = (load_lexicon(files["sentiment_lexicon"].path), lexicon_replaces) if files["sentiment_lexicon"].path else None
    description = load_description(files["study"], codebook.frames["frame"].tolist())
    if description.name and not explicit_name:  # the study names its corpus: the folder's name is not an input
        name = description.name
    articles = load_corpus(corpus, columns)
    give_back_memory()  # what reading and cleaning the articles freed
    check_languages(articles)
    warnings = tuple(filter(None, [seed_files_warning(files, home, name)]))
    for message in warnings:
        warn(message)
    tables: dict[str, pd.DataFrame] = {"inputs": inputs_table(name, articles, files, lexicon_replaces)}
    engine = engine or Engine(workers=1)  # from Python, one process unless asked: a script without a main guard cannot spawn
    parts = partitions(articles, engine.articles_per_partition)
    cache, settings = Cache(cache_location(cache_folder)), run_settings(files, stopwords, lexicon is not None, lexicon_replaces)
    reuse = reuse or ReuseSettings()
    keys = [partition_key(part, settings) for part in parts]
    stages = CorpusStages(cache, corpus_key(keys, articles, whole_article_contrast), settings, progress)
    plan = {  # corpus-level stage: (data files it reads, settings, the per-article tables it reduces)
        "voices": (["speakers", "quote_rules", "sentiment_lexicon"], (), {"sentences", "quotes"}), "terms": (["stopwords"], (), {"terms"}),
        "sentiment": ([], (), set()), "framing": (["codebook", "speakers", "quote_rules"], (), {"hits"}),
        "reuse": (["stopwords"], (reuse,), {"shingles"}),
    }
    wanted = {"sizes"}.union(*[needs for stage, (reads, options, needs) in plan.items() if not stages.cached(stage, reads, *options)])
    if engine.chooses_workers:
        engine = engine.sized_for(uncached_seconds(parts, keys, wanted, cache, settings, whole_article_contrast), len(parts))
    progress(f"loaded {len(articles)} articles from {name}; {', '.join(sorted(wanted))} per article, in {engine.describe(len(parts))}")
    per_article = partial(article_tables, codebook=codebook, speakers=speakers, rules=rules, stopwords=stopwords, lexicon=lexicon,
                          whole_article_contrast=whole_article_contrast, cache=cache, settings=settings, wanted=frozenset(wanted))
    # Term counts and shingles go to disk by bucket of their key as the partitions finish (analysis/shuffle.py):
    # held whole, these partials would be the largest tables in memory.
    spill = shuffle_folder(cache)  # removed once reuse has read it, or at exit
    reducers = {"terms": TermBuckets(Path(spill.name) / "terms", corpus_words(parts)),
                "shingles": shingle_buckets(parts, Path(spill.name) / "shingles"),
                **{name: PartitionParts(Path(spill.name) / name) for name in ("sentences", "hits")}}
    partition_of, body_place, counts = partition_numbers(parts), articles.columns.get_loc("body"), body_counts(articles["body"])
    # The bodies wait on disk from here (0.6 GB at 100,000 articles): each partition's are read back by the process
    # that works on it, then by text reuse, in turn, and by the article pages, a few.
    bodies = column_on_disk((part["body"] for part in parts), cache.folder)
    articles = articles.drop(columns="body")
    del parts  # each partition is a view that would keep every body
    give_back_memory()
    parts = [PartitionOnDisk(part, bodies, number, body_place) for number, part in enumerate(partitions(articles, engine.articles_per_partition))]
    partial_tables, totals = map_reduce(per_article, parts, engine, {key: reducers[key] for key in reducers if key in wanted})
    del parts
    summary = articles_table(articles, joined(partial_tables, "sizes"), counts)
    for message in language_warnings(summary, stopwords):
        warn(message)
    tables.update(articles=summary, cleaning=cleaning_log(articles), codebook=codebook_table(codebook))

    def run_stage(stage: str, message: str, compute: Callable[[], dict]) -> None:
        reads, options, needs = plan[stage]
        tables.update(stages.run(stage, reads, message, compute, *options))
        release(partial_tables, *needs)
        give_back_memory()

    def stage_home(stage: str) -> Path | None:
        reads, options, _ = plan[stage]
        return stages.home(stage, reads, *options)

    scores = cache_once(lambda: sentence_scores(tables["sentences"]))  # read once for sentiment and framing, then let go
    run_stage("voices", "finding speakers across the corpus and summarising voices",
              lambda: voice_tables(totals.pop("sentences"), partial_tables, summary, speakers, partition_of, stage_home("voices")))
    run_stage("terms", "counting terms and scoring keyness",
              lambda: term_tables(totals.pop("terms"), summary, Path(spill.name), stage_home("terms")))
    run_stage("sentiment", "summarising sentiment with bootstrap intervals", lambda: sentiment_tables(scores()))
    run_stage("framing", f"matching {len(codebook.markers)} framing markers",
              lambda: framing_tables(totals.pop("hits"), tables["quotes"], scores(), summary, codebook, cache, partition_of,
                                     stage_home("framing")))
    scores.cache_clear()
    reuse_stopwords = frozenset().union(*[stopwords.get(code, frozenset()) for code in sorted(set(summary[LANGUAGE_COLUMN]))])
    run_stage("reuse", "finding reused passages", lambda: reuse_stage(totals.pop("shingles"), articles, bodies, reuse_stopwords, reuse))
    spill.cleanup()
    return Study(name, articles, bodies, body_place, codebook, speakers, Tables({name: tables[name] for name in TABLE_ORDER}), files,
                 description, warnings, stages.keys)


ARTICLE_FIELDS = ["article_id", "outlet", "headline", "subtitle", "body"]  # what the per-article tables are computed from
PER_ARTICLE_TABLES = ["sizes", "sentences", "quotes", "hits", "terms", "shingles"]


def partition_key(articles: pd.DataFrame, settings: dict[str, str]) -> str:
    """What every per-article table of some articles is computed from, besides the data files: their texts, the
    language the corpus gives them (if it does) and the code."""
    return digest(settings["code"], articles[[*ARTICLE_FIELDS, *[c for c in [LANGUAGE_COLUMN] if c in articles]]])


def corpus_key(keys: list[str], articles: pd.DataFrame, whole_article_contrast: bool) -> str:
    """What the corpus-level stages are computed from, besides the data files: every partition's key and the metadata."""
    metadata = articles.drop(columns=[*ARTICLE_FIELDS[2:], "cleaning"]).astype(str)
    return digest(*keys, metadata, whole_article_contrast)


def stage_keys(texts: str, settings: dict[str, str], whole_article_contrast: bool) -> dict[str, tuple[str, str]]:
    """Per-article table (and its prerequisite ``languages``) → the cache entry it is kept in: stage and key, from the
    partition's texts (``partition_key``) and the digests of the data files that stage reads."""
    return {
        "languages": ("languages", digest(texts)),
        "sentences": ("sentences", digest(texts, settings["sentiment_lexicon"])),
        "sizes": ("sizes", digest(texts, whole_article_contrast)),
        "quotes": ("quotes", digest(texts, settings["speakers"], settings["quote_rules"])),
        "hits": ("hits", digest(texts, settings["codebook"])),
        "terms": ("outlet_terms", digest(texts, settings["stopwords"])),
        "shingles": ("shingles", digest(texts)),
    }


# Seconds per body word on one core of the benchmark machine, measured stage by stage on 600 synthetic articles
# (``sentences`` includes language identification and sentence VADER; the others read cached sentences). Sentences,
# quotes and terms were measured again after their speed-ups (Vader, Counter terms), against the previous code on the
# same day, and scaled by the same factor: the machine's speed varies from day to day.
SECONDS_PER_WORD = {"sentences": 3.8e-6, "sizes": 0.1e-6, "quotes": 4.0e-6, "hits": 0.8e-6, "terms": 2.5e-6, "shingles": 0.8e-6}
NEED_SENTENCES = {"sizes", "quotes", "hits", "terms"}
CHARACTERS_PER_WORD = 6.5  # news text, spaces included (6.6 in the benchmark corpora): counting words would cost more than it saves


def uncached_seconds(parts: list[pd.DataFrame], keys: list[str], wanted: set[str], cache: Cache, settings: dict[str, str],
                     whole_article_contrast: bool) -> float:
    """Roughly how long the map step's uncached work takes on one core: a rerun after a codebook edit is a second's
    framing, a first run minutes of everything."""
    seconds = 0.0
    for part, texts in zip(parts, keys):
        entries = stage_keys(texts, settings, whole_article_contrast)
        missing = {stage for stage in wanted if not cache.has(*entries[stage])}
        if missing & NEED_SENTENCES and not cache.has(*entries["sentences"]):
            missing.add("sentences")
        seconds += sum(SECONDS_PER_WORD[stage] for stage in missing) * corpus_words([part])
    return seconds


def article_tables(
    articles: pd.DataFrame, *, codebook: Codebook, speakers: Speakers, rules, stopwords: dict[str, frozenset[str]], whole_article_contrast: bool,
    cache: Cache, settings: dict[str, str], wanted: frozenset[str] = frozenset(PER_ARTICLE_TABLES),
    lexicon: tuple[dict[str, float], bool] | None = None,
) -> dict[str, pd.DataFrame | pd.Series]:
    """The map step: the ``wanted`` per-article tables of some articles, each article computed on its own, each
    stage taken from the cache where its inputs (``settings``: digests of the data files it reads) are unchanged."""
    keys = stage_keys(partition_key(articles, settings), settings, whole_article_contrast)

    @cache_once
    def languages():
        return cache.result(*keys["languages"], lambda: article_languages(articles))

    @cache_once
    def sentences():
        return cache.result(*keys["sentences"], lambda: score_sentences(
            sentences_with_language(sentence_table(articles), dict(zip(articles["article_id"], languages()[LANGUAGE_COLUMN]))),
            lexicon=lexicon_analyzer(*lexicon) if lexicon else None))

    def sizes():
        contrast = whole_article_compound(articles) if whole_article_contrast else pd.Series(float("nan"), index=articles.index)
        return article_sizes(articles, sentences(), contrast).assign(**{column: languages()[column].to_numpy() for column in (LANGUAGE_COLUMN, SOURCE_COLUMN)})

    compute = {
        "sizes": lambda: cache.result(*keys["sizes"], sizes),
        "sentences": sentences,
        "quotes": lambda: cache.result(*keys["quotes"], lambda: article_quotations(articles, sentences(), speakers, rules)),
        "hits": lambda: cache.result(*keys["hits"], lambda: frame_hits(articles, sentences(), codebook)),
        "terms": lambda: cache.result(*keys["terms"], lambda: outlet_terms(sentences(), stopwords)),
        "shingles": lambda: cache.result(*keys["shingles"], lambda: article_shingles(articles)),
    }
    return {name: compute[name]() for name in PER_ARTICLE_TABLES if name in wanted}


def sentences_with_language(sentences: pd.DataFrame, language_of: dict[str, str]) -> pd.DataFrame:
    """Each sentence with its article's language (``language_of``: article id → code), after the outlet."""
    table = sentences.copy()
    table.insert(table.columns.get_loc("outlet") + 1, LANGUAGE_COLUMN, sentences["article_id"].map(language_of).astype(object))
    return table


def article_sizes(articles: pd.DataFrame, sentences: pd.DataFrame, contrast: pd.Series) -> pd.DataFrame:
    """Per article: words (tokens), body sentences and the whole-article contrast score."""
    body_sentences = sentences[sentences["part"] == "body"].groupby("article_id").size()
    return pd.DataFrame({"article_id": articles["article_id"].to_numpy(), "words": articles["body"].map(count_words).to_numpy(),
                         "sentences": articles["article_id"].map(body_sentences).fillna(0).astype(int).to_numpy(),
                         CONTRAST_COLUMN: contrast.to_numpy()})


def cache_location(cache_folder: str | Path | bool | None) -> Path | None:
    if cache_folder is True:
        return default_folder()
    return Path(cache_folder) if cache_folder else None


def run_settings(files: dict[str, DataFile], stopwords: dict[str, frozenset[str]], lexicon: bool, lexicon_replaces: bool) -> dict[str, str]:
    """What each stage's cache key takes from the data files: their digests, the lexicon's with how it is used, and
    every language's stopwords (packaged lists included)."""
    settings = settings_digests(files)
    settings["sentiment_lexicon"] = digest(settings["sentiment_lexicon"], lexicon_replaces) if lexicon else ""
    settings["stopwords"] = digest(settings["stopwords"], *[f"{code}:{' '.join(sorted(words))}" for code, words in sorted(stopwords.items())])
    return settings


def settings_digests(files: dict[str, DataFile]) -> dict[str, str]:
    """What each stage's result depends on besides the articles: the data files it reads, and the code."""
    return {"code": code_digest(), **{role: digest(f.path.read_bytes() if f.path else b"") for role, f in files.items()}}


def language_warnings(summary: pd.DataFrame, stopwords: dict[str, frozenset[str]]) -> list[str]:
    """One line for each thing a language leaves out: sentiment without a lexicon, keyness without a second
    outlet, terms without a stopword list."""
    messages = []
    defaulted = int((summary[SOURCE_COLUMN] == DEFAULTED).sum())
    if defaulted:
        messages.append(f"{defaulted} article(s) too short to identify their language were taken as '{DEFAULT_LANGUAGE}' "
                        "(articles.csv: language_source); give a language column to say otherwise")
    articles = summary.groupby(LANGUAGE_COLUMN, sort=True).size()
    unscored = {code: n for code, n in articles.items() if code not in SENTIMENT_LANGUAGES}
    if unscored:
        listed = ", ".join(f"{n} in '{code}'" for code, n in unscored.items())
        messages.append(f"sentence sentiment is left blank for {sum(unscored.values())} article(s) ({listed}): VADER's lexicon "
                        f"is validated for {', '.join(sorted(SENTIMENT_LANGUAGES))} only (sentences.csv: sentiment_note)")
    if len(articles) > 1:
        alone = [f"'{code}' ({group['outlet'].iloc[0]})" for code, group in summary.groupby(LANGUAGE_COLUMN, sort=True)
                 if group["outlet"].nunique() == 1]
        if alone:
            messages.append(f"keyness compares outlets within a language; these have a single outlet and no keyness: {', '.join(alone)}")
    missing = [code for code in articles.index if code not in stopwords]
    if missing:
        messages.append(f"no stopword list for language(s) {', '.join(missing)}: give stopwords-LANG.txt in the corpus folder")
    return messages


def release(partial_tables: list[dict], *names: str) -> None:
    """Drop partial tables the reduce is done with: on a large corpus they are most of the memory."""
    for part in partial_tables:
        for name in names:
            part.pop(name, None)


def joined(partial_tables: list[dict], name: str) -> pd.DataFrame:
    """One partial table of every partition, in corpus order."""
    return pd.concat([part[name] for part in partial_tables], ignore_index=True)


def taken(partial_tables: list[dict], name: str) -> pd.DataFrame:
    """``joined``, the partitions' pieces let go at once: the corpus-wide table is then the only copy."""
    table = joined(partial_tables, name)
    release(partial_tables, name)
    return table


TABLE_ORDER = [
    "inputs", "articles", "sentences", "cleaning", "terms_by_outlet", "keyness", "sentiment_by_article", "sentiment_by_outlet",
    "codebook", "frame_hits", "frames_by_article", "frames_by_outlet", "quotes", "voices_by_outlet", "voices_by_speaker",
    "frames_by_voice", "sentiment_by_voice", "sentiment_by_frame", "reuse_passages", "reuse_pairs",
]


PARTED_STAGES = {"terms", "voices", "framing"}  # corpus-level stages that keep tables on disk in parts (``PartedTable``)


class CorpusStages:
    """The reduce: corpus-level stages, each kept in the cache under the corpus (every article's key and the
    articles table) and the data files it reads, so that a rerun after a codebook edit recomputes framing only.
    ``keys`` names what each table was computed from, for the writer's cache of written tables."""

    def __init__(self, cache: Cache, corpus: str, settings: dict[str, str], progress: Callable[[str], None]) -> None:
        self.cache, self.corpus, self.settings, self.progress = cache, corpus, settings, progress
        self.keys: dict[str, str] = {}

    def key(self, stage: str, reads: list[str], *options) -> str:
        return digest(stage, self.corpus, self.settings["code"], *[self.settings[role] for role in reads], *options)

    def cached(self, stage: str, reads: list[str], *options) -> bool:
        """Whether the stage's result is stored (with its parts, for a stage that keeps parted tables): then its
        per-article inputs need not even be read."""
        key = self.key(stage, reads, *options)
        if stage in PARTED_STAGES:  # its entry is small: the parted tables' folders, not their rows
            return self.cache.stored(f"corpus-{stage}", key, usable=parts_on_disk) is not None
        return self.cache.has(f"corpus-{stage}", key)

    def home(self, stage: str, reads: list[str], *options) -> Path | None:
        """Where the stage keeps its parted tables (``analysis/parted.py``): beside its cache entry, else a temporary
        folder (None)."""
        return self.cache.folder / f"corpus-{stage}" / f"{self.key(stage, reads, *options)}.parts" if self.cache.folder else None

    def run(self, stage: str, reads: list[str], message: str, compute: Callable[[], dict], *options) -> dict[str, pd.DataFrame]:
        key = self.key(stage, reads, *options)
        self.progress(message)
        result = self.cache.result(f"corpus-{stage}", key, compute, usable=parts_on_disk)
        self.keys.update({name: digest(key, name) for name in result})
        return result


def parts_on_disk(result: dict) -> bool:
    """Whether a stored stage result's parted tables still have their parts (a cache folder may have been cleaned)."""
    return all(table.complete() for table in result.values() if isinstance(table, PartedTable))


# What the corpus-level summaries read of the sentences and the framing hits: held for the whole corpus (numbers and
# labels as categories, ``as_categories``), while the tables themselves, with their texts, stay on disk in parts.
SCORE_COLUMNS = ["article_id", "outlet", "sentence", "part", "compound", "voice"]
HIT_SUMMARY_COLUMNS = ["article_id", "outlet", "sentence", "part", "position", "frame", "voice", "voice_group"]


def partition_numbers(parts: list[pd.DataFrame]) -> pd.Series:
    """Article id → the number of its partition."""
    numbers = np.repeat(np.arange(len(parts)), [len(part) for part in parts])
    return pd.Series(numbers, index=pd.concat([part["article_id"] for part in parts]) if parts else None, dtype=np.int64)


def rows_by_partition(table: pd.DataFrame, partition_of: pd.Series, count: int) -> list[np.ndarray]:
    """The row numbers of ``table`` (which has ``article_id``) in each of the ``count`` partitions, in table order."""
    return rows_by_key(table["article_id"].map(partition_of).to_numpy(np.int64), count)


def with_voices(table: PartedTable, quotes: pd.DataFrame, partition_of: pd.Series, add_voices: Callable, home: Path | None,
                read: list[str]) -> tuple[PartedTable, pd.DataFrame]:
    """A per-partition table (sentences or framing hits, as the map step left them) with its voices (``add_voices``:
    ``sentence_voices`` or ``hit_voices``), one partition at a time against that partition's quotations, written
    part by part (into ``home``); and the ``read`` columns of the whole result, for the summaries."""
    quotes_of = rows_by_partition(quotes, partition_of, table.count)
    writer = PartWriter(home, add_voices(table.empty, quotes.iloc[:0]))
    columns = []
    for part, rows in zip(table.parts(), quotes_of):
        voiced = add_voices(part, quotes.iloc[rows])
        writer.add(voiced)
        columns.append(as_categories(voiced[read]).copy())  # a copy: a selection of columns is a view that keeps every column's rows
    return writer.table(), joined_categories(columns)


def voice_tables(sentences: PartedTable, partial_tables: list[dict], summary: pd.DataFrame, speakers: Speakers, partition_of: pd.Series,
                 home: Path | None) -> dict[str, pd.DataFrame | PartedTable]:
    """``sentences``: the map step's, one part per partition (``PartitionParts``)."""
    quotes = resolve_speakers(taken(partial_tables, "quotes"), speakers)
    voiced, scores = with_voices(sentences, quotes, partition_of, sentence_voices, home / "sentences" if home else None, SCORE_COLUMNS)
    return {"sentences": voiced, "quotes": quotes, "voices_by_outlet": voices_by_outlet(quotes, summary, speakers),
            "voices_by_speaker": voices_by_speaker(quotes), "sentiment_by_voice": with_texts(sentiment_by_voice(scores))}


def sentence_scores(sentences: pd.DataFrame | PartedTable) -> pd.DataFrame:
    """``SCORE_COLUMNS`` of every sentence, read part by part, labels as categories (``as_categories``)."""
    return joined_categories([as_categories(part[SCORE_COLUMNS]) for part in parts_of(sentences)])


def term_tables(shuffled: tuple, summary: pd.DataFrame, spill: Path, home: Path | None) -> dict[str, PartedTable]:
    """``shuffled``: the corpus's per-outlet term counts as ``TermBuckets.total`` gives them (buckets of the vocabulary,
    the outlets' tokens by length). Each bucket's rows are computed, its counts let go and its rows shuffled to disk by
    outlet, language and n-gram length (into ``spill``); then each such group's rows are ranked, sorted and written as
    the next part of its table (into ``home``, ``PartedTable``): the memory of one bucket, then of one group, never of
    the whole tables. Keyness lists outlets in the order of their first article id, as a per-article count table
    sorted by id would."""
    buckets, sizes = shuffled
    words = outlet_words(summary)
    outlets, languages = (pd.CategoricalDtype(sorted(summary[column].unique())) for column in ("outlet", LANGUAGE_COLUMN))
    orders = {"terms_by_outlet": summary["outlet"].unique().tolist(), "keyness": summary.sort_values("article_id")["outlet"].unique().tolist()}
    groups = {name: TableGroups(order, outlets, languages, sizes) for name, order in orders.items()}
    by_group = {name: Shuffle(spill / name, groups[name].count) for name in orders}
    empty = {}
    for counts in buckets:
        rows = {"terms_by_outlet": compact(term_rates(counts, words), outlets, languages),
                "keyness": compact(keyness_rows(counts, sizes), outlets, languages)}
        for name, table in rows.items():
            empty.setdefault(name, without_rows(table))  # a view would keep the bucket's rows
            by_group[name].add(table, groups[name].numbers(table))
        del counts, rows, table  # else held while the next bucket is read, and through the groups after the last
        give_back_memory()  # each bucket's many small objects, freed, would otherwise crowd the next one's arrays
    ordered = {"terms_by_outlet": ranked_order, "keyness": keyness_order}
    return {name: parted_in_order(by_group[name], empty[name], partial(ordered[name], outlet_order=orders[name]),
                                  home / name if home else None) for name in orders}


class TableGroups:
    """The (outlet, language, n-gram length) groups of the terms and keyness tables, numbered in the order the
    tables are sorted in (outlets in ``outlet_order``, then language, then n), so that a shuffle by group number
    gives the tables' rows group by group in order. ``sizes``: every outlet's tokens by language and length
    (``keyness.length_sizes``), which hold every group that has a term."""

    def __init__(self, outlet_order: list[str], outlets: pd.CategoricalDtype, languages: pd.CategoricalDtype, sizes: pd.Series) -> None:
        present = sizes.index.to_frame(index=False)
        outlet_codes = pd.Categorical(present["outlet"], dtype=outlets).codes
        language_codes = pd.Categorical(present["language"], dtype=languages).codes
        place = {outlet: i for i, outlet in enumerate(outlet_order)}
        lengths = present["n"].to_numpy(dtype=np.int64)
        order = np.lexsort((lengths, language_codes, [place[outlet] for outlet in present["outlet"]]))
        self.count = max(len(present), 1)
        self.number = np.zeros((len(outlets.categories), len(languages.categories), int(lengths.max(initial=0)) + 1), dtype=np.int64)
        self.number[outlet_codes[order], language_codes[order], lengths[order]] = np.arange(len(order))

    def numbers(self, table: pd.DataFrame) -> np.ndarray:
        """Each row's group number (``table``: compact, outlet and language as categories)."""
        return self.number[table["outlet"].cat.codes.to_numpy(), table["language"].cat.codes.to_numpy(), table["n"].to_numpy(dtype=np.int64)]


ROWS_PER_SORTED_PART = 1_000_000  # a group's rows are written in its order this many at a time: no sorted copy of it all


def parted_in_order(by_group: Shuffle, empty: pd.DataFrame, ordered: Callable[[pd.DataFrame], tuple[pd.DataFrame, np.ndarray]],
                    home: Path | None) -> PartedTable:
    """A table from its rows shuffled by group (one bucket per group, numbered in the table's order): each group's
    rows put in order (``ordered`` gives the table and its rows' order) and written as the next parts."""
    table, order = ordered(empty)
    writer = PartWriter(home, table.take(order))
    for rows in by_group.tables(empty):
        table, order = ordered(rows)
        for start in range(0, len(order), ROWS_PER_SORTED_PART):
            writer.add(table.take(order[start : start + ROWS_PER_SORTED_PART]))
        del rows, table, order  # else held while the next group is read
        give_back_memory()
    return writer.table()


def sentiment_tables(sentences: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """``sentences``: ``sentence_scores``."""
    return tables_with_texts({"sentiment_by_article": sentiment_by_article(sentences), "sentiment_by_outlet": sentiment_by_outlet(sentences)})


def framing_tables(
    hits: PartedTable, quotes: pd.DataFrame, scores: pd.DataFrame, summary: pd.DataFrame, codebook: Codebook, cache: Cache,
    partition_of: pd.Series, home: Path | None,
) -> dict[str, pd.DataFrame | PartedTable]:
    """``hits``: the map step's, one part per partition; ``scores``: ``sentence_scores``."""
    voiced, hit_summary = with_voices(hits, quotes, partition_of, hit_voices, home / "frame_hits" if home else None, HIT_SUMMARY_COLUMNS)
    by_article = with_texts(frames_by_article(hit_summary, scores, codebook))
    tables = {"frame_hits": voiced, "frames_by_article": by_article, "frames_by_outlet": frames_by_outlet(by_article, summary, codebook),
              "frames_by_voice": frames_by_voice(hit_summary, codebook.frames)}
    give_back_memory()  # what the summaries above freed, before the largest join
    return tables_with_texts({**tables, "sentiment_by_frame": sentiment_by_frame(scores, hit_summary, interval=cache.memoised("interval", clustered_mean_interval))})


def shuffle_folder(cache: Cache) -> tempfile.TemporaryDirectory:
    """Where the run's shuffles go (``analysis/shuffle.py``): inside the cache folder, which is on disk, or without a
    cache in ``$TMPDIR`` (where ``/tmp`` is a tmpfs, that is memory: set ``TMPDIR`` to a folder on disk)."""
    if cache.folder is not None:
        Path(cache.folder).mkdir(parents=True, exist_ok=True)
    return scratch_folder("shuffle-" if cache.folder else "analysis-shuffle-", cache.folder)


def shingle_buckets(parts: list[pd.DataFrame], folder: Path) -> ShingleBuckets:
    """Text reuse's shuffle for these partitions, into ``folder``."""
    first_article = np.cumsum([0, *[len(part) for part in parts[:-1]]]).tolist()
    return ShingleBuckets(folder, first_article, corpus_words(parts))


def corpus_words(parts: list[pd.DataFrame]) -> float:
    """About how many words the partitions' bodies hold, from their length (``CHARACTERS_PER_WORD``)."""
    return sum(int(part["body"].str.len().sum()) for part in parts) / CHARACTERS_PER_WORD


def reuse_stage(shuffled: tuple, articles: pd.DataFrame, bodies: PartedColumn, stopwords: frozenset[str],
                reuse: ReuseSettings) -> dict[str, pd.DataFrame]:
    """``shuffled``: the map step's shingles as ``ShingleBuckets.total`` gives them (buckets, sizes, regroup);
    ``articles`` without their bodies, which ``bodies`` keeps on disk."""
    buckets, sizes, regroup = shuffled
    passages, pairs = reuse_tables(articles, buckets, sizes, stopwords, share=reuse.boilerplate_share, max_articles=reuse.max_articles,
                                   neighbours=reuse.neighbours, regroup=regroup, bodies=bodies)
    return {"reuse_passages": passages, "reuse_pairs": pairs}


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
    """Everything for one corpus: tables, and unless ``figures`` is False, the charts, the article pages and
    ``index.html``, the explorer (``analysis/explorer.py``).

    ``pages``: article pages for every article up to this many, else for that many spread evenly
    over the corpus (None: every article). ``table_format="parquet"`` writes the large tables as
    Parquet. ``options`` are ``analyse``'s: ``codebook_path``, ``stopwords_path``, ``speakers_path``,
    ``quote_rules_path``, ``study_path``, ``columns``, ``name``, ``warn``, ``whole_article_contrast``, ``engine``.
    """
    check_apart(corpus, Path(out_dir))
    check_output_folder(Path(out_dir))
    study = analyse(corpus, progress=progress, **options)
    tables = study.tables
    written = Written(Cache(cache_location(options.get("cache_folder", True))), study.table_keys)
    if not figures:
        progress(f"writing {len(tables)} tables to {Path(out_dir) / TABLES_SUBDIR}")
        return write_tables(tables, out_dir, table_format, written)
    progress("drawing figures and article pages")
    drawn = list(draw_all(tables, study.name))
    shown = study.articles_at(page_rows(len(study.catalogue), pages))
    shown_ids = set(shown["article_id"])
    written_pages = article_pages(
        shown, tables["articles"], selected(tables, "frame_hits", lambda part: part[part["article_id"].isin(shown_ids)]), tables["quotes"],
        study.codebook.frames, speaker_groups(tables["quotes"], study.speakers),
    )
    explorer = index_page(tables, study.codebook.frames, study.name, set(written_pages), [name for name, _, _ in drawn])
    progress(f"writing {len(tables)} tables, {len(drawn)} figures, {len(written_pages)} article pages "
             f"(of {len(study.catalogue)} articles) and index.html to {out_dir}")
    return write_outputs(out_dir, tables, drawn, written_pages, table_format, written, index=explorer)


def page_rows(articles: int, most: int | None) -> np.ndarray:
    """The row numbers of every article up to ``most``, else of ``most`` of them spread evenly over the corpus, in
    corpus order."""
    if most is None or articles <= most:
        return np.arange(articles)
    return np.unique(np.linspace(0, articles - 1, most).round().astype(int))
