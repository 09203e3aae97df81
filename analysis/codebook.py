"""Load and check a framing codebook (format: the header of ``analysis/data/codebook.yaml``).

A codebook becomes two tidy tables: ``frames`` (frame, label, description, dimension)
and ``markers`` (frame, marker, note, pattern), where ``pattern`` is the regular
expression the marker compiles to. Anything malformed is refused with an
:class:`~analysis.errors.InputError` naming the frame and marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import regex

from .config import DATA_DIR
from .datafiles import read_yaml_mapping
from .errors import InputError
from .language import DEFAULT_LANGUAGE, LANGUAGE_CODE

DEFAULT_CODEBOOK = DATA_DIR / "codebook.yaml"
# The 14 content dimensions of the Policy Frames Codebook (Boydstun et al. 2014); "Other" is not a frame.
DIMENSIONS = (
    "Economic",
    "Capacity and resources",
    "Morality",
    "Fairness and equality",
    "Legality, constitutionality and jurisprudence",
    "Policy prescription and evaluation",
    "Crime and punishment",
    "Security and defense",
    "Health and safety",
    "Quality of life",
    "Cultural identity",
    "Public opinion",
    "Political",
    "External regulation and reputation",
)
TOP_KEYS = ("language", "frames")
FRAME_KEYS = ("label", "description", "dimension", "markers")
MARKER_KEYS = ("marker", "note", "lang")

REGEX_PREFIX = "re:"
FRAME_ID = re.compile(r"[a-z][a-z0-9_]*")
# Whole-word edges: a marker never starts or ends inside a word.
WORD_START, WORD_END = r"(?<![\w])", r"(?![\w])"


@dataclass(frozen=True)
class Codebook:
    frames: pd.DataFrame  # frame, label, description, dimension
    markers: pd.DataFrame  # frame, marker, note, lang, pattern
    path: Path | None = None  # where it was read, for errors found while matching


def marker_pattern(marker: str) -> str:
    """The regular expression of a plain marker (rules in the codebook header)."""
    if marker.startswith(REGEX_PREFIX):
        return marker[len(REGEX_PREFIX) :].strip()
    parts = []
    for char in marker.strip().lower():
        if char == " ":
            parts.append(r"(?:\s+|-)")
        elif char == "-":
            parts.append(r"[-\s]?")
        elif char == "*":
            parts.append(r"\w*")
        elif char in "'’":
            parts.append("['’]")
        else:
            parts.append(re.escape(char))
    return WORD_START + "".join(parts) + WORD_END


def compile_marker(pattern: str, *, user: bool):
    """A marker's pattern, case-insensitive. A user's ``re:`` pattern is compiled by the ``regex`` package,
    whose matching takes a time limit (``analysis/framing.py``): a pattern that backtracks without end
    stops the run with one line instead of hanging it. Generated patterns are safe and use ``re``."""
    return regex.compile(pattern, regex.IGNORECASE | regex.V0) if user else re.compile(pattern, re.IGNORECASE)


def marker_literal(marker: str) -> str | None:
    """The longest fixed piece every match of a plain marker contains (lower-case), to skip texts quickly."""
    if marker.startswith(REGEX_PREFIX):
        return None
    pieces = re.split(r"[\s\-*'’]+", marker.lower())
    return max(pieces, key=len) or None


def codebook_error(path: Path, message: str, frame: str | None = None, marker: str | None = None) -> InputError:
    where = "".join([f"frame '{frame}'" if frame else "", f", marker '{marker}'" if marker else ""])
    return InputError(path, f"{where}: {message}" if where else message)


def check_keys(
    path: Path, found: dict, allowed: tuple[str, ...], frame: str | None = None, marker: str | None = None,
    optional: tuple[str, ...] = (),
) -> None:
    for key in found:
        if key not in allowed:
            raise codebook_error(path, f"unknown key '{key}' (expected {', '.join(allowed)})", frame, marker)
    for key in allowed:
        if key not in found and key not in optional:
            raise codebook_error(path, f"missing key '{key}'", frame, marker)


def parse_language(path: Path, value, frame: str | None = None, marker: str | None = None) -> str:
    code = str(value).strip().lower()
    if not LANGUAGE_CODE.fullmatch(code):
        raise codebook_error(path, f"language {value!r} is not an ISO 639 code such as en or es", frame, marker)
    return code


def parse_marker(path: Path, frame: str, entry, language: str = DEFAULT_LANGUAGE) -> dict:
    if isinstance(entry, str):
        entry = {"marker": entry}
    if not isinstance(entry, dict):
        raise codebook_error(path, f"a marker is a mapping with 'marker' and 'note', not {entry!r}", frame)
    marker = str(entry.get("marker", "")).strip()
    check_keys(path, entry, MARKER_KEYS, frame, marker or None, optional=("note", "lang"))
    if not marker or marker == REGEX_PREFIX:
        raise codebook_error(path, "empty marker", frame)
    pattern = marker_pattern(marker)
    try:
        compiled = compile_marker(pattern, user=marker.startswith(REGEX_PREFIX))
    except (re.error, regex.error) as exc:
        raise codebook_error(path, f"invalid pattern ({exc})", frame, marker) from None
    if compiled.match(""):
        raise codebook_error(path, "pattern matches empty text", frame, marker)
    lang = parse_language(path, entry["lang"], frame, marker) if "lang" in entry else language
    return {"frame": frame, "marker": marker, "note": str(entry.get("note") or "").strip(), "lang": lang, "pattern": pattern}


def parse_frame(path: Path, frame: str, spec, language: str = DEFAULT_LANGUAGE) -> tuple[dict, list[dict]]:
    if not FRAME_ID.fullmatch(str(frame)):
        raise codebook_error(path, "a frame id is lower_snake_case", str(frame))
    if not isinstance(spec, dict):
        raise codebook_error(path, "a frame is a mapping with label, description, dimension and markers", frame)
    check_keys(path, spec, FRAME_KEYS, frame)
    if spec["dimension"] not in DIMENSIONS:
        raise codebook_error(path, f"unknown dimension {spec['dimension']!r} (expected one of: {'; '.join(DIMENSIONS)})", frame)
    if not isinstance(spec["markers"], list) or not spec["markers"]:
        raise codebook_error(path, "empty marker list", frame)
    row = {"frame": frame, "label": str(spec["label"]).strip(), "description": str(spec["description"]).strip(), "dimension": spec["dimension"]}
    return row, [parse_marker(path, frame, entry, language) for entry in spec["markers"]]


def check_unique_markers(path: Path, markers: list[dict]) -> None:
    seen: dict[tuple[str, str], str] = {}
    for row in markers:
        key = (row["lang"], row["marker"].lower())  # the same word may be a marker in two languages
        if key in seen:
            where = "twice" if seen[key] == row["frame"] else f"under frames '{seen[key]}' and '{row['frame']}'"
            raise codebook_error(path, f"listed {where}", row["frame"], row["marker"])
        seen[key] = row["frame"]


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Read and check a codebook; the packaged one when ``path`` is None."""
    path = Path(path) if path is not None else DEFAULT_CODEBOOK
    data = read_yaml_mapping(path, "codebook")
    check_keys(path, data, TOP_KEYS, optional=("language",))
    language = parse_language(path, data["language"]) if "language" in data else DEFAULT_LANGUAGE
    if not isinstance(data["frames"], dict) or not data["frames"]:
        raise InputError(path, "'frames' must map frame ids to frames, and name at least one")
    frames, markers = [], []
    for frame, spec in data["frames"].items():
        row, frame_markers = parse_frame(path, frame, spec, language)
        frames.append(row)
        markers.extend(frame_markers)
    check_unique_markers(path, markers)
    return Codebook(pd.DataFrame(frames), pd.DataFrame(markers, columns=MARKER_COLUMNS), path)


MARKER_COLUMNS = ["frame", "marker", "note", "lang", "pattern"]


def markers_in(codebook: Codebook, language: str) -> Codebook:
    """The codebook with only the markers of one language."""
    return replace(codebook, markers=codebook.markers[codebook.markers["lang"] == language].reset_index(drop=True))
