"""Shared fixtures: the seed corpus, loaded once, and a builder for tiny corpora."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.config import SEEDS_DIR
from analysis.corpus import load_corpus
from analysis.sentences import sentence_table

SEED_IDS = {
    "voz": "000_7151885ef18f0d3b",
    "epoch": "001_6af60604b2075f33",
    "productiveclue": "002_1de94a1807a6292e",
    "manilapr": "003_b64e538c194966aa",
    "patriotmom": "004_b38a602ca8b4ba14",
}


@pytest.fixture(autouse=True, scope="session")
def cache_in_a_scratch_folder(tmp_path_factory):
    """Runs keep their cache in a folder of the test session's, never the user's ~/.cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FRAMING_ANALYSIS_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(scope="session")
def seed_articles():
    return load_corpus(SEEDS_DIR).set_index("article_id", drop=False)


@pytest.fixture(scope="session")
def seed_sentences(seed_articles):
    return sentence_table(seed_articles.reset_index(drop=True))


def write_corpus(folder: Path, articles: dict[str, str | bytes], manifest: str | None = None, rules: str | None = None) -> Path:
    """A corpus folder: each article a file, and a manifest listing them all unless one is given."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        (folder / name).write_bytes(data)
    if manifest is None:
        manifest = "file,outlet,headline,published\n" + "".join(f"{name},Outlet {i},,2025-02-04\n" for i, name in enumerate(articles))
    if manifest is not False:
        (folder / "manifest.csv").write_text(manifest, encoding="utf-8")
    if rules is not None:
        (folder / "cleaning.csv").write_text(rules, encoding="utf-8")
    return folder


@pytest.fixture
def tiny_corpus(tmp_path):
    """Two articles small enough to check by hand."""
    return write_corpus(
        tmp_path / "corpus",
        {
            "a.txt": "Site Name\n\nThe Headline\n\nThe U.S. deal was signed on Feb. 3. Critics objected.\n\ntracking",
            "b.txt": "Bukele said the fee was “relatively low,” and Rubio agreed.\n",
        },
        manifest="file,outlet,headline,published\na.txt,Alpha,The Headline,2025-02-04\nb.txt,Beta,,\n",
        rules="file,action,text,note\na.txt,remove_line,Site Name,site name\na.txt,remove_line,tracking,tracker\n",
    )


@pytest.fixture
def seed_copy(tmp_path):
    """A writable copy of the seeds, to break one thing at a time."""
    return Path(shutil.copytree(SEEDS_DIR, tmp_path / "seeds"))
