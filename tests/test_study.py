"""Which data files a run uses, the seed-story warning, and the study description."""

import pytest

import analysis
from analysis.config import DATA_DIR, SEEDS_DIR
from analysis.errors import InputError
from analysis.study import StudyDescription, load_description, resolve_file, resolve_files, seed_files_warning
from conftest import write_corpus

FRAMES = ["cost", "access"]


def test_an_explicit_file_wins_then_the_corpus_folders_then_the_packaged_one(tmp_path):
    (tmp_path / "codebook.yaml").write_text("frames: {}\n")
    own = tmp_path / "mine.yaml"
    own.write_text("frames: {}\n")
    assert resolve_file("codebook", own, tmp_path, "c").origin == "option"
    found = resolve_file("codebook", None, tmp_path, "c")
    assert (found.path, found.origin, found.shown) == (tmp_path / "codebook.yaml", "corpus folder", "c/codebook.yaml")
    packaged = resolve_file("speakers", None, tmp_path, "c")
    assert (packaged.path, packaged.shown) == (DATA_DIR / "speakers.yaml", "analysis/data/speakers.yaml")
    assert resolve_file("study", None, tmp_path, "c").path is None  # no packaged study description


def test_a_folder_given_as_a_data_file_is_one_error(tmp_path):
    with pytest.raises(InputError, match="is a folder: --codebook takes a file"):
        resolve_file("codebook", tmp_path, None, "c")


def test_the_seed_story_files_on_another_corpus_give_one_warning(tmp_path):
    files = resolve_files({}, tmp_path, "mine")
    message = seed_files_warning(files, tmp_path, "mine")
    assert message.startswith("corpus 'mine' uses the seed study's analysis/data/codebook.yaml and analysis/data/speakers.yaml")
    assert "\n" not in message
    assert seed_files_warning(resolve_files({}, SEEDS_DIR, "seeds"), SEEDS_DIR, "seeds") is None


def test_analyse_passes_the_warning_on_once(tmp_path):
    corpus = write_corpus(tmp_path / "c", {"a.txt": "One sentence here. Another one there."})
    said = []
    study = analysis.analyse(corpus, warn=said.append, whole_article_contrast=False)
    assert len(said) == 1 and study.warnings == tuple(said)
    assert study.tables["inputs"]["origin"].tolist() == ["1 article", "packaged", "packaged", "packaged", "packaged", "none"]


def write_study(tmp_path, text):
    path = tmp_path / "study.yaml"
    path.write_text(text, encoding="utf-8")
    return resolve_file("study", path, None, "c")


def test_a_study_description_is_read_and_checked(tmp_path):
    found = load_description(write_study(tmp_path, "title: T\nfocus_frame: cost\nphrases: [a b]\nlimitations: [one]\n"), FRAMES)
    assert found == StudyDescription(title="T", focus_frame="cost", phrases=("a b",), limitations=("one",))
    with pytest.raises(InputError, match="frame 'crime' is not in the codebook"):
        load_description(write_study(tmp_path, "evidence_frames: [crime]\n"), FRAMES)
    with pytest.raises(InputError, match="unknown key 'titel'"):
        load_description(write_study(tmp_path, "titel: T\n"), FRAMES)
    with pytest.raises(InputError, match="'phrases' must be a list of texts"):
        load_description(write_study(tmp_path, "phrases: fee\n"), FRAMES)
