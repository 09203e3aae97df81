"""Load a corpus: a folder (``manifest.csv``, one UTF-8 text file per article, optional
``cleaning.csv``), one table file (CSV, JSON Lines or Parquet, one row per article), or a
pandas DataFrame with a text column and metadata columns.

Loading gives one row per article with its metadata, its headline and subtitle as
their own fields, its cleaned body, and a record of every cleaning step. Nothing
here names a particular file: what to remove from which file is data, in the
corpus's ``cleaning.csv`` (format in ``seeds/README.md``).

Cleaning, in order:

1. decode as strict UTF-8 (a bad byte is an error, never replaced), drop a BOM,
   CRLF → LF, Unicode NFC, non-breaking and other fixed-width spaces → plain space;
2. ``remove_text`` rules delete a literal string wherever it occurs;
3. ``remove_line`` rules delete whole lines equal to their text (after trimming);
   ``headline`` and ``subtitle`` rules move the line equal to their text into that field;
4. with no ``headline`` rule, a first line equal to the manifest's headline is taken
   as the headline; otherwise the headline comes from the manifest;
5. the remaining non-blank lines, trimmed, are the body's paragraphs, joined by a blank line.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from itertools import chain
from typing import Iterable, Iterator, Union

import pandas as pd

from .errors import InputError
from .tokens import count_words

MANIFEST_NAME = "manifest.csv"
RULES_NAME = "cleaning.csv"
REQUIRED_COLUMNS = ("file", "outlet")
OPTIONAL_COLUMNS = ("headline", "published", "url", "leaning")
RULE_COLUMNS = ("file", "action", "text")
FIELD_ACTIONS = ("headline", "subtitle")
LINE_ACTIONS = ("remove_line", *FIELD_ACTIONS)
MAX_OUTLET_CHARACTERS = 200  # an outlet is a name shown on every chart: longer is a column mix-up, not a name
RULE_ACTIONS = ("remove_text", *LINE_ACTIONS)
# Spaces that look like a space but do not match " ": no-break, figure, narrow no-break.
FIXED_SPACES = ("\u00a0", "\u2007", "\u202f")
PARAGRAPH_BREAK = "\n\n"


@dataclass(frozen=True)
class CleaningStep:
    """One thing cleaning changed or removed in an article's file."""

    action: str
    text: str
    line: int | None = None  # 1-based line of the raw file; None for whole-file steps
    note: str = ""


@dataclass(frozen=True)
class Rule:
    """One row of a corpus's cleaning.csv."""

    file: str
    action: str
    text: str
    note: str
    line: int  # line of cleaning.csv, for error messages


def read_utf8(path: Path) -> str:
    """Decode a file as strict UTF-8; an invalid byte, or a NUL, is an error naming its offset."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise InputError(path, f"not valid UTF-8 (byte 0x{bad})", byte=exc.start) from None
    if "\x00" in text:  # a binary file, or a corrupted one: never text to analyse or to write into tables
        raise InputError(path, "contains a NUL character: not a text file", byte=data.index(b"\x00"))
    return text


def read_csv_records(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Read a CSV into (header, [(line number, row)]), trimming header names and values."""
    reader = csv.reader(io.StringIO(read_utf8(path).removeprefix("\ufeff"), newline=""))  # Excel saves CSV with a BOM
    try:
        header = [name.strip() for name in next(reader, [])]
        if not any(header):
            raise InputError(path, "empty file: expected a header row", line=1)
        records = []
        start = reader.line_num + 1
        for values in reader:
            if any(value.strip() for value in values):
                if len(values) > len(header):
                    raise InputError(path, f"{len(values)} fields but the header has {len(header)}", line=start)
                padded = values + [""] * (len(header) - len(values))
                records.append((start, {k: v.strip() for k, v in zip(header, padded)}))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV ({exc})", line=reader.line_num) from None
    return header, records


def require_columns(path: Path, header: list[str], columns: tuple[str, ...]) -> None:
    for column in columns:
        if column not in header:
            raise InputError(path, f"missing required column '{column}'", line=1)


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")


def parse_published(value: str, path: Path | str, line: int | None, field: str = "published") -> str | None:
    """Dates are ``YYYY-MM-DD`` (an ISO date-time, as exports give them, keeps its date) or blank (unknown).

    Python would also read ``20250204`` and ``2025-W06-2``; they are refused, since the
    documented format is the one a reader of the manifest can check by eye.
    """
    if not value:
        return None
    try:
        if not ISO_DATE.fullmatch(value):
            raise ValueError
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        raise InputError(
            path, f"cannot parse date {value!r} (expected YYYY-MM-DD, or blank if unknown)", line=line, field=field
        ) from None


def refuse_link_out(folder: Path, path: Path) -> None:
    """Nothing outside the corpus folder is read on its account: a link out of it is refused."""
    if not path.resolve().is_relative_to(folder.resolve()):
        raise InputError(path, "is a link to a file outside the corpus folder: copy the file in instead")


def check_inside(folder: Path, name: str, manifest: Path, line: int) -> None:
    """A listed file is a regular file inside the corpus folder: never a link out of it, a folder or a device."""
    path = folder / name
    if Path(name).name != name or not (path.exists() or path.is_symlink()):
        raise InputError(manifest, f"listed file {name} not found in {folder}", line=line, field="file")
    if not path.resolve().is_relative_to(folder.resolve()):
        raise InputError(manifest, f"listed file {name} is a link to a file outside the corpus folder: copy the file in instead", line=line, field="file")
    if not path.is_file():
        raise InputError(manifest, f"listed file {name} is not a regular file", line=line, field="file")


def check_outlet(outlet: str, path: Path | str, place: dict) -> None:
    if len(outlet) > MAX_OUTLET_CHARACTERS:
        raise InputError(path, f"outlet is {len(outlet):,} characters long (at most {MAX_OUTLET_CHARACTERS}): is this the right column?", **place)


def read_manifest(folder: Path) -> pd.DataFrame:
    """The manifest as a DataFrame, one row per listed file, checked against the folder."""
    path = folder / MANIFEST_NAME
    if not path.is_file():
        raise InputError(path, "no manifest: a corpus folder needs a manifest.csv listing its articles")
    refuse_link_out(folder, path)
    header, records = read_csv_records(path)
    require_columns(path, header, REQUIRED_COLUMNS)
    first_seen: dict[str, int] = {}
    stems: dict[str, str] = {}
    rows = []
    for line, row in records:
        for column in REQUIRED_COLUMNS:
            if not row[column]:
                raise InputError(path, "value is blank", line=line, field=column)
        name = row["file"]
        if name in first_seen:
            raise InputError(path, f"{name} is listed twice (first on line {first_seen[name]})", line=line, field="file")
        first_seen[name] = line
        stem = Path(name).stem
        if stem in stems:  # the stem is the article's id, and names its page
            raise InputError(path, f"{name} and {stems[stem]} would share the article id {stem!r}: rename one", line=line, field="file")
        stems[stem] = name
        check_inside(folder, name, path, line)
        check_outlet(row["outlet"], path, {"line": line, "field": "outlet"})
        row["published"] = parse_published(row.get("published", ""), path, line) or ""
        rows.append(row)
    if not rows:
        raise InputError(path, "lists no articles")
    manifest = pd.DataFrame(rows, columns=list(dict.fromkeys([*header, *OPTIONAL_COLUMNS])), dtype="object")
    return manifest.fillna("")


def check_all_listed(folder: Path, listed: set[str]) -> None:
    """A text file in the corpus folder that the manifest forgets is an error, not a silent skip."""
    for path in sorted(folder.glob("*.txt")):
        if path.name not in listed:
            raise InputError(path, f"text file not listed in {MANIFEST_NAME}")


def read_rules(folder: Path, listed: set[str]) -> dict[str, list[Rule]]:
    """Cleaning rules by file name; a corpus without cleaning.csv has none."""
    path = folder / RULES_NAME
    if not path.is_file():
        return {}
    refuse_link_out(folder, path)
    header, records = read_csv_records(path)
    require_columns(path, header, RULE_COLUMNS)
    rules: dict[str, list[Rule]] = {}
    field_rules: dict[tuple[str, str], int] = {}
    for line, row in records:
        if row["file"] not in listed:
            raise InputError(path, f"{row['file']} is not listed in {MANIFEST_NAME}", line=line, field="file")
        if row["action"] not in RULE_ACTIONS:
            expected = ", ".join(RULE_ACTIONS)
            raise InputError(path, f"unknown action {row['action']!r} (expected one of {expected})", line=line, field="action")
        if not row["text"]:
            raise InputError(path, "value is blank", line=line, field="text")
        if row["action"] in FIELD_ACTIONS:  # a file has one headline and one subtitle
            first = field_rules.setdefault((row["file"], row["action"]), line)
            if first != line:
                raise InputError(path, f"a second {row['action']} rule for {row['file']} (the first is on line {first})", line=line, field="action")
        text = normalize_text(row["text"])[0]
        rule = Rule(row["file"], row["action"], text, row.get("note", ""), line)
        rules.setdefault(rule.file, []).append(rule)
    return rules


def normalize_text(raw: str) -> tuple[str, list[CleaningStep]]:
    """BOM, line endings, NFC and fixed-width spaces, each change recorded with its count."""
    steps = []
    text = raw
    if text.startswith("\ufeff"):
        text = text[1:]
        steps.append(CleaningStep("normalize", "byte-order mark removed"))
    if "\r" in text:
        count = text.count("\r")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        steps.append(CleaningStep("normalize", f"{count} carriage returns → line feeds"))
    nfc = unicodedata.normalize("NFC", text)
    if nfc != text:
        steps.append(CleaningStep("normalize", f"Unicode NFC: {len(text) - len(nfc)} combining sequences composed"))
        text = nfc
    count = sum(text.count(space) for space in FIXED_SPACES)
    if count:
        for space in FIXED_SPACES:
            text = text.replace(space, " ")
        steps.append(CleaningStep("normalize", f"{count} non-breaking spaces → spaces"))
    return text, steps


def rule_error(rules_path: Path, rule: Rule, message: str) -> InputError:
    return InputError(rules_path, f"{rule.action} rule for {rule.file}: {message}", line=rule.line, field="text")


def remove_texts(text: str, rules: list[Rule], rules_path: Path) -> tuple[str, list[CleaningStep]]:
    steps = []
    for rule in rules:
        if rule.action != "remove_text":
            continue
        count = text.count(rule.text)
        if not count:
            raise rule_error(rules_path, rule, f"{rule.text!r} does not occur in the file")
        first_line = text.count("\n", 0, text.index(rule.text)) + 1
        text = text.replace(rule.text, "")
        note = rule.note if count == 1 else f"{rule.note} ({count} occurrences)".strip()
        steps.append(CleaningStep("remove_text", rule.text, line=first_line, note=note))
    return text, steps


def split_lines(text: str, rules: list[Rule], rules_path: Path) -> tuple[list[tuple[int, str]], dict, list[CleaningStep]]:
    """Apply line rules: returns the kept (line number, text) pairs, the fields taken out, and the steps."""
    line_rules = {rule.text.strip(): rule for rule in rules if rule.action in LINE_ACTIONS}
    matched: set[str] = set()
    fields: dict[str, str] = {}
    kept, steps = [], []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        rule = line_rules.get(stripped)
        if rule is None or (rule.action != "remove_line" and rule.action in fields):
            if stripped:
                kept.append((number, stripped))
            continue
        matched.add(stripped)
        if rule.action != "remove_line":
            fields[rule.action] = stripped
        steps.append(CleaningStep(rule.action, stripped, line=number, note=rule.note))
    for key, rule in line_rules.items():
        if key not in matched:
            raise rule_error(rules_path, rule, f"no line of the file equals {rule.text!r}")
    return kept, fields, steps


def take_headline(kept: list[tuple[int, str]], fields: dict, manifest_headline: str) -> tuple[str, str, list[CleaningStep]]:
    """Headline and its source: the file (by rule or by matching the manifest), else the manifest."""
    if "headline" in fields:
        return fields["headline"], "file", []
    headline = normalize_text(manifest_headline)[0].strip()
    if headline and kept and kept[0][1] == headline:
        number, _ = kept.pop(0)
        step = CleaningStep("headline", headline, line=number, note="First line equals the manifest headline.")
        return headline, "file", [step]
    return headline, ("manifest" if headline else "none"), []


def clean_article(raw: str, rules: list[Rule], manifest_headline: str, path: Path, rules_path: Path) -> dict:
    """Headline, subtitle, body and cleaning record of one article's raw text."""
    if not raw.strip():
        raise InputError(path, "article is empty" if not raw else "article is blank (whitespace only)")
    text, steps = normalize_text(raw)
    text, removed = remove_texts(text, rules, rules_path)
    kept, fields, line_steps = split_lines(text, rules, rules_path)
    headline, source, headline_steps = take_headline(kept, fields, manifest_headline)
    if not kept:
        raise InputError(path, "no body text left after cleaning")
    if not any(count_words(paragraph) for _, paragraph in kept):
        raise InputError(path, "no words left after cleaning, only punctuation: not an article")
    body = PARAGRAPH_BREAK.join(paragraph for _, paragraph in kept)
    all_steps = steps + removed + line_steps + headline_steps
    return {
        "headline": headline,
        "headline_source": source,
        "subtitle": fields.get("subtitle", ""),
        "body": body,
        "cleaning": tuple(sorted(all_steps, key=lambda s: (s.line or 0))),
    }


def load_folder(folder: Path) -> pd.DataFrame:
    """A corpus folder: one row per listed article."""
    manifest = read_manifest(folder)
    listed = set(manifest["file"])
    check_all_listed(folder, listed)
    rules = read_rules(folder, listed)

    def articles() -> Iterator[dict]:
        for record in manifest.to_dict("records"):
            path = folder / record["file"]
            cleaned = clean_article(read_utf8(path), rules.get(record["file"], []), record["headline"], path, folder / RULES_NAME)
            yield {"article_id": Path(record["file"]).stem, **record, **cleaned}

    return frame_of(articles())


ROWS_AT_ONCE = 2_000  # articles made a DataFrame at a time (``frame_of``)


def frame_of(rows: Iterable[dict], at_once: int = ROWS_AT_ONCE) -> pd.DataFrame:
    """``pd.DataFrame(list(rows))``, made ``at_once`` rows at a time and joined. A DataFrame keeps texts in Arrow
    (UTF-8), but as Python strings the cleaned texts of news (quotes and dashes beyond Latin-1) take 2 bytes a
    character: held for the whole corpus before one DataFrame was made of them, they were the load's peak (3.1 GB
    at 100,000 synthetic articles). The same table: a field some rows leave out (JSON Lines) is blank there, whatever
    chunk they fall in (``tests/test_corpus.py``)."""
    chunks, batch = [], []
    for row in rows:
        batch.append(row)
        if len(batch) == at_once:
            chunks.append(pd.DataFrame(batch))
            batch = []
    if batch or not chunks:
        chunks.append(pd.DataFrame(batch))
    return chunks[0] if len(chunks) == 1 else pd.concat(chunks, ignore_index=True)


@dataclass(frozen=True)
class Columns:
    """Which column of a table corpus holds what (``--text-column``, ``--outlet-column``, …).

    ``id`` None takes an ``article_id`` or ``id`` column where the table has one, else
    numbers the rows. Other columns are kept as metadata (``leaning``, ``notes``, …).
    """

    text: str = "text"
    outlet: str = "outlet"
    id: str | None = None
    headline: str = "headline"
    published: str = "published"
    url: str = "url"


CorpusSource = Union[str, Path, pd.DataFrame]
TABLE_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".parquet")
ID_CANDIDATES = ("article_id", "id")
SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")  # ids name files (article pages): no paths, no spaces


@dataclass(frozen=True)
class TableRecord:
    """One row of a table corpus and where it is, for error messages."""

    place: dict  # InputError's line= or field= keywords
    label: str  # how the articles table names its source: "corpus.csv, line 3"
    values: dict


def cell_text(value) -> str:
    """A table cell as text: missing values are blank, dates keep their ISO date."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return ""
    if isinstance(value, (pd.Timestamp, datetime)):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def counted(header: list[str], records: list[TableRecord]) -> tuple[list[str], list[TableRecord], int]:
    return header, records, len(records)


def csv_records(path: Path) -> tuple[list[str], list[TableRecord], int]:
    header, records = read_csv_records(path)
    return counted(header, [TableRecord({"line": line}, f"{path.name}, line {line}", row) for line, row in records])


def jsonl_records(path: Path) -> tuple[list[str], list[TableRecord], int]:
    header: dict[str, None] = {}
    records = []
    for number, line in enumerate(read_utf8(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            values = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"not valid JSON ({exc.msg}, column {exc.colno})", line=number) from None
        if not isinstance(values, dict):
            raise InputError(path, "each line must be a JSON object with the article's fields", line=number)
        header.update(dict.fromkeys(values))
        records.append(TableRecord({"line": number}, f"{path.name}, line {number}", {k: cell_text(v) for k, v in values.items()}))
    return counted(list(header), records)


def frame_records(frame: pd.DataFrame, name: str) -> tuple[list[str], list[TableRecord], int]:
    header = [str(column) for column in frame.columns]
    records = [
        TableRecord({"field": f"row {number}"}, f"{name}, row {number}", {k: cell_text(v) for k, v in zip(header, values)})
        for number, values in enumerate(frame.itertuples(index=False, name=None), start=1)
    ]
    return counted(header, records)


PARQUET_BATCH = 1_000  # rows read at once: a Parquet corpus is never held whole in two forms
# Bytes read from the file at once. By default Arrow reads and decodes a whole row group before the first batch, and
# a file written in one piece is one row group: 350 MB held at 100,000 synthetic articles, 23 MB with a buffer.
PARQUET_BUFFER = 1 << 20


def parquet_file(path: Path):
    try:
        from pyarrow import parquet
    except ImportError:
        raise InputError(path, "reading Parquet needs pyarrow (pip install pyarrow)") from None
    try:
        return parquet.ParquetFile(path, buffer_size=PARQUET_BUFFER, pre_buffer=False)
    except Exception as exc:  # pyarrow raises its own types for a broken or foreign file
        raise InputError(path, f"not a readable Parquet file ({type(exc).__name__})") from None


def parquet_rows(path: Path, file) -> Iterator[TableRecord]:
    """The rows of a Parquet file, read a batch at a time."""
    number = 0
    try:
        for batch in file.iter_batches(batch_size=PARQUET_BATCH, columns=parquet_columns(file)):
            header = batch.schema.names
            for values in batch.to_pandas(ignore_metadata=True).itertuples(index=False, name=None):
                number += 1
                yield TableRecord({"field": f"row {number}"}, f"{path.name}, row {number}", {k: cell_text(v) for k, v in zip(header, values)})
    except InputError:
        raise
    except Exception as exc:
        raise InputError(path, f"not a readable Parquet file ({type(exc).__name__})", field=f"row {number + 1}") from None


def parquet_columns(file) -> list[str]:
    """The file's columns but the index pandas may have stored beside them."""
    return [name for name in file.schema_arrow.names if not name.startswith("__index_level_")]


def parquet_records(path: Path) -> tuple[list[str], Iterable[TableRecord], int]:
    """A Parquet table streamed: its columns, its rows (read lazily, in batches) and how many there are."""
    file = parquet_file(path)
    return parquet_columns(file), parquet_rows(path, file), file.metadata.num_rows


def parquet_folder_records(folder: Path) -> tuple[list[str], Iterable[TableRecord], int]:
    """A folder of Parquet files (as Spark, Dask or a data export writes them): their rows in file-name order."""
    header: dict[str, None] = {}
    streams, count = [], 0
    for path in sorted(folder.glob("*.parquet")):
        refuse_link_out(folder, path)
        columns, rows, rows_in_file = parquet_records(path)
        header.update(dict.fromkeys(columns))
        streams.append(rows)
        count += rows_in_file
    return list(header), chain.from_iterable(streams), count


TABLE_READERS = {".csv": csv_records, ".jsonl": jsonl_records, ".ndjson": jsonl_records, ".parquet": parquet_records}


def id_column(header: list[str], columns: Columns, path: Path | str) -> str | None:
    if columns.id is not None:
        if columns.id not in header:
            raise InputError(path, f"no column '{columns.id}' for the article ids (columns: {', '.join(header)})")
        return columns.id
    return next((name for name in ID_CANDIDATES if name in header), None)


def table_article(record: TableRecord, columns: Columns, article_id: str, path: Path | str) -> dict:
    """One table row as an article: canonical metadata names, then the cleaned text."""
    values = record.values
    for name in (columns.text, columns.outlet):
        if not values.get(name, "").strip():
            raise InputError(path, f"{name} is blank", **record.place)
    if "\x00" in values[columns.text]:
        raise InputError(path, f"{columns.text} contains a NUL character", **record.place)
    check_outlet(values[columns.outlet], path, record.place)
    if not SAFE_ID.fullmatch(article_id):
        raise InputError(path, f"article id {article_id!r} must be letters, digits, '.', '_' or '-' (at most 100)", **record.place)
    renamed = {columns.outlet: "outlet", columns.headline: "headline", columns.published: "published", columns.url: "url"}
    metadata = {renamed.get(k, k): v for k, v in values.items() if k not in (columns.text, columns.id, *ID_CANDIDATES)}
    metadata = {**dict.fromkeys(OPTIONAL_COLUMNS, ""), **metadata}
    metadata["published"] = parse_published(metadata["published"], path, record.place.get("line"), columns.published) or ""
    cleaned = clean_article(values[columns.text], [], metadata["headline"], Path(str(path)), Path(str(path)))
    return {"article_id": article_id, "file": record.label, "outlet": metadata.pop("outlet"), **metadata, **cleaned}


def load_table(header: list[str], records: Iterable[TableRecord], count: int, path: Path | str, columns: Columns) -> pd.DataFrame:
    """A table corpus of ``count`` rows, one article per row (``records`` may be a stream), checked like a manifest."""
    for name in (columns.text, columns.outlet):
        if name not in header:
            raise InputError(path, f"missing required column '{name}' (columns: {', '.join(header)}; map yours with --text-column/--outlet-column)")
    if not count:
        raise InputError(path, "holds no articles")
    key = id_column(header, columns, path)
    width = len(str(count))
    first_seen: dict[str, str] = {}

    def articles() -> Iterator[dict]:
        for number, record in enumerate(records, start=1):
            article_id = record.values.get(key, "") if key else f"{number:0{width}d}"
            if article_id in first_seen:
                raise InputError(path, f"article id {article_id!r} appears twice (first at {first_seen[article_id]})", **record.place)
            first_seen[article_id] = record.label
            yield table_article(record, columns, article_id, path)

    return frame_of(articles())


def load_corpus(source: CorpusSource, columns: Columns | None = None) -> pd.DataFrame:
    """One row per article: id, metadata, headline, subtitle, cleaned body, cleaning record.

    ``source`` is a corpus folder, a ``.csv``/``.jsonl``/``.parquet`` table with one
    article per row, a folder of ``.parquet`` files (no manifest: their rows, in file-name
    order), or a DataFrame with a text column; ``columns`` maps a table's column names
    (folders of text files use their manifest's names).
    """
    columns = columns or Columns()
    if isinstance(source, pd.DataFrame):
        return load_table(*frame_records(source, "DataFrame"), "DataFrame", columns)
    path = Path(source)
    if path.is_dir() and not (path / MANIFEST_NAME).exists() and any(path.glob("*.parquet")):
        return load_table(*parquet_folder_records(path), path, columns)
    if path.is_dir():
        return load_folder(path)
    if not path.exists():
        raise InputError(path, "corpus not found (a folder with manifest.csv, or a .csv, .jsonl or .parquet table)")
    reader = TABLE_READERS.get(path.suffix.lower())
    if reader is None:
        raise InputError(path, "a corpus is a folder with manifest.csv, or a .csv, .jsonl or .parquet table")
    return load_table(*reader(path), path, columns)


def corpus_name(source: CorpusSource) -> str:
    """The corpus's name in captions: its folder's or file's name."""
    if isinstance(source, pd.DataFrame):
        return "DataFrame"
    path = Path(source).resolve()
    return path.name if path.is_dir() else path.stem


def corpus_home(source: CorpusSource) -> Path | None:
    """The folder whose codebook.yaml, speakers.yaml and study.yaml belong to the corpus."""
    if isinstance(source, pd.DataFrame):
        return None
    path = Path(source)
    return path if path.is_dir() else path.parent


def cleaning_log(articles: pd.DataFrame) -> pd.DataFrame:
    """Every cleaning step as a row: what was removed or changed, where, and why."""
    rows = [
        {"article_id": article_id, "file": file, "line": step.line, "action": step.action, "text": step.text, "note": step.note}
        for article_id, file, steps in articles[["article_id", "file", "cleaning"]].itertuples(index=False)
        for step in steps
    ]
    log = pd.DataFrame(rows, columns=["article_id", "file", "line", "action", "text", "note"])
    return log.astype({"line": "Int64"})
