"""The one tokenizer every measure uses.

A token is, lower-cased:

- a dotted abbreviation, with any hyphenated tail: ``U.S.`` → ``u.s.``, ``U.S.-funded`` → ``u.s.-funded``;
- or a run of letters and digits with internal hyphens or apostrophes:
  ``mega-prison``, ``MS-13``, ``cost-effective``, ``isn’t`` → ``isn't``.

Upper-case ``US`` is the country and becomes ``u.s.`` like ``U.S.`` (lower-case
``us`` stays the pronoun). Curly apostrophes become straight ones and the Unicode hyphens (U+2010, U+2011)
become ``-``, so spelling variants count together. A possessive ``'s`` and a
trailing plural-possessive apostrophe are dropped: ``El Salvador’s`` → ``el``,
``salvador``; ``prisoners’`` → ``prisoners``. Contractions in ``'s`` lose it too
(``it’s`` → ``it``): the two cannot be told apart by spelling, and both forms are
stopwords. Dashes (``—``, ``–``) and slashes separate tokens.
"""

from __future__ import annotations

import re
from typing import NamedTuple

APOSTROPHE_SPELLINGS = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-"}
APOSTROPHES = str.maketrans(APOSTROPHE_SPELLINGS)
_ABBREVIATION = r"(?:[^\W\d_]\.){2,}(?:[-\u2010\u2011][^\W_]+)*"
_WORD = r"[^\W_]+(?:[-\u2010\u2011'\u2019\u02bc][^\W_]+)*"
TOKEN_RE = re.compile(f"{_ABBREVIATION}|{_WORD}")
POSSESSIVE = "'s"
COUNTRY_SPELLINGS = {"US": "u.s."}
# Only a free-standing "US" (not in "US-funded" or "USAID"), exactly where token_spans sees the token "US".
COUNTRY_RE = re.compile(r"(?<![\w.\-\u2010\u2011'\u2019\u02bc])US(?![\w\-\u2010\u2011'\u2019\u02bc])")


class Token(NamedTuple):
    start: int  # character span of the surface form in the text
    end: int
    token: str  # normalized form


def normalize_marks(text: str) -> str:
    """Curly apostrophes and Unicode hyphens in their ASCII spelling; ``str.replace`` per mark present, which
    is many times faster than ``str.translate`` on a long text and gives the same string."""
    for mark, plain in APOSTROPHE_SPELLINGS.items():
        if mark in text:
            text = text.replace(mark, plain)
    return text


def normalize_token(surface: str) -> str:
    if surface in COUNTRY_SPELLINGS:
        return COUNTRY_SPELLINGS[surface]
    token = surface.lower().translate(APOSTROPHES)
    if token.endswith(POSSESSIVE) and len(token) > len(POSSESSIVE):
        token = token[: -len(POSSESSIVE)]
    return token


def token_spans(text: str) -> list[Token]:
    """Tokens with their character spans, for keyword-in-context and text reuse."""
    lowered = text.lower() if text.isascii() else normalize_marks(text.lower())
    if len(lowered) != len(text):  # a character whose lower case is longer: normalize token by token
        return [Token(m.start(), m.end(), normalize_token(m.group())) for m in TOKEN_RE.finditer(text)]
    spans = []
    for match in TOKEN_RE.finditer(text):
        start, end = match.span()
        token = lowered[start:end]
        if token.endswith(POSSESSIVE) and len(token) > len(POSSESSIVE):
            token = token[: -len(POSSESSIVE)]
        elif token == "us" and text[start:end] in COUNTRY_SPELLINGS:
            token = COUNTRY_SPELLINGS[text[start:end]]
        spans.append(Token(start, end, token))
    return spans


def token_offsets(text: str) -> list[tuple[int, int]]:
    """The character span of every token (as ``token_spans`` finds them), without normalizing the tokens."""
    return [match.span() for match in TOKEN_RE.finditer(text)]


def tokenize(text: str) -> list[str]:
    """Lower-cased, normalized tokens of ``text`` (see the module docstring for the rules).

    Same tokens as ``token_spans``, normalizing the whole text once instead of token by token.
    """
    if "US" in text:
        text = COUNTRY_RE.sub(COUNTRY_SPELLINGS["US"], text)
    normalized = text.lower() if text.isascii() else normalize_marks(text.lower())
    return [
        token[: -len(POSSESSIVE)] if token.endswith(POSSESSIVE) and len(token) > len(POSSESSIVE) else token
        for token in TOKEN_RE.findall(normalized)
    ]


def count_words(text: str) -> int:
    """Words as every measure counts them: the number of tokens."""
    return sum(1 for _ in TOKEN_RE.finditer(text))
