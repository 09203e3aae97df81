"""The language of every article: given in the corpus, else identified from its text.

A ``language`` column in the manifest or table (an ISO 639-1 code: ``en``, ``es``…)
sets an article's language; a blank cell, or no column, leaves it to ``py3langid``
(a maintained fork of Lui & Baldwin's langid.py, 97 languages, model shipped with the
package, nothing downloaded), run on the headline and the first 4,000 characters of the
body.

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

LANGUAGE_COLUMN = "language"
IDENTIFIED_CHARACTERS = 4_000  # enough text for any identifier; long bodies cost no more
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")


@lru_cache(maxsize=1)
def identifier():
    import py3langid

    return py3langid.classify


def identify(text: str) -> str:
    """The ISO 639-1 code py3langid gives ``text``."""
    return identifier()(text[:IDENTIFIED_CHARACTERS])[0]


def given_language(value, article: pd.Series) -> str:
    """The corpus's own language for an article, checked: blank when it leaves it to identification."""
    code = "" if value is None or value != value else str(value).strip().lower()
    if code and not LANGUAGE_CODE.fullmatch(code):
        raise InputError(article.get("file", article["article_id"]), f"language {value!r} is not an ISO 639 code such as en or es")
    return code


def check_languages(articles: pd.DataFrame) -> None:
    """Every language the corpus gives is a code (before any work starts)."""
    if LANGUAGE_COLUMN in articles:
        for value, (_, article) in zip(articles[LANGUAGE_COLUMN], articles.iterrows()):
            given_language(value, article)


def article_languages(articles: pd.DataFrame) -> pd.Series:
    """Each article's language, by its ``language`` cell or else identified from headline and body."""
    given = articles[LANGUAGE_COLUMN] if LANGUAGE_COLUMN in articles else pd.Series("", index=articles.index)
    return pd.Series(
        [given_language(value, article) or identify(f"{article['headline']}\n{article['body']}")
         for value, (_, article) in zip(given, articles.iterrows())],
        index=articles.index, name=LANGUAGE_COLUMN, dtype=object,
    )
