"""Find direct quotations, tell speech from labels, and attribute speech to its speaker.

**Quotations.** Within each paragraph, a quotation runs from an opening quote mark to
the next closing one: curly ``“ ”``, or straight ``"`` (opening after a space, a
bracket or the paragraph's start; closing otherwise). In headlines and subtitles
single quotes (``' '``, ``‘ ’``) count too; an apostrophe inside a word never does.
A quotation may span sentences. An unclosed quote mark is dropped, not extended, so it
can never swallow the rest of an article; the one exception is the news convention of a
quotation that runs on into a paragraph that opens with a quote mark.

**Speech or label.** A short quotation (``label_max_words`` or fewer, no sentence
punctuation) used as a modifier inside a noun phrase is a *label* (scare quotes: the
"safe third country" plan): it follows a determiner and precedes a word that does not
link a phrase, and no naming verb ("called", "described") comes just before it. A short
quotation that no reporting verb introduces is a label too (the outlet's own scare
quotes), and one after a verb of saying is speech ("said the fee was a “relatively low”
sum"). Labels get no speaker. Everything else is *speech*.

**Speakers.** Found in the text by ``analysis/attribution.py``: the subject of the
nearest reporting verb, a name, a role phrase or a resolved pronoun, canonicalised through
the speakers file where it lists them. A quotation with no reporting verb of its own
resumes the previous one when it starts the next sentence of its paragraph (``"…," he
said. "…"``) or fills the next paragraph. ``how`` records which of these found the
speaker; speakers the file does not list are in the group ``unlisted``. Anything else
stays unattributed: never guessed.
"""

from __future__ import annotations

import re

import pandas as pd

from .attribution import CAPITAL, RESUMED, ArticleMemory, Attributor, Patterns, canonical_surnames
from .sentences import paragraph_spans
from .speakers import UNLISTED, QuoteRules, Speakers
from .tokens import count_words

QUOTE_COLUMNS = [
    "article_id", "outlet", "part", "sentence", "start", "end", "text", "words", "kind", "speaker", "group", "how", "cue",
]
UNATTRIBUTED = "unattributed"
SPEECH, LABEL = "speech", "label"
DOUBLE_OPEN, DOUBLE_CLOSE, STRAIGHT_DOUBLE = "“", "”", '"'
SINGLE_OPEN, SINGLE_CLOSE, STRAIGHT_SINGLE = "‘", "’", "'"
ANGLE_OPEN, ANGLE_CLOSE = "«", "»"  # Spanish, French, Italian… quotation marks
DASH = "—"  # the em dash of dialogue: —Es una manera eficaz… —dijo Rubio.
OPENING_CONTEXT = " \t([{—–-/:"
DOUBLE_QUOTE = re.compile('[“”"«»]')
ANY_QUOTE = re.compile("[“”\"‘’'«»]")
ATTRIBUTION_LINE = re.compile(rf"{CAPITAL}[^,.:;!?«»“”\"]{{1,60}},\s[^:;!?«»“”\"]{{1,150}}\.")  # "Marco Rubio, secretario de Estado."
ATTRIBUTION_WORDS = 16
SENTENCE_PUNCTUATION = re.compile(r"[.!?]")
WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
CLOSING_MARKS = re.compile("[ ”\"’']*")  # what may stand between a quotation and the word after it


def is_opening(text: str, index: int) -> bool:
    """A straight quote mark opens when it starts the text or follows a space or opening punctuation."""
    return index == 0 or text[index - 1] in OPENING_CONTEXT


def mark_roles(paragraph: str, single_quotes: bool) -> list[tuple[int, str, bool | None]]:
    """(offset, family, opens) for every quote mark; apostrophes inside words are not marks.

    ``opens`` is None for a closing mark typed where an opening one belongs (”Every dollar…”:
    after a space or at the paragraph's start, before a word): it opens unless a quotation is open.
    """
    marks = []
    for match in (ANY_QUOTE if single_quotes else DOUBLE_QUOTE).finditer(paragraph):
        index, char = match.start(), match.group()
        if char in (ANGLE_OPEN, ANGLE_CLOSE):
            marks.append((index, "angle", char == ANGLE_OPEN))
        elif char == DOUBLE_CLOSE and is_opening(paragraph, index) and paragraph[index + 1 : index + 2].strip():
            marks.append((index, "double", None))
        elif char in (DOUBLE_OPEN, DOUBLE_CLOSE):
            marks.append((index, "double", char == DOUBLE_OPEN))
        elif char == STRAIGHT_DOUBLE:
            marks.append((index, "double", is_opening(paragraph, index)))
        elif single_quotes and char in (SINGLE_OPEN, SINGLE_CLOSE, STRAIGHT_SINGLE):
            before = paragraph[index - 1] if index else " "
            after = paragraph[index + 1] if index + 1 < len(paragraph) else " "
            if before.isalnum() and after.isalnum():
                continue  # an apostrophe: Rubio's, isn't
            opens = char == SINGLE_OPEN or (char == STRAIGHT_SINGLE and is_opening(paragraph, index))
            marks.append((index, "single", opens))
    return marks


def paragraph_quotes(paragraph: str, single_quotes: bool, runs_on: bool) -> list[tuple[int, int]]:
    """Inner spans of the quotations of one paragraph; ``runs_on``: the next paragraph opens with a quote mark."""
    spans, open_at = [], {}
    for index, family, opens in mark_roles(paragraph, single_quotes):
        if opens is None:
            opens = family not in open_at
        if opens:
            open_at[family] = index  # an earlier unclosed mark of the family is dropped
        elif family in open_at:
            start = open_at.pop(family) + 1
            if index > start:
                spans.append((start, index))
    for family in ("double", "angle"):
        if runs_on and family in open_at and open_at[family] + 1 < len(paragraph):
            spans.append((open_at[family] + 1, len(paragraph)))
    return sorted(spans)


def quote_spans(text: str, single_quotes: bool = False, rules: QuoteRules | None = None) -> list[tuple[int, int]]:
    """Inner character spans of every quotation in ``text``, paragraph by paragraph; with ``rules`` that say
    so, em-dash dialogue and block quotations too (``dash_quotes``, ``block_quotes``)."""
    paragraphs = paragraph_spans(text)
    spans = []
    for number, (p_start, p_end) in enumerate(paragraphs):
        following = paragraphs[number + 1] if number + 1 < len(paragraphs) else None
        runs_on = following is not None and text[following[0]] in (DOUBLE_OPEN, STRAIGHT_DOUBLE, ANGLE_OPEN)
        paragraph = text[p_start:p_end]
        found = paragraph_quotes(paragraph, single_quotes, runs_on)
        if not found and rules is not None and rules.dash_dialogue:
            found = dash_quotes(paragraph)
        if not found and rules is not None and rules.block_quotations and block_quote(text, paragraphs, number, rules):
            found = [(0, len(paragraph))]
        spans += [(p_start + start, p_start + end) for start, end in found]
    return spans


def dash_quotes(paragraph: str) -> list[tuple[int, int]]:
    """Speech of a paragraph of dialogue: it opens with an em dash and runs to the narrator's " —dijo …",
    then on after the dash that closes the narrator's words, if more follows."""
    if not paragraph.startswith(DASH) or not paragraph[1:2].strip():
        return []
    spans, start = [], 1
    while start < len(paragraph):
        incise = paragraph.find(" " + DASH, start)
        end = len(paragraph) if incise == -1 else incise
        if paragraph[start:end].strip(" .,"):
            spans.append((start, len(paragraph[:end].rstrip())))
        if incise == -1:
            break
        closing = paragraph.find(DASH, incise + 2)
        if closing == -1:
            break
        start = closing + 1
        while start < len(paragraph) and paragraph[start] in " .,":
            start += 1
    return spans


def block_quote(text: str, paragraphs: list[tuple[int, int]], number: int, rules: QuoteRules) -> bool:
    """A paragraph with no quote mark that a lead-in ending in ":" introduces or an attribution line signs."""
    before = text[slice(*paragraphs[number - 1])] if number else ""
    after = text[slice(*paragraphs[number + 1])] if number + 1 < len(paragraphs) else ""
    return bool(lead_in_verb(before, rules)) or is_attribution_line(after)


def lead_in_verb(paragraph: str, rules: QuoteRules) -> str | None:
    """The reporting verb of a lead-in paragraph ("Así lo anunció el mandatario salvadoreño:"), if it is one."""
    if not paragraph.rstrip().endswith(":"):
        return None
    verbs = [w for w in WORD.findall(paragraph.lower()) if w in rules.reporting_verbs]
    return verbs[-1] if verbs else None


def is_attribution_line(paragraph: str) -> bool:
    """A short paragraph that is a signature: a name, a comma, a role, a full stop."""
    paragraph = paragraph.strip()
    return bool(ATTRIBUTION_LINE.fullmatch(paragraph)) and len(paragraph.split()) <= ATTRIBUTION_WORDS


def blank_out(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with quoted spans replaced by spaces: offsets stay, quoted words are no longer narrative."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def words_before(text: str, index: int, count: int) -> list[str]:
    return [w.lower() for w in WORD.findall(text[max(0, index - 80) : index])][-count:]


def word_after(text: str, index: int) -> str | None:
    match = WORD.match(text, CLOSING_MARKS.match(text, index).end())
    return match.group().lower() if match else None


def is_short(inner: str, rules: QuoteRules) -> bool:
    """Short enough to be a label: at most ``label_max_words`` words and no sentence punctuation."""
    return count_words(inner) <= rules.label_max_words and not SENTENCE_PUNCTUATION.search(inner.rstrip())


def quote_kind(text: str, start: int, end: int, rules: QuoteRules) -> str:
    """``label`` for a short quotation used as a modifier in a noun phrase, else ``speech``."""
    if not is_short(text[start:end], rules):
        return SPEECH
    opening = start - 1
    before = words_before(text, opening, 4)
    following = word_after(text, end)
    if following is None or following in rules.phrase_links or not following.isalpha():
        return SPEECH
    if not set(before[-2:]) & rules.determiners or set(before) & rules.naming_verbs:
        return SPEECH
    return LABEL


def part_quotes(
    text: str, part: str, sentence_spans: list[tuple[int, int]], speakers: Speakers, rules: QuoteRules,
    memory: ArticleMemory | None = None, patterns: Patterns | None = None,
) -> list[dict]:
    """Quotations of one text (headline, subtitle or body), attributed."""
    spans = quote_spans(text, single_quotes=part != "body", rules=rules if part == "body" else None)
    if not spans:
        return []
    narrative = blank_out(text, [(s - 1, e + 1) for s, e in spans])
    attributor = Attributor(text, narrative, sentence_spans, speakers, rules, memory, patterns)
    rows, previous = [], None
    for start, end in spans:
        kind = quote_kind(text, start, end, rules)
        if kind == LABEL and attributor.speech_verb_before(start):
            kind = SPEECH  # a partial quotation after "said": the speaker's words, not scare quotes
        subject, cue = (None, "") if kind == LABEL else attributor.speaker_for(start, end)
        if is_block(text, start, end):
            kind, (subject, cue) = SPEECH, block_speaker(text, start, end, attributor, rules)
        elif part == "headline" and subject is None and kind == SPEECH:
            subject = attributor.headline_speaker(start)
            cue = "headline colon" if subject else cue
        speaker, how = (subject.speaker, subject.how) if subject else (None, "")
        listed = bool(subject and subject.listed)
        continues = not cue or rules.pro_drop  # "«…», añadió." has a verb and no subject: the same speaker
        if kind == SPEECH and speaker is None and continues and previous and resumes(text, previous, start, attributor):
            speaker, how, cue, listed = previous["speaker"], RESUMED, cue or "resumed", previous["listed"]
        elif kind == SPEECH and speaker is None and not cue and is_short(text[start:end], rules):
            kind = LABEL  # a short quotation that no one is said to say: the outlet's own scare quotes
        row = {"part": part, "sentence_index": attributor.sentence_of(start), "start": start, "end": end,
               "text": text[start:end], "words": count_words(text[start:end]), "kind": kind,
               "speaker": speaker, "how": how, "cue": cue, "listed": listed}
        rows.append(row)
        if kind == SPEECH and speaker:
            previous = row
    return rows


def is_block(text: str, start: int, end: int) -> bool:
    """A quotation that is a whole paragraph with no mark of its own (a block quotation)."""
    return (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] == "\n") and not ANY_QUOTE.match(text, start)


def block_speaker(text: str, start: int, end: int, attributor: Attributor, rules: QuoteRules):
    """(subject, cue) of a block quotation: the name of the attribution line after it, else the subject of the
    lead-in's reporting verb."""
    after_start = end + len(text[end:]) - len(text[end:].lstrip())
    after = text[after_start : text.find("\n", after_start) if "\n" in text[after_start:] else len(text)]
    if is_attribution_line(after):
        name = after.split(",")[0].strip()
        return attributor.signature(after_start, after_start + len(name), name), "signed"
    lead_start = text.rfind("\n", 0, max(0, start - 2)) + 1
    verbs = [v for v in attributor.verbs if lead_start <= v[0] < start]
    if verbs and text[lead_start:start].rstrip().endswith(":"):
        return attributor.subjects[verbs[-1][0]], verbs[-1][2]
    return None, ""


def resumes(text: str, previous: dict, start: int, attributor: Attributor) -> bool:
    """A quotation continues the previous one when it starts the sentence after it in the same paragraph,
    or opens the paragraph right after the previous one's (a paragraph that is all quotation)."""
    between = text[previous["end"] : start]
    adjacent = attributor.sentence_of(start) - attributor.sentence_of(previous["end"] - 1) <= 1
    if "\n" not in between:
        return adjacent
    opens_paragraph = not text[text.rfind("\n", 0, start) + 1 : start].strip(" “\"«")
    return between.count("\n\n") == 1 and opens_paragraph


def article_quotations(articles: pd.DataFrame, sentences: pd.DataFrame, speakers: Speakers, rules: QuoteRules) -> pd.DataFrame:
    """The quotations of some articles, each article on its own (the map step): ``speaker`` is blank where none
    was found, and ``listed`` says whether the speakers file knows the speaker."""
    rows = []
    texts = articles.set_index("article_id")
    patterns: dict[str, Patterns] = {}
    memories: dict[str, ArticleMemory] = {}
    for (article_id, part), group in sentences.groupby(["article_id", "part"], sort=False):
        spans = list(zip(group["start"], group["end"]))
        numbers = group["sentence"].tolist()
        memory = memories.setdefault(article_id, ArticleMemory())
        language = group["language"].iloc[0] if "language" in group else ""
        language_rules = rules.for_language(language)
        if language not in patterns:
            patterns[language] = Patterns.of(language_rules)
        for row in part_quotes(texts.at[article_id, part], part, spans, speakers, language_rules, memory, patterns[language]):
            row["sentence"] = numbers[row.pop("sentence_index")]
            row.update(article_id=article_id, outlet=group["outlet"].iloc[0])
            rows.append(row)
    return pd.DataFrame(rows, columns=[*QUOTE_COLUMNS, "listed"])


def resolve_speakers(table: pd.DataFrame, speakers: Speakers) -> pd.DataFrame:
    """The corpus's quotations (the reduce step): surnames joined to the one full name that fits across the
    corpus, groups from the speakers file or ``unlisted``, and ``unattributed`` where no speaker was found."""
    table = table.reset_index(drop=True)
    found = table["speaker"].notna() & (table["speaker"] != "")
    listed = table["listed"].fillna(False).astype(bool)
    merged = canonical_surnames(table.loc[found, "speaker"].tolist(), (~listed[found]).tolist())
    table["speaker"] = table["speaker"].replace(merged)
    table["group"] = [
        (speakers.group.get(speaker, UNLISTED) if is_listed else UNLISTED) if is_found else ""
        for speaker, is_listed, is_found in zip(table["speaker"], listed, found)
    ]
    table["speaker"] = table["speaker"].where(found, table["kind"].map({LABEL: "", SPEECH: UNATTRIBUTED}))
    numbers = {"sentence": int, "start": int, "end": int, "words": int}
    texts = {column: "str" for column in QUOTE_COLUMNS if column not in numbers}
    return table[QUOTE_COLUMNS].astype({**numbers, **texts})  # typed even with no quotation, so later joins agree


def quotations(articles: pd.DataFrame, sentences: pd.DataFrame, speakers: Speakers, rules: QuoteRules) -> pd.DataFrame:
    """One row per quotation in every article's headline, subtitle and body (columns ``QUOTE_COLUMNS``).

    ``how`` says how the speaker was found (``named``, ``listed``, ``role``, ``pronoun``,
    ``resumed``); speakers the speakers file does not list are in the group ``unlisted``.
    """
    return resolve_speakers(article_quotations(articles, sentences, speakers, rules), speakers)
