"""Speakers found in the text: each case is one sentence or two, checked by reading it."""

import pandas as pd
import pytest

from analysis.attribution import canonical_surnames
from analysis.quotes import UNATTRIBUTED, quotations
from analysis.sentences import sentence_table
from analysis.speakers import UNLISTED, load_quote_rules, load_speakers

RULES = load_quote_rules()


@pytest.fixture(scope="module")
def speakers(tmp_path_factory):
    """A speakers file of another story that lists one person only."""
    path = tmp_path_factory.mktemp("speakers") / "speakers.yaml"
    path.write_text(
        "groups: [city, residents]\n"
        "speakers:\n"
        "  Helen Ortiz:\n    group: city\n    person: true\n    aliases: [Helen Ortiz, Ortiz, the mayor]\n"
        "  Harbour Board:\n    group: city\n    person: false\n    aliases: [Harbour Board, the board]\n",
        encoding="utf-8",
    )
    return load_speakers(path)


def quotes_of(body, speakers, headline="", article_id="a"):
    articles = pd.DataFrame({"article_id": [article_id], "outlet": ["X"], "headline": [headline], "subtitle": [""], "body": [body]})
    return quotations(articles, sentence_table(articles), speakers, RULES)


def found(body, speakers, **options):
    return quotes_of(body, speakers, **options)[["speaker", "group", "how"]].values.tolist()


def test_an_unlisted_name_after_the_verb_with_its_role_in_apposition(speakers):
    body = "“There is no safe way across at night,” said Dana Whitfield, director of the Riverton Cyclists’ Union."
    assert found(body, speakers) == [["Dana Whitfield", UNLISTED, "named"]]


def test_a_surname_later_is_the_full_name_given_earlier(speakers):
    body = "“We object,” said Dana Whitfield, a cyclist.\n\nWhitfield added that “nothing has changed at all.”"
    assert [row[0] for row in found(body, speakers)] == ["Dana Whitfield", "Dana Whitfield"]


def test_role_phrases_without_a_name_are_speakers(speakers):
    body = (
        "“Every dollar comes from the toll,” a city spokesperson said. "
        "A bridge engineer who asked not to be named said “it will not last another decade.”"
    )
    assert found(body, speakers) == [["city spokesperson", UNLISTED, "role"], ["bridge engineer", UNLISTED, "role"]]


def test_the_same_role_again_is_the_same_speaker(speakers):
    body = "“It is fair,” one commuter said.\n\n“I will pay it,” the commuter added, “but not gladly.”"
    assert [row[0] for row in found(body, speakers)] == ["commuter", "commuter", "commuter"]


def test_a_listed_role_alias_is_listed_and_a_listed_name_is_named(speakers):
    body = "“We cannot wait,” the mayor said. “Not another winter,” Ortiz said."
    assert found(body, speakers) == [["Helen Ortiz", "city", "listed"], ["Helen Ortiz", "city", "named"]]


def test_the_subject_is_not_taken_from_a_relative_clause(speakers):
    body = "Ortiz, who met with Marcus Bell on Tuesday, called the vote “the least bad of a set of bad choices.”"
    assert found(body, speakers) == [["Helen Ortiz", "city", "named"]]


def test_a_verb_inside_a_relative_clause_has_its_own_subject(speakers):
    body = "The talks, which the Harbour Board described as “tremendously useful”, ended late."
    assert found(body, speakers) == [["Harbour Board", "city", "named"]]


def test_according_to(speakers):
    body = "The repair will push “the whole timetable into 2027,” according to Samuel Okafor, the transport director."
    assert found(body, speakers) == [["Samuel Okafor", UNLISTED, "named"]]


def test_an_institution_speaks_and_is_never_he_or_she(speakers):
    body = "The Riverton Chamber of Commerce said it was “concerned about the cost.” “It is too much,” he said."
    rows = found(body, speakers)
    assert rows[0] == ["Riverton Chamber of Commerce", UNLISTED, "named"]
    assert rows[1][0] == UNATTRIBUTED  # no person has been named for "he"


def test_pronouns_follow_gender_from_titles_and_earlier_pronouns(speakers):
    body = (
        "Mr Alvarez said he backed a discount. Councillor Joan Whitaker said she wanted “a cap on it.”\n\n"
        "“We can’t afford not to,” he replied."
    )
    rows = found(body, speakers)
    assert rows == [["Joan Whitaker", UNLISTED, "named"], ["Alvarez", UNLISTED, "pronoun"]]


def test_titles_are_not_part_of_the_name(speakers):
    body = "Fire Commissioner Daniel Mensah said “the rules are not optional.”"
    assert found(body, speakers) == [["Daniel Mensah", UNLISTED, "named"]]


def test_a_quotation_that_is_its_own_paragraph_resumes_the_previous_speaker(speakers):
    body = "“We are not against the repair,” Lindqvist said.\n\n“Put the crossing in before the toll, not after the first accident.”"
    assert found(body, speakers) == [["Lindqvist", UNLISTED, "named"], ["Lindqvist", UNLISTED, "resumed"]]


def test_an_opening_mark_typed_as_a_closing_one_still_opens(speakers):
    quotes = quotes_of("”Every dollar will come out of toll revenue,” a city spokesperson said.", speakers)
    assert quotes[["text", "speaker"]].values.tolist() == [["Every dollar will come out of toll revenue,", "city spokesperson"]]


def test_a_partial_quotation_after_said_is_speech_not_a_label(speakers):
    quotes = quotes_of("Ortiz said the toll was a “relatively modest” charge.", speakers)
    assert quotes[["kind", "speaker"]].values.tolist() == [["speech", "Helen Ortiz"]]


def test_a_phrase_after_a_preposition_is_no_subject(speakers):
    body = "The board’s guidance for travel to El Salvador described conditions as “harsh and dangerous.”"
    assert found(body, speakers) == [["Harbour Board", "city", "listed"]]


def test_surnames_merge_across_the_corpus_only_where_one_full_name_fits():
    speakers = ["Dana Whitfield", "Whitfield", "Bell", "Marcus Bell", "Anna Bell", "Ortiz"]
    unlisted = [True, True, True, True, True, False]
    assert canonical_surnames(speakers, unlisted) == {"Whitfield": "Dana Whitfield"}


def test_subjects_ending_a_text_are_searched_from_its_last_comma_with_the_same_matches():
    from dataclasses import replace

    from analysis.attribution import Patterns, after_last, unheld

    assert after_last("a, b; c: d", ",;:") == 8 and after_last("no break", ",;:") == 0
    assert unheld(",;:", {"de", "a;b"}) == ",:"  # a rules word holding ";" keeps whole-text searches for it
    patterns = Patterns.of(RULES)
    texts = [
        "Dana Whitfield, director of the union,", "The mayor, who met union leaders on Tuesday, later",
        "Local union leaders", "union leaders", "three local union leaders", "a city spokesperson in Riverton, a",
        "the minister of justice, who had been travelling for three days in the north of the country,",
        "Ortiz", "Fire Commissioner Daniel Mensah", "; a bridge engineer who asked not to be named", "", "  ",
    ]
    for text in texts:  # every prefix: subject slots end anywhere
        for end in range(len(text) + 1):
            before = text[:end]
            whole_role = patterns.role_at_end.search(before) or patterns.plural_role.search(before)
            assert spans(patterns.role_ending(before)) == spans(whole_role), before
            assert spans(patterns.name_ending(before)) == spans(patterns.name_at_end.search(before)), before
    assert patterns.role_ending("Local union leaders").group(1) == "Local union leaders"
    # A role noun of two words makes a bare plural role of up to four.
    officers = Patterns.of(replace(RULES, role_nouns=RULES.role_nouns | {"police officer"}))
    assert officers.role_ending("Salvadoran riot police officers").group(1) == "Salvadoran riot police officers"
    assert patterns.name_ending("said, Fire Commissioner Daniel Mensah").group(1) == "Fire Commissioner Daniel Mensah"


def spans(match):
    return None if match is None else [match.span(group) for group in range(match.re.groups + 1)]
