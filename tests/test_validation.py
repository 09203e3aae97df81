"""Validation: every statistic on examples small enough to compute by hand, and the two commands end to end."""

import csv
import math

import numpy as np
import pandas as pd
import pytest

from analysis.cli import main
from analysis.config import SEEDS_DIR
from analysis.errors import InputError
from analysis.validation import (
    KEY,
    SCORE_FILES,
    SHEET,
    allocation,
    krippendorff_alpha,
    precision_recall_f1,
    read_sheet,
    stratified_resamples,
    stratified_sample,
    tone_scores,
    vader_tone,
)


def test_precision_recall_and_f1_of_a_two_by_two_table():
    codebook, coder = np.array([1, 1, 0, 0]), np.array([1, 0, 1, 0])
    # one sentence both mark, one only the codebook, one only the coder: 1/2, 1/2, 1/2
    assert precision_recall_f1(codebook, coder, np.ones(4)) == (0.5, 0.5, 0.5)
    # the codebook-only sentence stands for three (weight 3): precision 1/(1+3), recall 1/(1+1), F1 2·¼·½/(¾) = ⅓
    precision, recall, f1 = precision_recall_f1(codebook, coder, np.array([1.0, 3.0, 1.0, 1.0]))
    assert (precision, recall) == (0.25, 0.5)
    assert f1 == pytest.approx(1 / 3)


def test_precision_is_undefined_without_a_codebook_hit_and_recall_without_a_coder_mark():
    precision, recall, f1 = precision_recall_f1(np.zeros(3, int), np.array([1, 0, 0]), np.ones(3))
    assert math.isnan(precision) and recall == 0.0 and math.isnan(f1)


def test_krippendorff_alpha_by_hand():
    # Coincidences: o00 = o11 = o01 = o10 = 2, n = 8; D_o = 4/8, D_e = 2·4·4/(8·7) = 4/7; alpha = 1 − (1/2)/(4/7) = 1/8
    two_coders = np.array([[1, 1, 0, 0], [1, 0, 1, 0]], dtype=float)
    assert krippendorff_alpha(two_coders) == pytest.approx(0.125)
    assert krippendorff_alpha(np.array([[1, 0, 1, 0], [1, 0, 1, 0]], dtype=float)) == pytest.approx(1.0)
    # an item only one coder coded adds nothing; every value the same: alpha is undefined, not perfect
    assert krippendorff_alpha(np.array([[1, 1, 0, 0, 1], [1, 0, 1, 0, np.nan]])) == pytest.approx(0.125)
    assert math.isnan(krippendorff_alpha(np.array([[0, 0, 0], [0, 0, 0]], dtype=float)))


def test_vader_classes_use_vaders_documented_thresholds():
    assert vader_tone(pd.Series([0.05, 0.0499, -0.0499, -0.05])).tolist() == ["positive", "neutral", "neutral", "negative"]


def test_tone_accuracy_and_linearly_weighted_kappa_by_hand():
    coded = pd.DataFrame({
        "coder": "A", "outlet": "X", "weight": 1.0,
        "tone": ["negative", "neutral", "positive", "positive"],
        "compound": [-0.6, 0.0, 0.0, 0.7],  # VADER: negative, neutral, neutral, positive
    })
    scores, confusion = tone_scores(coded)
    overall = scores[scores["outlet"] == "all outlets"].iloc[0]
    assert overall["accuracy"] == 0.75
    # Observed weighted disagreement 1/4; expected Σ|i−j|·r_i·c_j with r = (¼,¼,½), c = (¼,½,¼) = 7/8: kappa = 1 − (1/4)/(7/8) = 5/7
    assert overall["weighted_kappa"] == pytest.approx(5 / 7, abs=1e-4)
    positive = confusion[confusion["coder_tone"] == "positive"].iloc[0]
    assert (positive["vader_neutral"], positive["vader_positive"]) == (1.0, 1.0)


def test_the_bootstrap_draws_sentences_within_strata_with_every_coders_rows():
    # rows: sentence a by coders A and B, sentence b by A and B (stratum s); sentence c by A alone (stratum t)
    strata, items = np.array(["s", "s", "s", "s", "t"]), np.array(["a", "a", "b", "b", "c"])
    for rows in stratified_resamples(strata, items, resamples=50, seed=1):
        drawn = list(items[rows])
        assert len(rows) == 5 and drawn.count("c") == 1  # two sentences from s, one from t
        assert drawn.count("a") in (0, 2, 4) and drawn.count("b") in (0, 2, 4)  # both coders' rows of a sentence, or neither


def test_allocation_takes_small_strata_whole_and_shares_the_rest():
    sizes = pd.Series({"a": 2, "b": 10, "c": 10})
    assert allocation(sizes, 12).to_dict() == {"a": 2, "b": 5, "c": 5}
    assert allocation(sizes, 100).to_dict() == {"a": 2, "b": 10, "c": 10}  # fewer sentences than asked: all of them


def test_the_sample_is_stratified_weighted_seeded_and_shuffled():
    codes = pd.DataFrame({
        "article_id": ["a"] * 6 + ["b"] * 4, "sentence": list(range(6)) + list(range(4)),
        "outlet": ["X"] * 6 + ["Y"] * 4, "codebook_crime": [1, 1, 1, 0, 0, 0, 1, 0, 0, 0],
    })
    sample = stratified_sample(codes, ["crime"], size=6, seed=1)
    assert sorted(sample["stratum"].unique()) == ["X | codebook hit", "X | no hit", "Y | codebook hit", "Y | no hit"]
    weights = sample.groupby("stratum")["weight"].first().to_dict()
    # 6 over four strata of 3, 3, 1 and 3: one from each, then the two left to the open strata in their order
    assert weights == {"X | codebook hit": 3 / 2, "X | no hit": 3 / 2, "Y | codebook hit": 1.0, "Y | no hit": 3.0}
    assert sample["item"].tolist() == [f"S{n:04d}" for n in range(1, 7)]
    assert sample.equals(stratified_sample(codes, ["crime"], size=6, seed=1))
    assert (sample.groupby("stratum")["weight"].sum() == sample.groupby("stratum")["stratum_size"].first()).all()


def write_sheet(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["item", "sentence", "crime", "tone", "coder"])
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_a_sheet_skips_uncoded_rows_and_names_the_place_of_a_bad_value(tmp_path):
    rows = [{"item": "S0001", "sentence": "s", "crime": "1", "tone": "Negative", "coder": ""},
            {"item": "S0002", "sentence": "s", "crime": "", "tone": "", "coder": ""}]
    sheet = read_sheet(write_sheet(tmp_path / "coder-A.csv", rows), ["crime"], {"S0001", "S0002"})
    assert sheet.to_dict("records") == [{"item": "S0001", "coder": "coder-A", "crime": 1, "tone": "negative"}]
    rows[1].update(crime="yes", tone="neutral")
    with pytest.raises(InputError, match=r"coder-A.csv, line 3, field 'crime': 'yes' is not 1, 0 or blank"):
        read_sheet(write_sheet(tmp_path / "coder-A.csv", rows), ["crime"], {"S0001", "S0002"})
    rows[1].update(crime="0", tone="angry")
    with pytest.raises(InputError, match="line 3, field 'tone'"):
        read_sheet(write_sheet(tmp_path / "coder-A.csv", rows), ["crime"], {"S0001", "S0002"})
    rows[1].update(item="S0001", tone="neutral")
    with pytest.raises(InputError, match="line 3, field 'item': item 'S0001' is coded twice"):
        read_sheet(write_sheet(tmp_path / "coder-A.csv", rows), ["crime"], {"S0001", "S0002"})


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("validate") / "out"
    assert main(["run", "--corpus", str(SEEDS_DIR), "--out", str(out), "--tables-only", "--quiet"]) == 0
    return out


def fill(sheet_path, key_path, target, coder, flip=()):
    """A coder who agrees with the codebook except on the items in ``flip`` (crime_security reversed there)."""
    key = pd.read_csv(key_path, dtype=str).set_index("item")
    sheet = pd.read_csv(sheet_path, dtype=str, keep_default_na=False)
    frames = [c.removeprefix("codebook_") for c in key.columns if c.startswith("codebook_")]
    for frame in frames:
        sheet[frame] = sheet["item"].map(key[f"codebook_{frame}"])
    sheet.loc[sheet["item"].isin(flip), "crime_security"] = sheet.loc[sheet["item"].isin(flip), "crime_security"].map({"0": "1", "1": "0"})
    sheet["tone"], sheet["coder"] = "neutral", coder
    sheet.to_csv(target, index=False)


def test_sample_then_score_end_to_end(seed_run, tmp_path, capsys):
    folder = tmp_path / "validation"
    assert main(["validate", "sample", "--out", str(seed_run), "--folder", str(folder), "--size", "40"]) == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted([SHEET, KEY, "instructions.md"])
    sheet = pd.read_csv(folder / SHEET, dtype=str, keep_default_na=False)
    assert len(sheet) == 40 and not any(c.startswith("codebook") or c == "outlet" for c in sheet.columns)  # blind
    assert "Crime and security" in (folder / "instructions.md").read_text(encoding="utf-8")
    key = pd.read_csv(folder / KEY, dtype=str)
    hits = key[key["codebook_crime_security"] == "1"]["item"].tolist()
    fill(folder / SHEET, folder / KEY, folder / "coder-A.csv", "A")
    fill(folder / SHEET, folder / KEY, folder / "coder-B.csv", "B", flip=hits[:2])
    assert main(["validate", "score", "--out", str(seed_run), "--folder", str(folder), "--resamples", "200"]) == 0
    frames = pd.read_csv(folder / SCORE_FILES["frames"])
    crime = frames[(frames["frame"] == "crime_security") & (frames["codebook"] == "sampled")].set_index("coder")
    assert crime.loc["A", "precision"] == 1.0 and crime.loc["A", "recall"] == 1.0
    assert crime.loc["B", "codebook_only"] == 2 and crime.loc["B", "coder_only"] == 0
    agreement = pd.read_csv(folder / SCORE_FILES["agreement"]).set_index("variable")
    assert agreement.loc["crime_security", "alpha_codebook_A"] == 1.0
    assert agreement.loc["crime_security", "alpha_between_coders"] < 1.0
    disagreements = pd.read_csv(folder / SCORE_FILES["disagreements"])
    assert sorted(disagreements["item"]) == sorted(hits[:2])
    assert set(disagreements["kind"]) == {"codebook hit, coder(s) did not"}
    assert (seed_run / "10-validation.png").is_file() and (seed_run / "10-validation.csv").is_file()
    # two sheets with the same coder id are one coder counted twice: refused, naming the sheet
    fill(folder / SHEET, folder / KEY, folder / "coder-C.csv", "A")
    assert main(["validate", "score", "--out", str(seed_run), "--folder", str(folder)]) == 2
    assert "coder-C.csv: coder 'A' also coded coder-A.csv" in capsys.readouterr().err
    # sampling again into the same folder would overwrite coded work: refused
    assert main(["validate", "sample", "--out", str(seed_run), "--folder", str(folder)]) == 2
    assert "coded work is never overwritten" in capsys.readouterr().err


def test_a_sheet_folder_inside_the_runs_folder_is_refused(seed_run, capsys):
    assert main(["validate", "sample", "--out", str(seed_run), "--folder", str(seed_run / "validation")]) == 2
    assert "which a run replaces whole" in capsys.readouterr().err
    assert not (seed_run / "validation").exists()


HELDOUT = SEEDS_DIR.parent / "tests" / "fixtures" / "salvador_heldout"


def test_the_held_out_articles_give_the_readmes_numbers(tmp_path):
    """Unseen text: the codebook's legality precision before and after its revision, and quotation attribution."""
    import shutil

    out, folder = tmp_path / "out", tmp_path / "validation"
    shutil.copytree(HELDOUT / "validation", folder)
    assert main(["run", "--corpus", str(HELDOUT), "--out", str(out), "--tables-only", "--quiet"]) == 0
    assert main(["validate", "score", "--out", str(out), "--folder", str(folder), "--resamples", "50",
                 "--quotes-gold", str(HELDOUT / "quotes_gold.tsv")]) == 0
    frames = pd.read_csv(folder / SCORE_FILES["frames"]).set_index(["codebook", "frame", "coder"])
    assert frames.loc[("sampled", "legality", "all coders"), "precision"] == 0.5714
    assert frames.loc[("current", "legality", "all coders"), "precision"] == 0.8125
    assert frames.loc[("current", "human_rights", "all coders"), "recall"] == 0.2708
    quotes = pd.read_csv(folder / "scores-quotes.csv").iloc[0]
    assert (quotes["extraction_recall"], quotes["attribution_precision"], quotes["attribution_recall"]) == (1.0, 0.8077, 0.7778)
