"""Every numbered notebook runs top to bottom, starts with a parameters cell, and is committed clean."""

import json

import papermill
import pytest

from analysis.config import PROJECT_ROOT

NOTEBOOK_DIR = PROJECT_ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]-*.ipynb"))
SECOND_CORPUS = PROJECT_ROOT / "tests" / "fixtures" / "bridge_toll"
# The seed study (default parameters) and a second story, whose codebook, speakers and study description
# come from its own folder: nothing of the seed story may be needed to run a notebook.
CORPORA = {"seeds": {}, "bridge_toll": {"corpus_dir": str(SECOND_CORPUS)}}


def test_there_are_notebooks():
    assert [nb.name for nb in NOTEBOOKS] == [
        "00-findings.ipynb", "01-corpus.ipynb", "02-terms.ipynb", "03-sentiment.ipynb", "04-framing.ipynb", "05-voices-and-reuse.ipynb",
        "06-validation.ipynb",
    ]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs_and_opens_with_parameters(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    assert "parameters" in cells[0]["metadata"].get("tags", [])
    for cell in cells:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


FIGURES_SHOWN = {
    "00-findings.ipynb": 10, "01-corpus.ipynb": 1, "02-terms.ipynb": 1, "03-sentiment.ipynb": 2,
    "04-framing.ipynb": 2, "05-voices-and-reuse.ipynb": 4,
    "06-validation.ipynb": 1,  # both corpora have coded sheets (validation/, tests/fixtures/bridge_toll/validation/)
}


def outputs_of(executed) -> list[dict]:
    return [output for cell in executed["cells"] for output in cell.get("outputs", [])]


def text_of(executed) -> str:
    """Everything the notebook printed or rendered as text or Markdown."""
    pieces = []
    for output in outputs_of(executed):
        pieces.append(output.get("text", ""))
        data = output.get("data", {})
        pieces += [data.get("text/markdown", ""), data.get("text/plain", "")]
    return "\n".join(p if isinstance(p, str) else "".join(p) for p in pieces)


@pytest.mark.parametrize("corpus", CORPORA)
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom_and_shows_its_figures(notebook, corpus, tmp_path):
    executed = papermill.execute_notebook(
        str(notebook), str(tmp_path / notebook.name), cwd=str(NOTEBOOK_DIR), progress_bar=False, kernel_name="python3",
        parameters=CORPORA[corpus],
    )
    images = sum("image/png" in output.get("data", {}) for output in outputs_of(executed))
    assert images == FIGURES_SHOWN[notebook.name]
    printed = text_of(executed)
    assert "warning:" not in printed  # each corpus brings its own codebook and speakers
    if corpus == "bridge_toll":
        assert "El Salvador" not in printed and "Rubio" not in printed


MIXED_LANGUAGES = PROJECT_ROOT / "tests" / "fixtures" / "salvador_es"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_on_a_corpus_of_two_languages(notebook, tmp_path):
    """Spanish and English articles: every notebook runs, and the findings compare the languages."""
    executed = papermill.execute_notebook(
        str(notebook), str(tmp_path / notebook.name), cwd=str(NOTEBOOK_DIR), progress_bar=False, kernel_name="python3",
        parameters={"corpus_dir": str(MIXED_LANGUAGES)},
    )
    printed = text_of(executed)
    if notebook.name == "00-findings.ipynb":
        assert "share of quotations: Salvadoran government" in printed and "not scored" in printed
        assert "sentence sentiment is left blank for 4 article(s)" in printed  # the warning, once
