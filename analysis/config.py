"""Paths the package and notebooks share, defined from this file, never from the working directory."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
STARTER_DIR = DATA_DIR / "starter"
PROJECT_ROOT = PACKAGE_DIR.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"
FIGURES_DIR = PROJECT_ROOT / "figures"
TABLES_SUBDIR = "tables"
ARTICLES_SUBDIR = "articles"


def in_repository() -> bool:
    """True when the package runs from the study's repository (seeds and project file beside it), not from site-packages."""
    return (PROJECT_ROOT / "pyproject.toml").is_file() and (SEEDS_DIR / "manifest.csv").is_file()
