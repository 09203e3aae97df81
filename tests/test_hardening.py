"""Hostile and careless input: one line and exit 2, nothing read from outside the corpus, outputs old or wholly new."""

import errno
import hashlib
import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from analysis import output
from analysis.cli import main
from analysis.config import PROJECT_ROOT, SEEDS_DIR
from conftest import write_corpus

TWO = {"a.txt": "The council voted on Monday. Critics objected to the fee.", "b.txt": "Officials said the fee was low."}


def snapshot(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def refused(capsys, args, where):
    """The run ends with one error line naming ``where`` and exit status 2 (a warning about the seed story's
    files, which these small corpora borrow, may come before it)."""
    capsys.readouterr()
    assert main([*args, "--quiet"]) == 2
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if not line.startswith("warning: ")]
    assert captured.out == "" and len(lines) == 1 and lines[0].startswith("error: ") and where in lines[0], captured.err
    return lines[0]


@pytest.fixture
def earlier(tmp_path):
    """An output folder holding an earlier run's result."""
    corpus = write_corpus(tmp_path / "earlier-corpus", {"z.txt": "An earlier article about something. It had words."})
    assert main(["run", "--corpus", str(corpus), "--out", str(tmp_path / "out"), "--quiet", "--tables-only"]) == 0
    return tmp_path / "out"


def test_a_link_to_a_file_outside_the_corpus_is_refused(tmp_path, capsys, earlier):
    secret = tmp_path / "secret.txt"
    secret.write_text("Private words that must never be read.")
    corpus = write_corpus(tmp_path / "c", {"a.txt": TWO["a.txt"]}, manifest="file,outlet\na.txt,A\nzz.txt,Z\n")
    (corpus / "zz.txt").symlink_to(secret)
    before = snapshot(earlier)
    line = refused(capsys, ["run", "--corpus", str(corpus), "--out", str(earlier)], "manifest.csv, line 3, field 'file'")
    assert "link to a file outside the corpus folder" in line
    assert snapshot(earlier) == before


def test_a_manifest_that_links_out_is_refused(tmp_path, capsys):
    outside = write_corpus(tmp_path / "elsewhere", TWO)
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name in TWO:
        (corpus / name).write_text(TWO[name])
    (corpus / "manifest.csv").symlink_to(outside / "manifest.csv")
    refused(capsys, ["run", "--corpus", str(corpus), "--out", str(tmp_path / "out")], "manifest.csv: is a link to a file outside")


@pytest.mark.parametrize(
    "articles, where",
    [
        ({"a.txt": "---\n...\n"}, "a.txt: no words left after cleaning"),
        ({"a.txt": "“” \"\" ‘’\n"}, "a.txt: no words left after cleaning"),
        ({"a.txt": "Text with a NUL\x00 inside."}, "a.txt, byte 15: contains a NUL character"),
    ],
)
def test_articles_that_are_not_text_are_one_line(tmp_path, capsys, articles, where):
    corpus = write_corpus(tmp_path / "c", {**articles, "b.txt": TWO["b.txt"]})
    refused(capsys, ["run", "--corpus", str(corpus), "--out", str(tmp_path / "out")], where)
    assert not (tmp_path / "out").exists()


def test_two_files_with_one_stem_are_refused(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "c", {"x.txt": TWO["a.txt"], "x.md": TWO["b.txt"]})
    refused(capsys, ["run", "--corpus", str(corpus), "--out", str(tmp_path / "out")], "x.md and x.txt would share the article id 'x'")


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "option, name, text, where",
    [
        ("--speakers", "s.yaml", "groups: [a, a]\nspeakers: {}\n", "'groups' lists a more than once"),
        ("--speakers", "s.yaml", "groups: [a]\nspeakers:\n  X: {group: a, person: true, aliases: [X]}\n  X: {group: a, person: true, aliases: [Y]}\n",
         "line 4: not valid YAML (key 'X' appears twice in one mapping)"),
        ("--quote-rules", "r.yaml", "label_max_words: true\nreporting_verbs: [said]\nnaming_verbs: [called]\ndeterminers: [the]\n"
         "phrase_links: [in]\npronouns: [he]\n", "'label_max_words' must be a positive whole number"),
    ],
)
def test_bad_data_files_are_one_line(tmp_path, capsys, option, name, text, where):
    corpus = write_corpus(tmp_path / "c", TWO)
    path = write(tmp_path, name, text)
    refused(capsys, ["run", "--corpus", str(corpus), option, str(path), "--out", str(tmp_path / "out")], where)


def test_a_pronoun_with_a_pattern_character_is_a_word_not_a_pattern(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "c", {"a.txt": "“We will pay,” (he said."})
    rules = (PROJECT_ROOT / "analysis" / "data" / "quote_rules.yaml").read_text(encoding="utf-8").replace("pronouns: [he, she]", 'pronouns: ["(he", she]')
    path = write(tmp_path, "rules.yaml", rules)
    assert main(["run", "--corpus", str(corpus), "--quote-rules", str(path), "--out", str(tmp_path / "out"), "--quiet", "--tables-only"]) == 0
    empty = write(tmp_path, "none.yaml", rules.replace('pronouns: ["(he", she]', "pronouns: []"))
    assert main(["run", "--corpus", str(corpus), "--quote-rules", str(empty), "--out", str(tmp_path / "out2"), "--quiet", "--tables-only"]) == 0
    quotes = (tmp_path / "out2" / "tables" / "quotes.csv").read_text().splitlines()
    assert quotes[1].endswith(",speech,unattributed,,,said")  # no pronoun at all: nothing matches empty text


@pytest.mark.parametrize("option", ["--codebook", "--speakers", "--stopwords", "--study", "--quote-rules"])
def test_a_folder_given_for_a_file_is_one_line(tmp_path, capsys, option):
    corpus = write_corpus(tmp_path / "c", TWO)
    refused(capsys, ["run", "--corpus", str(corpus), option, str(tmp_path), "--out", str(tmp_path / "out")], "is a folder")


def test_out_that_is_a_file_or_holds_other_files_or_sits_in_the_corpus(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "c", TWO)
    file = write(tmp_path, "results", "mine")
    refused(capsys, ["run", "--corpus", str(corpus), "--out", str(file)], "is a file: --out takes a folder")
    mine = tmp_path / "mine"
    mine.mkdir()
    write(mine, "thesis.docx", "years of work")
    refused(capsys, ["run", "--corpus", str(corpus), "--out", str(mine)], "holds files this tool does not write (thesis.docx)")
    assert (mine / "thesis.docx").read_text() == "years of work"
    refused(capsys, ["run", "--corpus", str(corpus), "--out", str(corpus / "out")], "is inside the corpus folder")
    refused(capsys, ["run", "--corpus", str(corpus), "--out", str(tmp_path)], "holds the corpus")
    assert sorted(p.name for p in corpus.iterdir()) == ["a.txt", "b.txt", "manifest.csv"]


@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC])
def test_a_read_only_or_full_disk_is_one_line_and_the_earlier_output_stays(tmp_path, capsys, earlier, monkeypatch, code):
    corpus = write_corpus(tmp_path / "c", TWO)
    before = snapshot(earlier)

    def failing(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(output, "write_csv", failing)
    line = refused(capsys, ["run", "--corpus", str(corpus), "--out", str(earlier), "--tables-only"], str(earlier))
    assert os.strerror(code) in line
    assert snapshot(earlier) == before
    assert not list(tmp_path.glob(".out.*"))


def test_a_failure_at_any_write_leaves_the_earlier_output_exactly(tmp_path, capsys, earlier, monkeypatch):
    """Every file of a run is a point where it can stop: stopping at each leaves OUT as it was."""
    corpus = write_corpus(tmp_path / "c", TWO)
    before = snapshot(earlier)
    real = output.write_csv
    for stop_at in range(21):  # 20 tables, then the swap itself
        calls = []

        def counting(table, path, stop_at=stop_at, calls=calls):
            calls.append(path)
            if len(calls) > stop_at:
                raise OSError(errno.EIO, "stopped here")
            real(table, path)

        monkeypatch.setattr(output, "write_csv", counting)
        if stop_at == 20:
            monkeypatch.setattr(output, "swap_in", lambda new, out: (_ for _ in ()).throw(OSError(errno.EIO, "stopped here")))
        assert main(["run", "--corpus", str(corpus), "--out", str(earlier), "--quiet", "--tables-only", "--no-cache"]) == 2
        capsys.readouterr()
        assert snapshot(earlier) == before, stop_at
    monkeypatch.undo()
    assert main(["run", "--corpus", str(corpus), "--out", str(earlier), "--quiet", "--tables-only"]) == 0
    after = snapshot(earlier)
    assert after != before and "tables/inputs.csv" in after and not list(tmp_path.glob(".out.*"))


def test_killed_at_any_moment_out_is_old_or_wholly_new(tmp_path):
    """SIGKILL at moments spread over a whole run: OUT always equals the earlier result or the new one."""
    old_corpus = write_corpus(tmp_path / "old", {"z.txt": "An earlier article about something. It had words."})
    new_corpus = write_corpus(tmp_path / "new", TWO)
    command = [sys.executable, "-m", "analysis", "run", "--quiet", "--out"]
    subprocess.run([*command, str(tmp_path / "reference"), "--corpus", str(new_corpus)], check=True, capture_output=True)
    new = snapshot(tmp_path / "reference")
    subprocess.run([*command, str(tmp_path / "out"), "--corpus", str(old_corpus)], check=True, capture_output=True)
    old = snapshot(tmp_path / "out")
    started = time.perf_counter()
    subprocess.run([*command, str(tmp_path / "timing"), "--corpus", str(new_corpus)], check=True, capture_output=True)
    duration = time.perf_counter() - started
    outcomes = set()
    # the last moment well after a whole run's time, so that one run is sure to finish on a busy machine
    for step, moment in enumerate([duration * step / 10 for step in range(12)] + [duration * 3]):
        process = subprocess.Popen([*command, str(tmp_path / "out"), "--corpus", str(new_corpus)], stderr=subprocess.DEVNULL)
        time.sleep(moment)
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = snapshot(tmp_path / "out")
        assert now in (old, new), step
        outcomes.add("new" if now == new else "old")
        if now == new:  # start the next kill from the old result again
            subprocess.run([*command, str(tmp_path / "out"), "--corpus", str(old_corpus)], check=True, capture_output=True)
    assert outcomes == {"old", "new"}
    subprocess.run([*command, str(tmp_path / "out"), "--corpus", str(new_corpus)], check=True, capture_output=True)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]  # leftovers of killed runs are gone


def test_outputs_a_new_run_no_longer_produces_are_removed(tmp_path):
    five = write_corpus(tmp_path / "five", {f"{i}.txt": f"Article {i} has a few words about the vote." for i in range(5)})
    two = write_corpus(tmp_path / "two", TWO)
    assert main(["run", "--corpus", str(five), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    assert main(["run", "--corpus", str(two), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    assert sorted(p.stem for p in (tmp_path / "out" / "articles").iterdir()) == ["a", "b"]


def test_the_seed_files_are_never_modified_by_a_run(tmp_path):
    digest = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in SEEDS_DIR.iterdir()}
    assert main(["run", "--corpus", str(SEEDS_DIR), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in SEEDS_DIR.iterdir()} == digest


def test_formula_cells_are_neutralised_in_csv(tmp_path):
    corpus = write_corpus(tmp_path / "c", TWO, manifest="file,outlet\na.txt,=cmd|' /C calc'!A0\nb.txt,@SUM(1)\n")
    assert main(["run", "--corpus", str(corpus), "--out", str(tmp_path / "out"), "--quiet", "--tables-only"]) == 0
    articles = (tmp_path / "out" / "tables" / "articles.csv").read_text()
    assert ",'=cmd|' /C calc'!A0," in articles and ",'@SUM(1)," in articles
    assert "\n=" not in articles and ",=" not in articles and ",@" not in articles
    sentiment = (tmp_path / "out" / "tables" / "sentiment_by_outlet.csv").read_text()
    assert ",-" in sentiment or ",0" in sentiment  # numbers, negative ones included, are written as numbers
    assert output.neutralise_formula(-0.5) == -0.5 and output.neutralise_formula("-x") == "'-x"
    terms = (tmp_path / "out" / "tables" / "terms_by_outlet.csv").read_text()  # outlets held as categories there
    assert "\n'=cmd|' /C calc'!A0," in terms and "\n'@SUM(1)," in terms and "\n=" not in terms and "\n@" not in terms


def test_categorical_columns_are_neutralised_through_their_categories(tmp_path):
    table = pd.DataFrame({"outlet": pd.Categorical(["=a", "b", "=a"]), "clash": pd.Categorical(["=x", "'=x", "y"]), "n": [1, 2, 3]})
    output.write_csv(table, tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_text() == "outlet,clash,n\n'=a,'=x,1\nb,'=x,2\n'=a,y,3\n"


def test_a_table_is_written_a_block_of_rows_at_a_time_with_the_bytes_of_one_write(tmp_path, monkeypatch):
    table = pd.DataFrame({"outlet": pd.Categorical(["=a", "b", "=a", "c", "b"]), "text": ["x", "@y", "z\rw", "-1", "ok"], "n": range(5)})
    output.write_csv(table, tmp_path / "whole.csv")
    monkeypatch.setattr(output, "CSV_ROWS_AT_ONCE", 2)
    output.write_csv(table, tmp_path / "blocks.csv")
    output.write_csv(table.iloc[:0], tmp_path / "empty.csv")
    assert (tmp_path / "blocks.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes()
    assert (tmp_path / "blocks.csv").read_text() == "outlet,text,n\n'=a,x,0\nb,'@y,1\n'=a,\"z\nw\",2\nc,'-1,3\nb,ok,4\n"
    assert (tmp_path / "empty.csv").read_text() == "outlet,text,n\n"


def test_a_parted_table_is_written_part_by_part_with_the_bytes_of_the_whole(tmp_path, monkeypatch):
    from analysis.parted import PartWriter

    table = pd.DataFrame({"outlet": pd.Categorical(["=a", "b", "=a", "c", "b"]), "text": ["x", "@y", "z", "-1", "ok"], "n": range(5)})
    writer = PartWriter(tmp_path / "parts", table)
    for rows in (slice(0, 2), slice(2, 3), slice(3, 5)):
        writer.add(table.iloc[rows])
    output.write_csv(table, tmp_path / "whole.csv")
    monkeypatch.setattr(output, "CSV_ROWS_AT_ONCE", 2)
    output.write_csv(writer.table(), tmp_path / "parts.csv")
    assert (tmp_path / "parts.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes()
    # blocks of two rows across parts of 2, 1 and 2 rows: the last block holds the rest
    assert [block["n"].tolist() for block in output.row_blocks(writer.table(), 2)] == [[0, 1], [2, 3], [4]]
    assert [block["n"].tolist() for block in output.row_blocks(writer.table(), 3)] == [[0, 1, 2], [3, 4]]
    empty = PartWriter(tmp_path / "none", table).table()
    assert [len(block) for block in output.row_blocks(empty, 2)] == [0]


def test_a_catastrophic_marker_ends_the_run_with_one_line(tmp_path, capsys, monkeypatch):
    from analysis import framing

    monkeypatch.setattr(framing, "PATTERN_SECONDS", 1.0)
    corpus = write_corpus(tmp_path / "c", {"a.txt": "a" * 60 + "b is here.", "b.txt": TWO["b.txt"]})
    codebook = write(tmp_path, "codebook.yaml",
                     "frames:\n  x:\n    label: X\n    description: x\n    dimension: Political\n    markers:\n"
                     "      - {marker: 're:(a|aa)+$', note: n}\n")
    started = time.perf_counter()
    line = refused(capsys, ["run", "--corpus", str(corpus), "--codebook", str(codebook), "--out", str(tmp_path / "out")],
                   "frame 'x', marker 're:(a|aa)+$': matching took over")
    assert str(codebook) in line and time.perf_counter() - started < 30
    nested = write(tmp_path, "nested.yaml", codebook.read_text().replace("(a|aa)+$", "(a+)+$"))
    assert main(["run", "--corpus", str(corpus), "--codebook", str(nested), "--out", str(tmp_path / "out"), "--quiet", "--tables-only"]) == 0


def test_an_outlet_name_of_100000_characters_is_refused(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "c", TWO, manifest=f"file,outlet\na.txt,{'x' * 100_000}\nb.txt,B\n")
    refused(capsys, ["run", "--corpus", str(corpus), "--out", str(tmp_path / "out")], "line 2, field 'outlet': outlet is 100,000 characters long")


def test_a_long_single_paragraph_article_ends_in_time(tmp_path):
    sentence = "The council voted to raise the toll again, and critics said it was unfair to commuters. "
    corpus = write_corpus(tmp_path / "c", {"a.txt": sentence * 12_000, "b.txt": TWO["b.txt"]})  # one 1 MB paragraph
    started = time.perf_counter()
    assert main(["run", "--corpus", str(corpus), "--out", str(tmp_path / "out"), "--quiet", "--tables-only"]) == 0
    assert time.perf_counter() - started < 60
    articles = (tmp_path / "out" / "tables" / "articles.csv").read_text().splitlines()
    assert articles[1].endswith(",")  # the whole-article contrast is blank over 20,000 characters


def test_excel_csv_with_a_bom_and_strict_dates(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "c", TWO, manifest="\ufefffile,outlet,published\na.txt,A,2025-02-04\nb.txt,B,\n")
    assert main(["run", "--corpus", str(corpus), "--out", str(tmp_path / "out"), "--quiet", "--tables-only"]) == 0
    for date in ("20250204", "2025-W06-2"):
        bad = write_corpus(tmp_path / date, TWO, manifest=f"file,outlet,published\na.txt,A,{date}\nb.txt,B,\n")
        refused(capsys, ["run", "--corpus", str(bad), "--out", str(tmp_path / "o")], f"cannot parse date '{date}'")


def test_a_second_headline_rule_is_named_as_such(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "c", {"a.txt": "Title one\nTitle two\nBody words here.", "b.txt": TWO["b.txt"]},
                          rules="file,action,text\na.txt,headline,Title one\na.txt,headline,Title two\n")
    refused(capsys, ["run", "--corpus", str(corpus), "--out", str(tmp_path / "out")],
            "cleaning.csv, line 3, field 'action': a second headline rule for a.txt (the first is on line 2)")


def test_the_study_can_name_its_corpus_so_the_folder_name_is_no_input(tmp_path):
    corpus = write_corpus(tmp_path / "some-folder", TWO)
    (corpus / "study.yaml").write_text("name: council-study\n")
    assert main(["run", "--corpus", str(corpus), "--out", str(tmp_path / "out"), "--quiet", "--tables-only"]) == 0
    assert "corpus,council-study," in (tmp_path / "out" / "tables" / "inputs.csv").read_text()
