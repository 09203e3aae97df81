"""The language of every article: given in the corpus, else identified from its text.

A ``language`` column in the manifest or table (an ISO 639-1 code: ``en``, ``es``…)
sets an article's language; a blank cell, or no column, leaves it to ``py3langid``
(a maintained fork of Lui & Baldwin's langid.py, 97 languages, model shipped with the
package, nothing downloaded), run on the headline and the first 4,000 characters of the
body. Where it is less than 50% sure (a text of a few words), the article is taken to be
English; ``articles.csv: language_source`` says which of the three decided
(``corpus``, ``identified``, ``default``).

Why py3langid, measured with ``benchmarks/language_identifiers.py`` on every article the
project ships (25 bodies, 4 of them Spanish, 22 headlines, 381 body sentences) against
``lingua-language-detector`` 2.1.1 with all its languages: both name the language of
every body and every headline, and all but two one-word or abbreviation sentences
("Nobody died.", "UU."); py3langid loads in 0.4 s with a 100 MB model and reads about
1,300 articles a second, lingua 13 s, 1.2 GB and 155 a second.

Measures that depend on language ask ``language_of`` row by row: sentiment is scored
only in the languages of ``SENTIMENT_LANGUAGES``; codebook markers, quotation rules and
stopwords have a section per language (see their modules).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from .errors import InputError

LANGUAGE_COLUMN, SOURCE_COLUMN = "language", "language_source"
GIVEN, IDENTIFIED, DEFAULTED = "corpus", "identified", "default"
IDENTIFIED_CHARACTERS = 4_000  # enough text for any identifier; long bodies cost no more
# Below this probability (py3langid's, normalised over its 97 languages) a text is too short or too mixed to
# name: "One. Two." is Serbian at 0.01, "Nobody died." Nigerian Pidgin at 0.26, while a sentence of news is
# above 0.89. Such an article gets DEFAULT_LANGUAGE, and language_source says so.
MIN_PROBABILITY = 0.5
DEFAULT_LANGUAGE = "en"
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")


@lru_cache(maxsize=1)
def identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True).classify


def identify(text: str) -> tuple[str, str]:
    """(language, how it was decided) for ``text``: py3langid's ISO 639-1 code where it is sure enough, else
    the default language."""
    code, probability = identifier()(text[:IDENTIFIED_CHARACTERS])
    return (code, IDENTIFIED) if probability >= MIN_PROBABILITY else (DEFAULT_LANGUAGE, DEFAULTED)


def given_languages(articles: pd.DataFrame) -> pd.Series:
    """The corpus's own language of each article, lower case; blank where it leaves it to identification."""
    if LANGUAGE_COLUMN not in articles:
        return pd.Series("", index=articles.index, dtype=object)
    return articles[LANGUAGE_COLUMN].map(lambda value: "" if value is None or value != value else str(value).strip().lower())


def check_languages(articles: pd.DataFrame) -> None:
    """Every language the corpus gives is a code (before any work starts): one error naming the first that is not."""
    codes = given_languages(articles)
    wrong = (codes != "") & ~codes.str.fullmatch(LANGUAGE_CODE.pattern)
    if wrong.any():
        article = articles.loc[wrong.idxmax()]
        raise InputError(article.get("file", article["article_id"]),
                         f"language {article[LANGUAGE_COLUMN]!r} is not an ISO 639 code such as en or es")


def article_languages(articles: pd.DataFrame) -> pd.DataFrame:
    """Each article's ``language`` and its ``language_source``: the corpus's ``language`` cell, else identified
    from headline and body, else (a text too short to tell) the default."""
    rows = [(code, GIVEN) if code else identify(f"{headline}\n{body}")
            for code, headline, body in zip(given_languages(articles), articles["headline"], articles["body"])]
    return pd.DataFrame(rows, columns=[LANGUAGE_COLUMN, SOURCE_COLUMN], index=articles.index, dtype=object)
