"""``framing-analysis init DIR``: a starter corpus folder to fill in.

The templates are data files in ``analysis/data/starter/``: a manifest, one example
article, and commented templates of the codebook, the speakers file and the study
description. The folder runs as it is (``framing-analysis run --corpus DIR``), so a
new user sees every output before replacing the example with their own articles.
"""

from __future__ import annotations

from pathlib import Path

from .config import STARTER_DIR
from .errors import InputError


def starter_files() -> list[Path]:
    return sorted(path for path in STARTER_DIR.iterdir() if path.is_file())


def write_starter(folder: str | Path) -> list[Path]:
    """Write the starter files into ``folder`` (created; an existing folder must be empty)."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError(folder, "already exists and is not an empty folder: init writes a new corpus folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for template in starter_files():
            target = folder / template.name
            target.write_bytes(template.read_bytes())
            written.append(target)
    except OSError as exc:
        raise InputError(folder, f"cannot write the starter folder ({exc.strerror})") from None
    return written
