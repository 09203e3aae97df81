from analysis.tokens import count_words, token_spans, tokenize


def test_possessives_and_curly_apostrophes():
    assert tokenize("El Salvador’s prisoners’ health") == ["el", "salvador", "prisoners", "health"]
    assert tokenize("Rubio's trip") == ["rubio", "trip"]


def test_contractions_keep_their_apostrophe_straightened():
    assert tokenize("It isn’t, we’re") == ["it", "isn't", "we're"]


def test_hyphenated_compounds_and_names_stay_whole():
    assert tokenize("mega-prison MS-13 cost-effective five-nation") == ["mega-prison", "ms-13", "cost-effective", "five-nation"]


def test_unicode_hyphens_count_with_ascii_ones():
    assert tokenize("mega\u2011prison mega\u2010prison") == ["mega-prison", "mega-prison"]


def test_dotted_abbreviations_are_one_token():
    assert tokenize("the U.S. and U.S.-funded flights at 5 p.m.") == ["the", "u.s.", "and", "u.s.-funded", "flights", "at", "5", "p.m."]


def test_dashes_brackets_and_punctuation_separate_tokens():
    assert tokenize("tour—which “[President Bukele]” (CECOT),") == ["tour", "which", "president", "bukele", "cecot"]


def test_spans_point_at_the_surface_form():
    text = "Bukele’s mega-prison"
    spans = token_spans(text)
    assert [(s.token, text[s.start : s.end]) for s in spans] == [("bukele", "Bukele’s"), ("mega-prison", "mega-prison")]


def test_count_words_counts_tokens():
    assert count_words("The U.S. deal, signed Feb. 3.") == 6


def test_upper_case_us_is_the_country_and_lower_case_us_the_pronoun():
    assert tokenize("US criminals, U.S. citizens, join us") == ["u.s.", "criminals", "u.s.", "citizens", "join", "us"]
    assert tokenize("from the US. USAID and US-funded") == ["from", "the", "u.s.", "usaid", "and", "us-funded"]
    text = "from the US. USAID and US-funded US’s"
    assert tokenize(text) == [span.token for span in token_spans(text)]


def test_tokenize_and_token_spans_agree_on_the_seeds(seed_sentences):
    for text in seed_sentences["text"]:
        assert tokenize(text) == [span.token for span in token_spans(text)]


def test_token_offsets_are_the_spans_of_token_spans(seed_articles):
    from analysis.tokens import token_offsets, token_spans

    for text in [*seed_articles["body"], "İstanbul’s U.S.-funded MS-13 isn’t US"]:
        assert token_offsets(text) == [(token.start, token.end) for token in token_spans(text)]


def test_marks_are_normalized_as_translate_would():
    from analysis.tokens import APOSTROPHES, normalize_marks

    text = "Rubio’s ‘deal’ ʼnot‐a‑test’ and plain"
    assert normalize_marks(text) == text.translate(APOSTROPHES)
