"""Per-article results kept between runs: a rerun recomputes only what its changes touch, and gives the same bytes."""

import pytest

from analysis import pipeline
from analysis.cache import Cache, digest
from analysis.config import PROJECT_ROOT
from analysis.engine import Engine

SECOND = PROJECT_ROOT / "tests" / "fixtures" / "bridge_toll"


def files_under(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def counted(monkeypatch):
    """How often each per-article stage, and each corpus-level stage, really ran."""
    calls = {"sentences": 0, "hits": 0, "quotes": 0, "voices": 0, "terms": 0, "framing": 0, "reuse": 0}
    for name, stage in [("score_sentences", "sentences"), ("frame_hits", "hits"), ("article_quotations", "quotes"),
                        ("voice_tables", "voices"), ("term_tables", "terms"), ("framing_tables", "framing"), ("reuse_stage", "reuse")]:
        real = getattr(pipeline, name)

        def wrapper(*args, real=real, stage=stage, **kwargs):
            calls[stage] += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(pipeline, name, wrapper)
    return calls


def test_a_cached_run_gives_the_cold_runs_bytes_and_a_codebook_edit_recomputes_framing_only(tmp_path, counted):
    engine = Engine(workers=1, articles_per_partition=3)  # three partitions, in this process so the calls are counted
    options = {"engine": engine, "cache_folder": tmp_path / "cache", "warn": lambda message: None}
    pipeline.run(SECOND, tmp_path / "cold", **options)
    once = {"sentences": 3, "hits": 3, "quotes": 3, "voices": 1, "terms": 1, "framing": 1, "reuse": 1}
    assert counted == once
    written = sorted(p.name for p in (tmp_path / "cache" / "written-csv").iterdir())
    assert len(written) == 16  # every table but inputs, articles, cleaning and codebook, which are quick to write
    pipeline.run(SECOND, tmp_path / "warm", **options)
    assert counted == once  # nothing recomputed, no table written again
    assert sorted(p.name for p in (tmp_path / "cache" / "written-csv").iterdir()) == written
    assert files_under(tmp_path / "warm") == files_under(tmp_path / "cold")
    edited = tmp_path / "codebook.yaml"
    edited.write_text((SECOND / "codebook.yaml").read_text(encoding="utf-8").replace("marker: bond*", "marker: bonds"), encoding="utf-8")
    pipeline.run(SECOND, tmp_path / "edited", codebook_path=edited, **options)
    assert counted == {**once, "hits": 6, "framing": 2}  # framing only
    uncached = pipeline.run(SECOND, tmp_path / "uncached", codebook_path=edited, engine=engine, cache_folder=None, warn=lambda m: None)
    assert uncached and files_under(tmp_path / "uncached") == files_under(tmp_path / "edited")


def test_parted_tables_are_kept_beside_their_entry_and_recomputed_when_their_parts_are_gone(tmp_path, counted):
    import shutil

    options = {"engine": Engine(workers=1), "cache_folder": tmp_path / "cache", "warn": lambda message: None}
    cold = pipeline.analyse(SECOND, **options)
    (home,) = (tmp_path / "cache" / "corpus-terms").glob("*.parts")
    assert cold.tables.stored("keyness").folder == home / "keyness" and (home / "terms_by_outlet" / "part-00000.pickle").is_file()
    terms = cold.tables["terms_by_outlet"]
    assert pipeline.analyse(SECOND, **options).tables["terms_by_outlet"].equals(terms) and counted["terms"] == 1
    shutil.rmtree(home)  # a cleaned cache folder: the entry remains, its parts do not
    again = pipeline.analyse(SECOND, **options)
    assert counted["terms"] == 2 and again.tables["terms_by_outlet"].equals(terms)


def test_keys_follow_values_and_a_broken_entry_is_recomputed(tmp_path):
    assert digest("a", b"b") == digest("a", b"b") != digest("a", b"c")
    cache = Cache(tmp_path)
    assert cache.result("stage", "key", lambda: 1) == 1
    assert cache.result("stage", "key", lambda: 2) == 1  # kept
    (tmp_path / "stage" / "key.pickle").write_bytes(b"not a pickle")
    assert cache.result("stage", "key", lambda: 3) == 3
    assert Cache(None).result("stage", "key", lambda: 4) == 4


def test_a_stored_file_is_copied_and_a_missing_one_written_and_stored(tmp_path):
    cache, target = Cache(tmp_path / "cache"), tmp_path / "out.csv"
    cache.file("written", "k", target, lambda path: path.write_text("first"))
    cache.file("written", "k", target, lambda path: path.write_text("second"))
    assert target.read_text() == "first"  # copied from the store
    Cache(None).file("written", "k", target, lambda path: path.write_text("third"))
    assert target.read_text() == "third"


def test_a_function_remembered_runs_once_per_distinct_arguments(tmp_path):
    import numpy as np

    calls = []

    def mean_of(values, clusters, *, seed):
        calls.append(seed)
        return float(values.mean())

    remembered = Cache(tmp_path).memoised("interval", mean_of)
    articles = np.array(["a", "b"], dtype=object)
    assert remembered(np.array([1.0, 3.0]), articles, seed=[1]) == remembered(np.array([1.0, 3.0]), articles, seed=[1]) == 2.0
    assert remembered(np.array([1.0, 5.0]), articles, seed=[1]) == 3.0 and remembered(np.array([1.0, 3.0]), articles, seed=[2]) == 2.0
    assert calls == [[1], [1], [2]]  # the second call with the same values was not run
    assert Cache(None).memoised("interval", mean_of) is mean_of


def test_the_uncached_work_is_estimated_from_what_the_cache_lacks(tmp_path):
    """Cold: every stage of every word; warm: nothing; after a codebook edit: framing alone (0.8 µs a word)."""
    from analysis.corpus import load_corpus
    from analysis.engine import partitions

    articles = load_corpus(SECOND)
    parts = partitions(articles, 3)
    cache = Cache(tmp_path / "cache")
    wanted = {"sizes", "sentences", "quotes", "hits", "terms", "shingles"}
    files = pipeline.resolve_files({}, SECOND, "bridge_toll")
    settings = pipeline.run_settings(files, pipeline.stopword_lists(files["stopwords"].path, SECOND), False, False)

    def estimate(settings):
        keys = [pipeline.partition_key(part, settings) for part in parts]
        return pipeline.uncached_seconds(parts, keys, wanted, cache, settings, False)

    words = articles["body"].str.len().sum() / pipeline.CHARACTERS_PER_WORD
    assert estimate(settings) == pytest.approx(words * sum(pipeline.SECONDS_PER_WORD.values()))
    pipeline.run(SECOND, tmp_path / "out", engine=Engine(workers=1, articles_per_partition=3), cache_folder=tmp_path / "cache",
                 warn=lambda message: None)
    assert estimate(settings) == 0
    assert estimate({**settings, "codebook": "edited"}) == pytest.approx(words * pipeline.SECONDS_PER_WORD["hits"])
