"""Validation: a blind coding sheet of sampled sentences, and how well the codebook and VADER agree with it.

``sample`` draws body sentences from a run's tables, stratified by outlet and by whether the codebook hit
them (so that both precision and recall can be estimated), and writes three files:

- ``coding-sheet.csv``: one row per sentence, with the sentences before and after it; a column per frame
  to mark 1 (the sentence carries the frame) or 0, a ``tone`` column, a ``coder`` column and a ``note``.
  Nothing on it says what the codebook found, nor which outlet published the sentence.
- ``sample-key.csv``: what the coders must not see: each item's article, sentence and outlet, its stratum
  and sampling weight (the stratum's sentences over those sampled from it), the codebook's codes and the
  markers that hit, and VADER's compound score.
- ``instructions.md``: how to code, from the codebook's own frame labels and descriptions.

``score`` reads one or more filled sheets (a copy per coder) with the key, and reports per frame the
codebook's precision, recall and F1 against each coder and all coders pooled, weighted by the sampling
weights, with stratified bootstrap intervals; Krippendorff's alpha (nominal) between coders and between
the codebook and each coder; VADER's agreement with the coders' tone (accuracy, linearly weighted kappa,
confusion table) per outlet; and every sentence where codebook and coders disagree. The codebook's codes
are taken both from the key (the codebook when the sample was drawn) and from the run's current
``frame_hits`` (after any revision), so a revised codebook is scored on sentences coded before it.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from pathlib import Path
from string import Template

import numpy as np
import pandas as pd

from .config import DATA_DIR, TABLES_SUBDIR
from .errors import InputError
from .intervals import CONFIDENCE, percentile_interval
from .sentiment import LEXICON_COLUMN, polarity

SHEET, KEY, INSTRUCTIONS = "coding-sheet.csv", "sample-key.csv", "instructions.md"
INSTRUCTIONS_TEMPLATE = DATA_DIR / "coding_instructions.md"  # generic: the frames come from the codebook
SAMPLE_SIZE = 200
SEED = 20250203
RESAMPLES = 2000
TONES = ["negative", "neutral", "positive"]  # in order: kappa's linear weights count the steps between them
POOLED = "all coders"
CODE_VALUES = {"0": 0, "1": 1, "": 0}
# The codebook's codes scored, by version: the key's columns (as the sample was drawn) and the run's now; column prefix.
CODEBOOK_VERSIONS = {"sampled": "codebook", "current": "current"}


# ── reading a run's tables ─────────────────────────────────────────────────────────
def read_run_table(out: Path, name: str) -> pd.DataFrame:
    """A table a run wrote to ``OUT/tables/``, as CSV or as Parquet parts."""
    folder = Path(out) / TABLES_SUBDIR
    if (folder / name).is_dir():
        return pd.concat([pd.read_parquet(part) for part in sorted((folder / name).glob("part-*.parquet"))], ignore_index=True)
    path = folder / f"{name}.csv"
    if not path.is_file():
        raise InputError(path, "not found: give the output folder of a run (framing-analysis run --out DIR)")
    return pd.read_csv(path, dtype={"article_id": str}, keep_default_na=False, na_values=[""])


def sentence_codes(sentences: pd.DataFrame, hits: pd.DataFrame, frames: list[str]) -> pd.DataFrame:
    """Body sentences with the codebook's 0/1 code per frame and the markers that hit (``frame:marker``)."""
    scores = [column for column in ("compound", LEXICON_COLUMN) if column in sentences]
    body = sentences[sentences["part"] == "body"][["article_id", "outlet", "language", "sentence", "text", *scores]].reset_index(drop=True)
    hits = hits[hits["part"] == "body"]
    keys = pd.MultiIndex.from_frame(body[["article_id", "sentence"]])
    for frame in frames:
        hit = hits.loc[hits["frame"] == frame, ["article_id", "sentence"]].drop_duplicates()
        body[f"codebook_{frame}"] = keys.isin(pd.MultiIndex.from_frame(hit)).astype(int)
    markers = (hits.assign(label=hits["frame"] + ":" + hits["marker"]).groupby(["article_id", "sentence"])["label"]
               .agg(lambda labels: " | ".join(dict.fromkeys(labels))))
    body["markers"] = [markers.get(key, "") for key in zip(body["article_id"], body["sentence"])]
    return body


# ── sample ────────────────────────────────────────────────────────────────────────
def allocation(sizes: pd.Series, total: int) -> pd.Series:
    """Sentences to draw from each stratum: as equal as the strata's sizes allow (a small stratum is taken whole
    and its share goes to the others), ``total`` in all or every sentence if there are fewer."""
    taken = pd.Series(0, index=sizes.index)
    left = min(total, int(sizes.sum()))
    while left > 0:
        open_strata = sizes.index[taken < sizes]
        share = max(1, left // len(open_strata))
        for stratum in open_strata:
            step = min(share, int(sizes[stratum] - taken[stratum]), left)
            taken[stratum] += step
            left -= step
            if left == 0:
                break
    return taken


def stratified_sample(codes: pd.DataFrame, frames: list[str], size: int = SAMPLE_SIZE, seed: int = SEED) -> pd.DataFrame:
    """A seeded sample of body sentences, stratified by outlet and by whether any frame's marker hit them, with
    each sentence's stratum, the stratum's size, how many were drawn from it and the weight (size / drawn).
    Items are numbered in a shuffled order, so the sheet's order says nothing about the strata."""
    rng = np.random.default_rng(seed)
    hit = codes[[f"codebook_{frame}" for frame in frames]].max(axis=1).astype(bool)
    codes = codes.assign(stratum=codes["outlet"] + " | " + np.where(hit, "codebook hit", "no hit"))
    sizes = codes.groupby("stratum", sort=True).size()
    drawn = allocation(sizes, size)
    picked = [group.iloc[np.sort(rng.choice(len(group), size=int(drawn[stratum]), replace=False))]
              for stratum, group in codes.groupby("stratum", sort=True) if drawn[stratum]]
    sample = pd.concat(picked, ignore_index=True)
    sample["stratum_size"] = sample["stratum"].map(sizes)
    sample["sampled"] = sample["stratum"].map(drawn)
    sample["weight"] = sample["stratum_size"] / sample["sampled"]
    sample = sample.iloc[rng.permutation(len(sample))].reset_index(drop=True)
    sample.insert(0, "item", [f"S{number:04d}" for number in range(1, len(sample) + 1)])
    return sample


def context(sentences: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    """The body sentence before and after each sampled one, in its article."""
    body = sentences[sentences["part"] == "body"].set_index(["article_id", "sentence"])["text"]
    before = [body.get((article, number - 1), "") for article, number in zip(sample["article_id"], sample["sentence"])]
    after = [body.get((article, number + 1), "") for article, number in zip(sample["article_id"], sample["sentence"])]
    return pd.DataFrame({"before": before, "after": after})


def coding_sheet(sample: pd.DataFrame, sentences: pd.DataFrame, frames: list[str]) -> pd.DataFrame:
    around = context(sentences, sample)
    sheet = pd.DataFrame({"item": sample["item"], "before": around["before"], "sentence": sample["text"], "after": around["after"]})
    for column in [*frames, "tone", "coder", "note"]:
        sheet[column] = ""
    return sheet


KEY_COLUMNS = ["item", "article_id", "sentence", "outlet", "language", "stratum", "stratum_size", "sampled", "weight", "compound", "markers"]


def key_table(sample: pd.DataFrame, frames: list[str]) -> pd.DataFrame:
    return sample[[*KEY_COLUMNS, *[f"codebook_{frame}" for frame in frames]]]


def instructions(frames: pd.DataFrame, sample: pd.DataFrame) -> str:
    """The coders' instructions (``analysis/data/coding_instructions.md``, a template): the frames as the codebook
    describes them, and the tone scale."""
    described = "\n".join(f"### `{row.frame}`: {row.label}\n\n{str(row.description).strip()}\n" for row in frames.itertuples())
    return Template(INSTRUCTIONS_TEMPLATE.read_text(encoding="utf-8")).substitute(sentences=len(sample), frames=described)


def sample_tables(sentences: pd.DataFrame, hits: pd.DataFrame, codebook: pd.DataFrame, size: int = SAMPLE_SIZE,
                  seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """The coding sheet, its key and the instructions for a run's sentences, frame hits and codebook tables."""
    frames = codebook[["frame", "label", "description"]].drop_duplicates("frame")
    codes = sentence_codes(sentences, hits, frames["frame"].tolist())
    if codes.empty:
        raise InputError("sentences", "there is no body sentence to sample")
    sample = stratified_sample(codes, frames["frame"].tolist(), size, seed)
    return coding_sheet(sample, sentences, frames["frame"].tolist()), key_table(sample, frames["frame"].tolist()), instructions(frames, sample)


def write_sample(out: str | Path, folder: str | Path, size: int = SAMPLE_SIZE, seed: int = SEED) -> list[Path]:
    """Draw the sample from the run in ``out`` and write the sheet, the key and the instructions to ``folder``,
    which must not already hold a sheet: coded work is never overwritten."""
    out, folder = Path(out), Path(folder)
    if (folder / SHEET).exists() or (folder / KEY).exists():
        raise InputError(folder, f"already holds {SHEET} or {KEY}: coded work is never overwritten; choose another folder")
    sheet, key, text = sample_tables(read_run_table(out, "sentences"), read_run_table(out, "frame_hits"), read_run_table(out, "codebook"), size, seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / SHEET, folder / KEY, folder / INSTRUCTIONS]
    sheet.to_csv(paths[0], index=False, lineterminator="\n")
    key.to_csv(paths[1], index=False, lineterminator="\n")
    paths[2].write_text(text, encoding="utf-8")
    return paths


# ── reading filled sheets ──────────────────────────────────────────────────────────
def read_sheet(path: str | Path, frames: list[str], items: set[str]) -> pd.DataFrame:
    """A filled sheet as one row per coded item: item, coder, a 0/1 column per frame, tone. A row is coded once its
    tone is filled; the coder is the ``coder`` column, else the file's name. Any other value stops with the row."""
    path = Path(path)
    try:
        sheet = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as error:
        raise InputError(path, f"cannot be read as a CSV coding sheet ({error})") from None
    missing = [column for column in ["item", *frames, "tone"] if column not in sheet]
    if missing:
        raise InputError(path, f"lacks the column(s) {', '.join(missing)} of the coding sheet")
    rows, seen = [], set()
    for line, row in zip(range(2, len(sheet) + 2), sheet.itertuples(index=False)):
        row = row._asdict()
        tone = row["tone"].strip().lower()
        if not tone:
            continue
        if tone not in TONES:
            raise InputError(path, f"tone '{row['tone']}' is not one of {', '.join(TONES)}", line=line, field="tone")
        if row["item"] not in items:
            raise InputError(path, f"item '{row['item']}' is not in the sample's key", line=line, field="item")
        if row["item"] in seen:
            raise InputError(path, f"item '{row['item']}' is coded twice in this sheet", line=line, field="item")
        seen.add(row["item"])
        coded = {"item": row["item"], "coder": (row.get("coder") or "").strip() or path.stem, "tone": tone}
        for frame in frames:
            value = row[frame].strip()
            if value not in CODE_VALUES:
                raise InputError(path, f"'{row[frame]}' is not 1, 0 or blank", line=line, field=frame)
            coded[frame] = CODE_VALUES[value]
        rows.append(coded)
    return pd.DataFrame(rows, columns=["item", "coder", *frames, "tone"])


def read_key(path: str | Path) -> pd.DataFrame:
    path = Path(path)
    if not path.is_file():
        raise InputError(path, f"not found: the key written beside the coding sheet ({KEY})")
    return pd.read_csv(path, dtype={"item": str, "article_id": str, "markers": str}, keep_default_na=False)


# ── statistics ─────────────────────────────────────────────────────────────────────
def precision_recall_f1(automatic: np.ndarray, human: np.ndarray, weight: np.ndarray) -> tuple[float, float, float]:
    """Weighted precision (of the sentences the codebook marks, the share the coder marks), recall (of the
    sentences the coder marks, the share the codebook marks) and their harmonic mean; NaN where undefined."""
    both = float(np.sum(weight * automatic * human))
    marked, coded = float(np.sum(weight * automatic)), float(np.sum(weight * human))
    precision = both / marked if marked else math.nan
    recall = both / coded if coded else math.nan
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else math.nan
    return precision, recall, f1


def stratified_resamples(strata: np.ndarray, items: np.ndarray, resamples: int, seed: int) -> list[np.ndarray]:
    """Row indices of bootstrap samples that draw sentences (``items``) with replacement within each stratum, as the
    sample itself was drawn, and take every coder's row of each drawn sentence: the coders' judgements of one
    sentence are not independent draws."""
    rng = np.random.default_rng(seed)
    rows_of = {item: np.flatnonzero(items == item) for item in dict.fromkeys(items)}
    groups = [list(dict.fromkeys(items[strata == stratum])) for stratum in sorted(set(strata))]
    draws = []
    for _ in range(resamples):
        drawn = [group[i] for group in groups for i in rng.integers(0, len(group), size=len(group))]
        draws.append(np.concatenate([rows_of[item] for item in drawn]))
    return draws


def bootstrap_intervals(automatic, human, weight, draws: list[np.ndarray]) -> list[tuple[float, float]]:
    """Percentile intervals of precision, recall and F1 over the stratified resamples (resamples where a
    measure is undefined are left out)."""
    estimates = np.array([precision_recall_f1(automatic[rows], human[rows], weight[rows]) for rows in draws])
    intervals = []
    for column in estimates.T:
        defined = column[~np.isnan(column)]
        intervals.append(percentile_interval(defined, CONFIDENCE) if len(defined) else (math.nan, math.nan))
    return intervals


def krippendorff_alpha(codes: np.ndarray, level: str = "nominal") -> float:
    """Krippendorff's alpha of a coders × items array (NaN: not coded), by the ``krippendorff`` package; NaN
    when fewer than two values occur at all (agreement is then undefined, not perfect)."""
    import krippendorff

    values = codes[~np.isnan(codes)]
    if len(np.unique(values)) < 2 or np.sum(np.sum(~np.isnan(codes), axis=0) >= 2) == 0:
        return math.nan
    return float(krippendorff.alpha(reliability_data=codes, level_of_measurement=level))


def vader_tone(compound: pd.Series) -> pd.Series:
    """VADER's three classes by its own thresholds (``sentiment.polarity``)."""
    return polarity(compound.astype(float))


@dataclass(frozen=True)
class Scores:
    frames: pd.DataFrame  # per codebook version, frame and coder (and pooled): counts, precision, recall, F1, intervals
    agreement: pd.DataFrame  # per frame (and tone): alpha between coders, and between the codebook and each coder
    tone: pd.DataFrame  # per coder and outlet (and all): VADER's accuracy and weighted kappa
    confusion: pd.DataFrame  # per coder: human tone × VADER tone, weighted counts
    disagreements: pd.DataFrame  # every sentence and frame where the codebook and a coder differ
    coded: pd.DataFrame  # the coders' codes joined to the key


def joined_codes(key: pd.DataFrame, sheets: list[pd.DataFrame], current: pd.DataFrame | None, frames: list[str]) -> pd.DataFrame:
    """The coded rows with their key: weight, stratum, outlet, the codebook's codes when sampled and now."""
    coded = pd.concat(sheets, ignore_index=True)
    key = key.copy()
    if current is not None:
        now = current.set_index(["article_id", "sentence"])
        for frame in frames:
            key[f"current_{frame}"] = [int(now[f"codebook_{frame}"].get((a, s), 0)) for a, s in zip(key["article_id"], key["sentence"])]
        if LEXICON_COLUMN in now:
            key[f"current_{LEXICON_COLUMN}"] = [now[LEXICON_COLUMN].get((a, s), np.nan) for a, s in zip(key["article_id"], key["sentence"])]
    return coded.merge(key, on="item", how="left", validate="many_to_one")


def frame_scores(coded: pd.DataFrame, frames: list[str], resamples: int = RESAMPLES, seed: int = SEED) -> pd.DataFrame:
    """Precision, recall and F1 of the codebook per frame against each coder and all coders pooled (each coder's
    judgement one observation, weighted by sampling weight over the number of coders), with intervals."""
    rows = []
    coders = sorted(coded["coder"].unique())
    for version, prefix in CODEBOOK_VERSIONS.items():
        if f"{prefix}_{frames[0]}" not in coded:  # no current run given: the sampled codes only
            continue
        for coder in [*coders, POOLED]:
            subset = coded if coder == POOLED else coded[coded["coder"] == coder]
            weight = subset["weight"].to_numpy(float) / (len(coders) if coder == POOLED else 1)
            draws = stratified_resamples(subset["stratum"].to_numpy(), subset["item"].to_numpy(), resamples, seed)
            for frame in frames:
                automatic, human = subset[f"{prefix}_{frame}"].to_numpy(int), subset[frame].to_numpy(int)
                estimates = precision_recall_f1(automatic, human, weight)
                intervals = bootstrap_intervals(automatic, human, weight, draws)
                rows.append({
                    "codebook": version, "frame": frame, "coder": coder, "sentences": len(subset),
                    "both": int(np.sum(automatic & human)), "codebook_only": int(np.sum(automatic & ~human.astype(bool))),
                    "coder_only": int(np.sum(~automatic.astype(bool) & human)),
                    **{f"{name}": round(value, 4) for name, value in zip(["precision", "recall", "f1"], estimates)},
                    **{f"{name}_{end}": round(bound, 4) for name, (low, high) in zip(["precision", "recall", "f1"], intervals)
                       for end, bound in (("low", low), ("high", high))},
                })
    return pd.DataFrame(rows)


def agreement_table(coded: pd.DataFrame, frames: list[str]) -> pd.DataFrame:
    """Krippendorff's alpha per frame: between the coders (nominal), and between the codebook and each coder; and
    for tone between coders (ordinal)."""
    coders = sorted(coded["coder"].unique())
    items = sorted(coded["item"].unique())
    rows = []
    for variable in [*frames, "tone"]:
        values = coded.assign(value=coded[variable].map({tone: i for i, tone in enumerate(TONES)}) if variable == "tone" else coded[variable])
        table = values.pivot(index="coder", columns="item", values="value").reindex(index=coders, columns=items).to_numpy(float)
        level = "ordinal" if variable == "tone" else "nominal"
        row = {"variable": variable, "level": level, "coders": len(coders),
               "items_by_two_or_more": int(np.sum(np.sum(~np.isnan(table), axis=0) >= 2)),
               "alpha_between_coders": round(krippendorff_alpha(table, level), 4) if len(coders) > 1 else math.nan}
        if variable != "tone":
            automatic = coded.drop_duplicates("item").set_index("item")[f"codebook_{variable}"].reindex(items).to_numpy(float)
            for coder, codes in zip(coders, table):
                row[f"alpha_codebook_{coder}"] = round(krippendorff_alpha(np.vstack([automatic, codes]), level), 4)
        rows.append(row)
    return pd.DataFrame(rows)


SCORES = {"vader": "compound", "vader + lexicon": f"current_{LEXICON_COLUMN}"}  # the run's --sentiment-lexicon, if any


def tone_scores(coded: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each sentiment score's three classes (VADER's, and VADER with the run's lexicon if it has one) against each
    coder's tone, per outlet and overall: weighted accuracy and linearly weighted kappa; and the weighted confusion
    table per score and coder."""
    rows, confusion = [], []
    for score_name, column in SCORES.items():
        if column not in coded:
            continue
        scored = coded[coded[column].notna()]  # a sentence in a language without a lexicon has no score to compare
        classed = scored.assign(vader=vader_tone(scored[column]))
        for coder, mine in classed.groupby("coder", sort=True):
            rows += [{"score": score_name, "coder": coder, "outlet": outlet, **tone_agreement(group)}
                     for outlet, group in [("all outlets", mine), *mine.groupby("outlet", sort=True)]]
            table = mine.groupby(["tone", "vader"])["weight"].sum().unstack(fill_value=0).reindex(index=TONES, columns=TONES, fill_value=0)
            confusion.append(table.round(2).rename_axis(index="coder_tone", columns=None).reset_index().assign(score=score_name, coder=coder))
    confusion_table = pd.concat(confusion, ignore_index=True)[["score", "coder", "coder_tone", *TONES]].rename(columns={t: f"vader_{t}" for t in TONES})
    return pd.DataFrame(rows), confusion_table


def tone_agreement(group: pd.DataFrame) -> dict:
    """Sentences, weighted accuracy and linearly weighted kappa of the score's classes (``vader``) against the coder's."""
    from sklearn.metrics import cohen_kappa_score

    weight = group["weight"].to_numpy(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # one class only: kappa is undefined, reported as NaN
        kappa = cohen_kappa_score(group["tone"], group["vader"], labels=TONES, weights="linear", sample_weight=weight)
    return {"sentences": len(group), "accuracy": round(float(np.sum(weight * (group["tone"] == group["vader"])) / np.sum(weight)), 4),
            "weighted_kappa": round(float(kappa), 4)}


def disagreement_table(coded: pd.DataFrame, frames: list[str], texts: pd.Series) -> pd.DataFrame:
    """Every item and frame where the codebook (as sampled) and at least one coder differ, with the sentence, the
    markers that hit and each coder's code, most weighted first."""
    rows = []
    coders = sorted(coded["coder"].unique())
    for item, group in coded.groupby("item", sort=True):
        first = group.iloc[0]
        for frame in frames:
            human = dict(zip(group["coder"], group[frame]))
            automatic = int(first[f"codebook_{frame}"])
            if all(code == automatic for code in human.values()):
                continue
            kind = "codebook hit, coder(s) did not" if automatic else "coder(s) marked, codebook missed"
            rows.append({"item": item, "frame": frame, "kind": kind, "codebook": automatic,
                         **{f"coder_{coder}": human.get(coder, "") for coder in coders},
                         "outlet": first["outlet"], "weight": first["weight"], "markers": first["markers"], "sentence": texts.get(item, "")})
    table = pd.DataFrame(rows)
    return table.sort_values(["frame", "kind", "weight", "item"], ascending=[True, True, False, True], kind="stable").reset_index(drop=True) if rows else table


def score(key: pd.DataFrame, sheets: list[pd.DataFrame], frames: list[str], texts: pd.Series, current: pd.DataFrame | None = None,
          resamples: int = RESAMPLES) -> Scores:
    coded = joined_codes(key, sheets, current, frames)
    tone, confusion = tone_scores(coded)
    return Scores(frame_scores(coded, frames, resamples), agreement_table(coded, frames), tone, confusion,
                  disagreement_table(coded, frames, texts), coded)


# ── score: files in, files out ─────────────────────────────────────────────────────
SCORE_FILES = {"frames": "scores-frames.csv", "agreement": "scores-agreement.csv", "tone": "scores-tone.csv",
               "confusion": "scores-tone-confusion.csv", "disagreements": "scores-disagreements.csv"}
QUOTES_FILE = "scores-quotes.csv"
SHEET_PATTERN = "coder-*.csv"
FIGURE = "10-validation"


def key_frames(key: pd.DataFrame) -> list[str]:
    return [column.removeprefix("codebook_") for column in key.columns if column.startswith("codebook_")]


def sheets_in(folder: Path) -> list[Path]:
    sheets = sorted(folder.glob(SHEET_PATTERN))
    if not sheets:
        raise InputError(folder, f"holds no filled sheet ({SHEET_PATTERN}): copy {SHEET} to coder-A.csv, code it, and score again")
    return sheets


def quote_table(out: Path, gold_path: Path) -> pd.DataFrame:
    """The quotation finder against a gold file (``analysis/accuracy.py``): extraction and attribution."""
    from .accuracy import quote_scores, read_quote_gold

    if not gold_path.is_file():
        raise InputError(gold_path, "not found: a tab-separated gold file of quotations (see analysis/accuracy.py)")
    gold = read_quote_gold(gold_path)
    scores = quote_scores(read_run_table(out, "quotes").fillna(""), gold)
    return pd.DataFrame([{"gold": gold_path.name, "quotations": len(gold), **{name: round(value, 4) for name, value in scores.items()}}])


def sheet_scores(folder: str | Path, sentences: pd.DataFrame, hits: pd.DataFrame, sheets: list[str | Path] | None = None,
                 resamples: int = RESAMPLES) -> tuple[Scores, list[Path]]:
    """The scores of the filled sheets in ``folder`` (or ``sheets``) against its key, with the codebook's current
    codes from a run's ``sentences`` and ``frame_hits``; and the sheets read."""
    folder = Path(folder)
    key = read_key(folder / KEY)
    frames = key_frames(key)
    paths = [Path(sheet) for sheet in sheets] if sheets else sheets_in(folder)
    parsed = [read_sheet(path, frames, set(key["item"])) for path in paths]
    check_coders(paths, parsed)
    current = sentence_codes(sentences, hits, frames)
    texts = key.merge(current[["article_id", "sentence", "text"]], on=["article_id", "sentence"], how="left").set_index("item")["text"]
    return score(key, parsed, frames, texts, current, resamples), paths


def check_coders(paths: list[Path], sheets: list[pd.DataFrame]) -> None:
    """Each coder in one sheet only, and at least one row coded somewhere."""
    seen: dict[str, Path] = {}
    for path, sheet in zip(paths, sheets):
        for coder in sheet["coder"].unique():
            if coder in seen:
                raise InputError(path, f"coder '{coder}' also coded {seen[coder].name}: give each coder one sheet and their own coder id")
            seen[coder] = path
    if not seen:
        raise InputError(paths[0], "no row is coded yet: a row counts once its tone is filled")


def is_coded(folder: str | Path | None) -> bool:
    """Whether ``folder`` holds a sample's key and at least one filled sheet."""
    return folder is not None and (Path(folder) / KEY).is_file() and any(Path(folder).glob(SHEET_PATTERN))


def figure_source(paths: list[Path], folder: Path) -> str:
    return (f"Source: {', '.join(path.name for path in paths)}, coded blind from {SHEET}; codebook codes from {KEY} and the run's "
            f"frame_hits. Tables in {folder.name}/.")


def score_folder(out: str | Path, folder: str | Path, sheets: list[str | Path] | None = None, quotes_gold: str | Path | None = None,
                 resamples: int = RESAMPLES) -> list[Path]:
    """Score the filled sheets in ``folder`` (or ``sheets``) against the key there and the run in ``out``; write
    the score tables to ``folder`` and figure 10 to ``out``. Everything is computed before anything is written."""
    from .plots import save_figure, validation_chart

    out, folder = Path(out), Path(folder)
    scores, paths = sheet_scores(folder, read_run_table(out, "sentences"), read_run_table(out, "frame_hits"), sheets, resamples)
    tables = {SCORE_FILES[name]: getattr(scores, name) for name in SCORE_FILES}
    if quotes_gold:
        tables[QUOTES_FILE] = quote_table(out, Path(quotes_gold))
    codebook = read_run_table(out, "codebook")
    figure, data = validation_chart(scores.frames, scores.agreement, dict(zip(codebook["frame"], codebook["label"])), figure_source(paths, folder))
    written = []
    for name, table in tables.items():
        table.to_csv(folder / name, index=False, lineterminator="\n")
        written.append(folder / name)
    return written + save_figure(figure, data, out, FIGURE)


# ── for the notebook ──────────────────────────────────────────────────────────────
VALIDATION_FOLDER = "validation"


def folder_for(corpus_dir: str | Path | None, validation_dir: str | Path | None = None) -> Path | None:
    """Where a corpus's coding sheets are: ``validation_dir`` if given, else the corpus folder's ``validation/``
    (the study's own ``validation/`` for the seeds); None for a table corpus without one."""
    from .config import PROJECT_ROOT

    if validation_dir:
        return Path(validation_dir)
    if corpus_dir is None:
        return PROJECT_ROOT / VALIDATION_FOLDER
    return Path(corpus_dir) / VALIDATION_FOLDER if Path(corpus_dir).is_dir() else None


def coding_status(folder: Path | None) -> str:
    """One paragraph: which sheets are coded, or how to code them."""
    if not is_coded(folder):
        where = folder if folder is not None else "a folder of your choice"
        return (f"No coded sheet in {where}: the scores below are empty. Draw the sheet with `framing-analysis validate sample "
                f"--folder {where}`, have each coder fill a copy named `coder-X.csv`, and run this notebook again.")
    sheets = sheets_in(folder)
    key = read_key(folder / KEY)
    coded = {path.name: len(read_sheet(path, key_frames(key), set(key["item"]))) for path in sheets}
    listed = ", ".join(f"{name} ({count} of {len(key)} sentences coded)" for name, count in coded.items())
    return f"Coded sheets in `{folder.name}/`: {listed}."


def folder_scores(folder: str | Path, tables: dict[str, pd.DataFrame], resamples: int = RESAMPLES) -> Scores:
    return sheet_scores(folder, tables["sentences"], tables["frame_hits"], None, resamples)[0]


def pooled_scores(frame_scores: pd.DataFrame, latest: bool = False) -> pd.DataFrame:
    """The rows of ``frame_scores`` for all coders pooled; with ``latest``, of the last codebook version scored only
    (the current codebook where the run was given, else the sampled one)."""
    pooled = frame_scores[frame_scores["coder"] == POOLED]
    return pooled[pooled["codebook"] == pooled["codebook"].iloc[-1]] if latest and len(pooled) else pooled.copy()


def frame_summary(frame_scores: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Pooled precision, recall and F1 with intervals, one row per frame and codebook version, readable."""
    pooled = pooled_scores(frame_scores)
    for measure in ("precision", "recall", "f1"):
        pooled[measure] = [f"{value:.2f} [{low:.2f}, {high:.2f}]" if not math.isnan(value) else "undefined"
                           for value, low, high in zip(pooled[measure], pooled[f"{measure}_low"], pooled[f"{measure}_high"])]
    pooled["frame"] = [labels.get(frame, frame) for frame in pooled["frame"]]
    return pooled[["codebook", "frame", "both", "codebook_only", "coder_only", "precision", "recall", "f1"]].reset_index(drop=True)


def worst(disagreements: pd.DataFrame, per_kind: int = 8) -> pd.DataFrame:
    """The most weighted disagreements of each kind (false positives, misses), at most ``per_kind`` of each."""
    if disagreements.empty:
        return disagreements
    ranked = disagreements.sort_values(["kind", "weight", "frame", "item"], ascending=[True, False, True, True], kind="stable")
    return ranked.groupby("kind", sort=True).head(per_kind).reset_index(drop=True)
