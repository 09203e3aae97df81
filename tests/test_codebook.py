import re

import pytest

from analysis.codebook import DIMENSIONS, load_codebook, marker_pattern
from analysis.errors import InputError

STORY_FRAMES = {
    "transaction", "crime_security", "human_rights", "diplomatic_triumph", "dumping_ground",
    "legality", "migration_crisis", "china_geopolitics", "nuclear",
}


def matches(marker, text):
    return [m.group() for m in re.finditer(marker_pattern(marker), text, re.IGNORECASE)]


def test_packaged_codebook_covers_the_story():
    codebook = load_codebook()
    assert set(codebook.frames["frame"]) == STORY_FRAMES
    assert set(codebook.frames["dimension"]) <= set(DIMENSIONS)
    assert codebook.markers.groupby("frame").size().min() >= 3
    assert (codebook.markers["note"] != "").all()


def test_wildcard_finds_inflections():
    assert matches("outsourc*", "outsource, outsourced, Outsourcing; resource") == ["outsource", "outsourced", "Outsourcing"]


def test_hyphen_matches_hyphen_space_or_nothing():
    assert matches("mega-prison*", "mega-prison, mega prisons, megaprison, Mega-Prisons") == [
        "mega-prison", "mega prisons", "megaprison", "Mega-Prisons",
    ]


def test_space_matches_spaces_and_hyphens_and_words_are_whole():
    assert matches("dumping ground", "a dumping ground, a dumping-ground, a dumping  ground, dumping grounds") == [
        "dumping ground", "dumping-ground", "dumping  ground",
    ]


def test_apostrophes_and_dots_are_literal_but_curly_quotes_count():
    assert matches("u.s. citizen*", "U.S. citizens and US citizens") == ["U.S. citizens"]
    assert matches("bukele's", "Bukele’s and Bukele's") == ["Bukele’s", "Bukele's"]


def test_regular_expression_markers():
    assert matches("re:fees?\\b", "fee, fees, feed, feel") == ["fee", "fees"]


def write(tmp_path, text):
    path = tmp_path / "codebook.yaml"
    path.write_text(text, encoding="utf-8")
    return path


FRAME = """frames:
  crime:
    label: Crime
    description: Crime.
    dimension: Crime and punishment
    markers:
{markers}
"""


def error_of(path):
    with pytest.raises(InputError) as caught:
        load_codebook(path)
    return str(caught.value)


def test_unknown_key_names_the_frame(tmp_path):
    path = write(tmp_path, FRAME.format(markers="      - marker: gang*").replace("label:", "lable:"))
    assert error_of(path) == f"{path}: frame 'crime': unknown key 'lable' (expected label, description, dimension, markers)"


def test_unknown_marker_key_names_frame_and_marker(tmp_path):
    path = write(tmp_path, FRAME.format(markers="      - marker: gang*\n        why: gangs"))
    assert error_of(path) == f"{path}: frame 'crime', marker 'gang*': unknown key 'why' (expected marker, note, lang)"


def test_empty_marker_list(tmp_path):
    path = write(tmp_path, FRAME.format(markers="").replace("markers:\n", "markers: []\n"))
    assert error_of(path) == f"{path}: frame 'crime': empty marker list"


def test_marker_under_two_frames(tmp_path):
    text = FRAME.format(markers="      - marker: violent") + """  security:
    label: Security
    description: Security.
    dimension: Security and defense
    markers:
      - marker: Violent
"""
    assert error_of(write(tmp_path, text)).endswith("frame 'security', marker 'Violent': listed under frames 'crime' and 'security'")


def test_invalid_pattern(tmp_path):
    path = write(tmp_path, FRAME.format(markers="      - marker: 're:gang(s'"))
    assert error_of(path).startswith(f"{path}: frame 'crime', marker 're:gang(s': invalid pattern (missing )")


def test_unknown_dimension(tmp_path):
    path = write(tmp_path, FRAME.format(markers="      - marker: gang*").replace("Crime and punishment", "Crime"))
    assert "frame 'crime': unknown dimension 'Crime'" in error_of(path)


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = write(tmp_path, "frames:\n  crime: [unclosed\n")
    assert error_of(path).startswith(f"{path}, line 3: not valid YAML")


def test_missing_codebook(tmp_path):
    assert error_of(tmp_path / "none.yaml") == f"{tmp_path / 'none.yaml'}: codebook not found"


def test_markers_carry_a_language_the_codebooks_unless_they_name_one(tmp_path):
    markers = "      - marker: gang*\n        note: Gangs.\n      - marker: pandill*\n        lang: es\n        note: Gangs.\n      - marker: ms-13\n      - marker: ms-13\n        lang: es"
    codebook = load_codebook(write(tmp_path, FRAME.format(markers=markers)))
    assert codebook.markers[["marker", "lang"]].values.tolist() == [["gang*", "en"], ["pandill*", "es"], ["ms-13", "en"], ["ms-13", "es"]]
    german = load_codebook(write(tmp_path, "language: de\n" + FRAME.format(markers="      - marker: bande*")))
    assert german.markers["lang"].tolist() == ["de"]


def test_a_language_that_is_not_a_code_is_refused(tmp_path):
    path = write(tmp_path, FRAME.format(markers="      - marker: pandill*\n        lang: Spanish"))
    assert error_of(path) == f"{path}: frame 'crime', marker 'pandill*': language 'Spanish' is not an ISO 639 code such as en or es"


def test_the_packaged_codebook_has_spanish_markers_for_every_frame_each_with_its_note():
    markers = load_codebook().markers
    spanish = markers[markers["lang"] == "es"]
    assert set(spanish["frame"]) == STORY_FRAMES and (spanish["note"] != "").all()
    assert matches("re:\\bmega[- ]?c[aá]rcel(?:es)?\\b", "la megacárcel, las megacarceles y la mega-cárcel") == ["megacárcel", "megacarceles", "mega-cárcel"]
