"""Which data files a run uses, and the study description (``study.yaml``).

Every data file of a run comes from, in order: an explicit path (``--codebook FILE``),
the corpus folder's own file of the standard name (``codebook.yaml``, ``speakers.yaml``,
``stopwords.txt``, ``quote_rules.yaml``, ``study.yaml``, ``sentiment_lexicon.txt``), else the packaged file in
``analysis/data/``. The packaged codebook and speakers file are the seed study's, written
for one story: using them on another corpus is allowed, and said in one warning line.

``study.yaml`` describes the study for the write-up (format: ``analysis/data/starter/study.yaml``):

- ``name``: the corpus's name in chart captions and tables (default: the corpus folder's or
  file's name, which is then part of the input: the same files in another folder give
  other captions);
- ``title``: the findings notebook's title;
- ``question``: a paragraph on the event and what the study asks (Markdown);
- ``limitations``: a list of Markdown paragraphs, shown as the write-up's limitations;
- ``focus_frame``: the frame whose voice split the write-up details (default: the frame
  with the most hits inside quotations);
- ``evidence_frames``: frames whose every hit notebook 04 lists (default: the frames whose
  rates differ most between outlets);
- ``phrases``: phrases counted per outlet in notebook 02 (default: the corpus's most
  frequent bigrams and trigrams).

Every key is optional; a corpus without ``study.yaml`` gets a description computed
from its data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .config import DATA_DIR, SEEDS_DIR
from .corpus import refuse_link_out
from .datafiles import read_yaml_mapping
from .errors import InputError

STANDARD_NAMES = {
    "codebook": "codebook.yaml",
    "speakers": "speakers.yaml",
    "stopwords": "stopwords.txt",
    "quote_rules": "quote_rules.yaml",
    "study": "study.yaml",
    "sentiment_lexicon": "sentiment_lexicon.txt",
}
PACKAGED = {role: DATA_DIR / name for role, name in STANDARD_NAMES.items() if role not in ("study", "sentiment_lexicon")}
OPTIONAL = ("sentiment_lexicon",)  # listed among a run's inputs only when there is one
STORY_SPECIFIC = ("codebook", "speakers")  # the packaged ones belong to the seed story
STUDY_KEYS = ("name", "title", "question", "limitations", "focus_frame", "evidence_frames", "phrases")
OPTION, CORPUS, PACKAGE, NONE = "option", "corpus folder", "packaged", "none"


@dataclass(frozen=True)
class DataFile:
    """One data file of a run: where it is, where it came from, and how outputs name it."""

    role: str
    path: Path | None
    origin: str
    shown: str  # the same on every machine: never an absolute path


def resolve_file(role: str, explicit: str | Path | None, home: Path | None, corpus: str) -> DataFile:
    """An explicit path wins, then the corpus folder's file of the standard name, then the packaged one."""
    name = STANDARD_NAMES[role]
    if explicit is not None:
        path = Path(explicit)
        if path.is_dir():
            raise InputError(path, f"is a folder: --{role.replace('_', '-')} takes a file")
        return DataFile(role, path, OPTION, path.name)
    if home is not None and (home / name).is_file():
        refuse_link_out(home, home / name)
        return DataFile(role, home / name, CORPUS, f"{corpus}/{name}")
    if role in PACKAGED:
        return DataFile(role, PACKAGED[role], PACKAGE, f"analysis/data/{name}")
    return DataFile(role, None, NONE, "")


def resolve_files(explicit: dict[str, str | Path | None], home: Path | None, corpus: str) -> dict[str, DataFile]:
    """Every data file of a run, by role."""
    return {role: resolve_file(role, explicit.get(role), home, corpus) for role in STANDARD_NAMES}


def is_seed_corpus(home: Path | None) -> bool:
    return home is not None and SEEDS_DIR.is_dir() and home.resolve() == SEEDS_DIR.resolve()


def seed_files_warning(files: dict[str, DataFile], home: Path | None, corpus: str) -> str | None:
    """One line when the seed story's packaged codebook or speakers file is used on another corpus."""
    borrowed = [files[role].shown for role in STORY_SPECIFIC if files[role].origin == PACKAGE]
    if not borrowed or is_seed_corpus(home):
        return None
    return (
        f"corpus '{corpus}' uses the seed study's {' and '.join(borrowed)}, written for the US–El Salvador story: "
        f"give your own with --codebook/--speakers or put codebook.yaml/speakers.yaml in the corpus folder"
    )


@dataclass(frozen=True)
class StudyDescription:
    """What the write-up says about the study; every field may be empty."""

    name: str = ""
    title: str = ""
    question: str = ""
    limitations: tuple[str, ...] = ()
    focus_frame: str = ""
    evidence_frames: tuple[str, ...] = ()
    phrases: tuple[str, ...] = field(default=())


def text_list(path: Path, key: str, value) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise InputError(path, f"'{key}' must be a list of texts")
    return tuple(item.strip() for item in value)


def load_description(data_file: DataFile, frames: list[str]) -> StudyDescription:
    """Read and check a study description; frame ids must be the codebook's."""
    if data_file.path is None:
        return StudyDescription()
    path = data_file.path
    data = read_yaml_mapping(path, "study description")
    for key in data:
        if key not in STUDY_KEYS:
            raise InputError(path, f"unknown key '{key}' (expected {', '.join(STUDY_KEYS)})")
    for key in ("name", "title", "question", "focus_frame"):
        if key in data and not isinstance(data[key], str):
            raise InputError(path, f"'{key}' must be a text")
    lists = {key: text_list(path, key, data[key]) for key in ("limitations", "evidence_frames", "phrases") if key in data}
    named = [data.get("focus_frame", ""), *lists.get("evidence_frames", ())]
    for frame in filter(None, named):
        if frame not in frames:
            raise InputError(path, f"frame '{frame}' is not in the codebook (frames: {', '.join(frames)})")
    return StudyDescription(
        name=data.get("name", "").strip(), title=data.get("title", "").strip(), question=data.get("question", "").strip(), focus_frame=data.get("focus_frame", ""),
        **lists,
    )
