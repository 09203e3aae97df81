import pytest

from analysis.errors import InputError
from analysis.speakers import load_quote_rules, load_speakers


def test_packaged_speakers_map_names_titles_and_roles():
    speakers = load_speakers()
    for mention, speaker in [
        ("Rubio", "Marco Rubio"), ("the state secretary", "Marco Rubio"), ("The  Salvadoran president", "Nayib Bukele"),
        ("spokesperson Bruce", "Tammy Bruce"), ("information webpage", "U.S. State Department"),
    ]:
        assert speakers.speaker_of(mention) == speaker
    assert speakers.group["Manuel Flores"] == "critics and rights groups"
    assert speakers.is_person["Marco Rubio"] and not speakers.is_person["U.S. State Department"]


def test_longest_alias_wins():
    speakers = load_speakers()
    found = [m.group() for m in speakers.pattern.finditer("State Department spokesperson Tammy Bruce and the State Department")]
    assert found == ["State Department spokesperson", "Tammy Bruce", "State Department"]


def write(tmp_path, text):
    path = tmp_path / "speakers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def error_of(loader, path):
    with pytest.raises(InputError) as caught:
        loader(path)
    return str(caught.value)


def test_alias_of_two_speakers_is_refused(tmp_path):
    path = write(tmp_path, "groups: [a]\nspeakers:\n  X:\n    group: a\n    person: true\n    aliases: [Boss]\n  Y:\n    group: a\n    person: true\n    aliases: [boss]\n")
    assert error_of(load_speakers, path) == f"{path}: speaker 'Y': alias 'boss' also belongs to 'X'"


def test_unknown_group_is_refused(tmp_path):
    path = write(tmp_path, "groups: [a]\nspeakers:\n  X:\n    group: b\n    person: true\n    aliases: [X]\n")
    assert error_of(load_speakers, path) == f"{path}: speaker 'X': group 'b' is not one of the groups (a)"


def test_quote_rules_refuse_yaml_booleans(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(
        "label_max_words: 4\nreporting_verbs: [said]\nnaming_verbs: [called]\ndeterminers: [the]\nphrase_links: [in, on]\npronouns: [he]\n"
    )
    assert error_of(load_quote_rules, path) == f"{path}: 'phrase_links', item 2: True is not a word (quote words such as \"on\" or \"no\")"
