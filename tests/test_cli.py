import subprocess
import sys

import pytest

from analysis.cli import main
from test_pipeline import FIGURES, TABLES
from conftest import write_corpus


def test_run_writes_the_tables_and_lists_them(tiny_corpus, tmp_path, capsys):
    assert main(["run", "--corpus", str(tiny_corpus), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    printed = set(capsys.readouterr().out.split())
    out = tmp_path / "out"
    expected = {str(out / "tables" / f"{name}.csv") for name in TABLES}
    expected |= {str(out / f"{name}.{ext}") for name in FIGURES for ext in ("png", "svg", "csv")}
    expected |= {str(out / "articles" / f"{article}.html") for article in ("a", "b")}
    expected |= {str(out / "index.html")}
    assert printed == expected


def test_tables_only(tiny_corpus, tmp_path, capsys):
    assert main(["run", "--corpus", str(tiny_corpus), "--out", str(tmp_path / "out"), "--tables-only", "--quiet"]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["tables"]


def test_progress_goes_to_stderr(tiny_corpus, tmp_path, capsys):
    main(["run", "--corpus", str(tiny_corpus), "--out", str(tmp_path / "out")])
    assert "loaded 2 articles" in capsys.readouterr().err


BAD_CORPORA = {
    "no manifest": ({"a.txt": "Text."}, False, "manifest.csv"),
    "listed file missing": ({"a.txt": "Text."}, "file,outlet\na.txt,A\nb.txt,B\n", "manifest.csv, line 3"),
    "unlisted file": ({"a.txt": "Text.", "x.txt": "X."}, "file,outlet\na.txt,A\n", "x.txt"),
    "listed twice": ({"a.txt": "Text."}, "file,outlet\na.txt,A\na.txt,A\n", "manifest.csv, line 3"),
    "empty article": ({"a.txt": ""}, None, "a.txt"),
    "blank article": ({"a.txt": "  \n"}, None, "a.txt"),
    "not utf-8": ({"a.txt": b"\xff\xfe text"}, None, "a.txt, byte 0"),
    "bad date": ({"a.txt": "Text."}, "file,outlet,published\na.txt,A,yesterday\n", "line 2, field 'published'"),
    "no file column": ({"a.txt": "Text."}, "name,outlet\na.txt,A\n", "missing required column 'file'"),
    "no outlet column": ({"a.txt": "Text."}, "file,source\na.txt,A\n", "missing required column 'outlet'"),
}


@pytest.mark.parametrize("case", BAD_CORPORA)
def test_bad_input_is_one_line_exit_2_and_nothing_written(tmp_path, capsys, case):
    articles, manifest, where = BAD_CORPORA[case]
    corpus = write_corpus(tmp_path / "corpus", articles, manifest=manifest)
    out = tmp_path / "out"
    (out / "tables").mkdir(parents=True)
    (out / "tables" / "articles.csv").write_text("earlier result\n")
    assert main(["run", "--corpus", str(corpus), "--out", str(out), "--quiet"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and where in lines[0]
    assert [p.name for p in (out / "tables").iterdir()] == ["articles.csv"]
    assert (out / "tables" / "articles.csv").read_text() == "earlier result\n"


def test_module_entry_point_exits_2_on_bad_input(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "run", "--corpus", str(tmp_path / "missing"), "--out", str(tmp_path / "out")],
        capture_output=True, text=True,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"error: {tmp_path / 'missing'}: corpus not found (a folder with manifest.csv, or a .csv, .jsonl or .parquet table)"
    )
    assert not (tmp_path / "out").exists()


def test_help_explains_each_option():
    result = subprocess.run([sys.executable, "-m", "analysis", "run", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for option in ["--corpus PATH", "--out DIR", "--codebook FILE", "--speakers FILE", "--study FILE", "--text-column NAME", "--quiet"]:
        assert option in result.stdout


def test_a_bad_codebook_is_refused_before_anything_is_written(tiny_corpus, tmp_path, capsys):
    codebook = tmp_path / "codebook.yaml"
    codebook.write_text("frames:\n  crime:\n    label: Crime\n    description: x\n    dimension: Crime and punishment\n    markers: []\n")
    out = tmp_path / "out"
    assert main(["run", "--corpus", str(tiny_corpus), "--codebook", str(codebook), "--out", str(out), "--quiet"]) == 2
    assert capsys.readouterr().err == f"error: {codebook}: frame 'crime': empty marker list\n"
    assert not out.exists()


def test_another_stopword_list_changes_the_terms(tiny_corpus, tmp_path):
    stopwords = tmp_path / "stop.txt"
    stopwords.write_text("fee\n")
    assert main(["run", "--corpus", str(tiny_corpus), "--stopwords", str(stopwords), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    terms = (tmp_path / "out" / "tables" / "terms_by_outlet.csv").read_text()
    assert ",the," in terms and ",fee," not in terms


def test_version_and_the_program_name_as_called(monkeypatch, capsys):
    import analysis

    monkeypatch.setattr(sys, "argv", ["framing-analysis", "--version"])
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == 0
    assert capsys.readouterr().out == f"framing-analysis {analysis.__version__}\n"
    result = subprocess.run([sys.executable, "-m", "analysis", "--help"], capture_output=True, text=True)
    assert result.stdout.startswith("usage: python -m analysis ")


def test_init_writes_a_starter_corpus_that_runs(tmp_path, capsys):
    starter = tmp_path / "starter"
    assert main(["init", str(starter)]) == 0
    assert sorted(p.name for p in starter.iterdir()) == [
        "README.md", "codebook.yaml", "example-article.txt", "manifest.csv", "speakers.yaml", "study.yaml",
    ]
    capsys.readouterr()
    assert main(["run", "--corpus", str(starter), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    assert capsys.readouterr().err == ""  # its own codebook and speakers: no seed-story warning
    quotes = (tmp_path / "out" / "tables" / "quotes.csv").read_text(encoding="utf-8")
    assert "Maria Duarte,unlisted,named" in quotes and "Ann Porter,council majority,named" in quotes


def test_init_refuses_a_folder_that_holds_files(tmp_path, capsys):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    assert main(["init", str(tmp_path / "taken")]) == 2
    assert capsys.readouterr().err == f"error: {tmp_path / 'taken'}: already exists and is not an empty folder: init writes a new corpus folder\n"


def test_the_seed_storys_files_on_another_corpus_give_one_warning_line(tiny_corpus, tmp_path, capsys):
    assert main(["run", "--corpus", str(tiny_corpus), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("warning: corpus 'corpus' uses the seed study's analysis/data/codebook.yaml")


def test_outside_the_repository_the_corpus_is_required_and_output_goes_to_the_current_folder(monkeypatch, tiny_corpus, tmp_path, capsys):
    from analysis import cli, config

    monkeypatch.setattr(config, "in_repository", lambda: False)
    with pytest.raises(SystemExit) as stopped:
        cli.build_parser().parse_args(["run"])
    assert stopped.value.code == 2 and "the following arguments are required: --corpus" in capsys.readouterr().err
    monkeypatch.chdir(tmp_path)
    assert cli.build_parser().parse_args(["run", "--corpus", str(tiny_corpus)]).out == "framing-analysis-output"
    assert main(["run", "--corpus", str(tiny_corpus), "--tables-only", "--quiet"]) == 0
    assert (tmp_path / "framing-analysis-output" / "tables" / "articles.csv").is_file()


def test_a_table_corpus_with_mapped_columns(tmp_path, capsys):
    table = tmp_path / "export.csv"
    table.write_text("stories_id,media_name,title,publish_date,text\n7,Alpha,T,2025-02-04 09:00:00,One. Two.\n8,Beta,,,Three.\n")
    args = ["run", "--corpus", str(table), "--outlet-column", "media_name", "--headline-column", "title",
            "--date-column", "publish_date", "--id-column", "stories_id", "--out", str(tmp_path / "out"), "--tables-only", "--quiet"]
    assert main(args) == 0
    articles = (tmp_path / "out" / "tables" / "articles.csv").read_text().splitlines()
    assert articles[1].startswith('7,"export.csv, line 2",Alpha,en,default,T,manifest,,2025-02-04,')  # "One. Two." is too short to identify


@pytest.mark.parametrize("option", [["--boilerplate-share", "0"], ["--boilerplate-share", "1.5"], ["--boilerplate-share", "half"],
                                    ["--boilerplate-articles", "0"], ["--neighbours", "-1"]])
def test_reuse_settings_out_of_range_are_refused_by_name(tiny_corpus, tmp_path, capsys, option):
    with pytest.raises(SystemExit) as exit:
        main(["run", "--corpus", str(tiny_corpus), "--out", str(tmp_path / "out"), *option])
    assert exit.value.code == 2 and option[0] in capsys.readouterr().err and not (tmp_path / "out").exists()


def test_the_boilerplate_share_reaches_text_reuse(tmp_path, capsys):
    # Four articles share one 8-word passage: more than half of them, so skipped unless the share allows all.
    same = "alpha bravo charlie delta echo foxtrot golf hotel"
    corpus = write_corpus(tmp_path / "corpus", {f"{n}.txt": f"{same} india{n}." for n in "abcd"})
    for share, passages in (("0.5", 0), ("1", 6)):
        out = tmp_path / f"out{share}"
        assert main(["run", "--corpus", str(corpus), "--out", str(out), "--tables-only", "--quiet", "--boilerplate-share", share]) == 0
        assert len((out / "tables" / "reuse_passages.csv").read_text().splitlines()) == 1 + passages
