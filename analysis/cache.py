"""On-disk cache of the per-article tables, so that a rerun recomputes only what its changes touch.

Each partition's table of each stage is stored under a key made of everything that
stage's result depends on:

- ``languages`` and ``sentences`` (sentences and their VADER scores): the partition's
  articles (ids, outlets, headlines, subtitles, bodies, and any language the corpus gives);
- ``quotes``: that, the speakers file and the quotation rules;
- ``hits``: that and the codebook;
- ``outlet_terms``: that and the stopword lists;
- ``sizes`` (words, body sentences, whole-article VADER): that and whether the contrast was asked for;
- ``shingles`` (text reuse): the articles;

and, for every stage, the source code of the package and its version, so that new code
never reads an old result. The corpus-level stages (``pipeline.CorpusStages``: voices,
terms and keyness, sentiment summaries, framing summaries, text reuse) are kept the
same way, under every article's key and the data files they read, and so are the CSV
files written from their tables, which a rerun copies instead of writing them again. The
terms stage's tables are kept in parts (``analysis/parted.py``) in a ``KEY.parts`` folder
beside its entry; an entry whose parts are gone is computed again.
Editing one marker of the codebook therefore recomputes the framing hits and their summaries only; adding an article recomputes its partition only. A cached run and a
cold run give byte-identical outputs (``tests/test_cache.py``).

The cache folder is ``$FRAMING_ANALYSIS_CACHE``, else ``$XDG_CACHE_HOME/framing-analysis``,
else ``~/.cache/framing-analysis``; ``--no-cache`` runs without it, and deleting the
folder is always safe. Entries are pickled DataFrames written atomically; on a Dask
cluster each worker reads and writes the folder of its own machine.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from . import __version__
from .config import PACKAGE_DIR

CACHE_VARIABLE = "FRAMING_ANALYSIS_CACHE"


def default_folder() -> Path:
    if os.environ.get(CACHE_VARIABLE):
        return Path(os.environ[CACHE_VARIABLE])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "framing-analysis"


def digest(*parts) -> str:
    """A stable hash of strings, bytes and DataFrames (by their values, in order)."""
    hashed = hashlib.sha256()
    for part in parts:
        if isinstance(part, pd.DataFrame):
            hashed.update(pd.util.hash_pandas_object(part, index=False).to_numpy().tobytes())
            hashed.update(",".join(map(str, part.columns)).encode("utf-8"))
        elif isinstance(part, np.ndarray):
            hashed.update(f"{part.dtype}{part.shape}".encode("utf-8"))
            hashed.update(np.ascontiguousarray(part).tobytes() if part.dtype != object else repr(part.tolist()).encode("utf-8"))
        elif isinstance(part, bytes):
            hashed.update(part)
        else:
            hashed.update(str(part).encode("utf-8"))
        hashed.update(b"\x00")
    return hashed.hexdigest()


def code_digest() -> str:
    """The package's version and source: results of other code are never reused."""
    sources = sorted(PACKAGE_DIR.glob("*.py"))
    return digest(__version__, *[path.read_bytes() for path in sources])


def store(path: Path, write: Callable) -> None:
    """``path`` written atomically by ``write(binary handle)``: a reader sees the whole entry or none. A cache that
    cannot be written only costs time, so a failure is ignored."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".partial") as handle:
            write(handle)
        os.replace(handle.name, path)
    except OSError:
        pass


class Cache:
    """Stage results by key in one folder; ``None`` folder: no cache at all."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def memoised(self, stage: str, function: Callable) -> Callable:
        """``function`` with its results kept under the digest of its arguments (arrays by their values): a
        bootstrap interval whose sentences did not change is not drawn again."""
        if self.folder is None:
            return function

        def remembered(*args, **options):
            key = digest(function.__module__, function.__qualname__, *args, *[f"{k}={v}" for k, v in sorted(options.items())])
            return self.result(stage, key, lambda: function(*args, **options))

        return remembered

    def has(self, stage: str, key: str) -> bool:
        return self.folder is not None and (self.folder / stage / f"{key}.pickle").is_file()

    def stored(self, stage: str, key: str, usable: Callable[[object], bool] = lambda value: True):
        """The stored result of ``stage`` under ``key`` if there is one and it is ``usable``, else None."""
        if self.folder is None:
            return None
        try:
            with (self.folder / stage / f"{key}.pickle").open("rb") as handle:
                value = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError):
            return None  # absent or unreadable: computed again
        return value if usable(value) else None

    def result(self, stage: str, key: str, compute: Callable[[], object], usable: Callable[[object], bool] = lambda value: True):
        """The stored result of ``stage`` under ``key`` (if ``usable``), else ``compute()``, stored for next time."""
        if self.folder is None:
            return compute()
        value = self.stored(stage, key, usable)
        if value is not None:
            return value
        path = self.folder / stage / f"{key}.pickle"
        value = compute()
        store(path, lambda handle: pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL))
        return value

    def file(self, stage: str, key: str, target: Path, write: Callable[[Path], None]) -> None:
        """``target`` copied from the file stored under ``key``, else written by ``write(target)`` and stored."""
        if self.folder is None or key is None:
            write(target)
            return
        path = self.folder / stage / key
        try:
            shutil.copyfile(path, target)
            return
        except OSError:
            pass  # absent: write it
        write(target)

        def copy_into(handle) -> None:
            with target.open("rb") as written:
                shutil.copyfileobj(written, handle)

        store(path, copy_into)
