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
link a phrase, and no naming verb ("called", "described") comes just before it. Labels
get no speaker. Everything else is *speech*.

**Speakers.** Reporting verbs (``quote_rules.yaml``) are found in the narrative text
(quotations blanked out). A quotation takes the nearest reporting verb before it in its
own sentence, else the nearest after it in its sentence(s), and that verb's subject: the speaker named right after the verb when the
verb directly follows the quotation (``," said the Salvadoran president``), otherwise
the speaker named closest before the verb. Names, titles and roles become canonical
speakers through ``speakers.yaml``. "He"/"she" is the latest person named as the
subject of a reporting verb (else the latest person named). A quotation whose sentence
has no reporting verb resumes the quotation just before it in the same paragraph
(``"…," Rubio said. "…"``). Anything else stays unattributed: never guessed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

import pandas as pd

from .sentences import paragraph_spans
from .speakers import QuoteRules, Speakers
from .tokens import count_words

QUOTE_COLUMNS = [
    "article_id", "outlet", "part", "sentence", "start", "end", "text", "words", "kind", "speaker", "group", "cue",
]
UNATTRIBUTED = "unattributed"
SPEECH, LABEL = "speech", "label"
DOUBLE_OPEN, DOUBLE_CLOSE, STRAIGHT_DOUBLE = "“", "”", '"'
SINGLE_OPEN, SINGLE_CLOSE, STRAIGHT_SINGLE = "‘", "’", "'"
OPENING_CONTEXT = " \t([{—–-/:"
DOUBLE_QUOTE = re.compile('[“”"]')
ANY_QUOTE = re.compile("[“”\"‘’']")
SENTENCE_PUNCTUATION = re.compile(r"[.!?]")
WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
# A reporting verb right after one of these follows a quotation, and its subject may come after it.
QUOTE_ENDINGS = (",", "”", '"', "’", "'")
CLOSING_MARKS = re.compile("[ ”\"’']*")  # what may stand between a quotation and the word after it
INVERSION_LEAD = re.compile(r"\s*(?:the\s+)?", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    speaker: str | None  # None for a pronoun


def is_opening(text: str, index: int) -> bool:
    """A straight quote mark opens when it starts the text or follows a space or opening punctuation."""
    return index == 0 or text[index - 1] in OPENING_CONTEXT


def mark_roles(paragraph: str, single_quotes: bool) -> list[tuple[int, str, bool]]:
    """(offset, family, opens) for every quote mark; apostrophes inside words are not marks."""
    marks = []
    for match in (ANY_QUOTE if single_quotes else DOUBLE_QUOTE).finditer(paragraph):
        index, char = match.start(), match.group()
        if char in (DOUBLE_OPEN, DOUBLE_CLOSE):
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
        if opens:
            open_at[family] = index  # an earlier unclosed mark of the family is dropped
        elif family in open_at:
            start = open_at.pop(family) + 1
            if index > start:
                spans.append((start, index))
    if runs_on and "double" in open_at and open_at["double"] + 1 < len(paragraph):
        spans.append((open_at["double"] + 1, len(paragraph)))
    return sorted(spans)


def quote_spans(text: str, single_quotes: bool = False) -> list[tuple[int, int]]:
    """Inner character spans of every quotation in ``text``, paragraph by paragraph."""
    paragraphs = paragraph_spans(text)
    spans = []
    for number, (p_start, p_end) in enumerate(paragraphs):
        following = paragraphs[number + 1] if number + 1 < len(paragraphs) else None
        runs_on = following is not None and text[following[0]] in (DOUBLE_OPEN, STRAIGHT_DOUBLE)
        for start, end in paragraph_quotes(text[p_start:p_end], single_quotes, runs_on):
            spans.append((p_start + start, p_start + end))
    return spans


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


def quote_kind(text: str, start: int, end: int, rules: QuoteRules) -> str:
    """``label`` for a short quotation used as a modifier in a noun phrase, else ``speech``."""
    inner = text[start:end]
    if count_words(inner) > rules.label_max_words or SENTENCE_PUNCTUATION.search(inner.rstrip()):
        return SPEECH
    opening = start - 1
    before = words_before(text, opening, 4)
    following = word_after(text, end)
    if following is None or following in rules.phrase_links or not following.isalpha():
        return SPEECH
    if not set(before[-2:]) & rules.determiners or set(before) & rules.naming_verbs:
        return SPEECH
    return LABEL


def mentions(narrative: str, speakers: Speakers, rules: QuoteRules) -> list[Mention]:
    """Speaker names and subject pronouns in the narrative text, in order."""
    found = [Mention(m.start(), m.end(), speakers.speaker_of(m.group())) for m in speakers.pattern.finditer(narrative)]
    pronoun = re.compile(r"(?<!\w)(?:" + "|".join(sorted(rules.pronouns)) + r")(?!\w)", re.IGNORECASE)
    found += [Mention(m.start(), m.end(), None) for m in pronoun.finditer(narrative)]
    return sorted(found, key=lambda m: m.start)


def verbs(narrative: str, rules: QuoteRules) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().lower()) for m in WORD.finditer(narrative) if m.group().lower() in rules.reporting_verbs]


class Attributor:
    """Finds the subject of reporting verbs in one text, resolving pronouns as it goes."""

    def __init__(self, text: str, narrative: str, sentence_spans: list[tuple[int, int]], speakers: Speakers, rules: QuoteRules):
        self.text, self.narrative, self.speakers = text, narrative, speakers
        self.sentence_starts = [s for s, _ in sentence_spans]
        self.sentence_spans = sentence_spans
        self.mentions = mentions(narrative, speakers, rules)
        self.verbs = verbs(narrative, rules)
        self.subjects: dict[int, str | None] = {}  # verb offset → speaker, filled in text order for pronouns
        for verb in self.verbs:
            self.subjects[verb[0]] = self.subject_of(verb)

    def sentence_of(self, index: int) -> int:
        return max(0, bisect_right(self.sentence_starts, index) - 1)

    def resolve(self, mention: Mention) -> str | None:
        if mention.speaker is not None:
            return mention.speaker
        named_speakers = [
            speaker for position, speaker in self.subjects.items()
            if position < mention.start and speaker and self.speakers.is_person.get(speaker)
        ]
        if named_speakers:
            return named_speakers[-1]
        people = [m.speaker for m in self.mentions if m.end <= mention.start and m.speaker and self.speakers.is_person[m.speaker]]
        return people[-1] if people else None

    def subject_of(self, verb: tuple[int, int, str]) -> str | None:
        """The speaker of a reporting verb: named right after it when it follows a quotation, else closest before it."""
        v_start, v_end, _ = verb
        sentence_start = self.sentence_spans[self.sentence_of(v_start)][0]
        if self.text[:v_start].rstrip().endswith(QUOTE_ENDINGS):  # inverted: ," said the Salvadoran president
            lead = INVERSION_LEAD.match(self.narrative, v_end).end()
            after = [m for m in self.mentions if v_end <= m.start <= lead and m.speaker]
            if after:
                return after[0].speaker
        before = [m for m in self.mentions if sentence_start <= m.start and m.end <= v_start]
        return self.resolve(before[-1]) if before else None

    def speaker_for(self, start: int, end: int) -> tuple[str | None, str]:
        """(speaker, cue) for the quotation at start:end, from the nearest reporting verb in its sentences."""
        first, last = self.sentence_of(start), self.sentence_of(max(start, end - 1))
        low, high = self.sentence_spans[first][0], self.sentence_spans[last][1]
        before = [v for v in self.verbs if low <= v[0] and v[1] <= start]
        after = [v for v in self.verbs if end <= v[0] and v[1] <= high]
        # The verb that introduces a quotation ("Rubio said that … “…”") wins over a later one,
        # which often starts another clause ("… “…” and said he had spoken with Trump").
        chosen = before[-1] if before else (after[0] if after else None)
        if chosen is None:
            return None, ""
        return self.subjects[chosen[0]], chosen[2]


def part_quotes(text: str, part: str, sentence_spans: list[tuple[int, int]], speakers: Speakers, rules: QuoteRules) -> list[dict]:
    """Quotations of one text (headline, subtitle or body), attributed."""
    spans = quote_spans(text, single_quotes=part != "body")
    if not spans:
        return []
    narrative = blank_out(text, [(s - 1, e + 1) for s, e in spans])
    attributor = Attributor(text, narrative, sentence_spans, speakers, rules)
    rows, previous = [], None
    for start, end in spans:
        kind = quote_kind(text, start, end, rules)
        speaker, cue = (None, "") if kind == LABEL else attributor.speaker_for(start, end)
        if kind == SPEECH and speaker is None and previous and resumes(text, previous, start, attributor):
            speaker, cue = previous["speaker"], "resumed"
        row = {"part": part, "sentence_index": attributor.sentence_of(start), "start": start, "end": end,
               "text": text[start:end], "words": count_words(text[start:end]), "kind": kind,
               "speaker": speaker, "cue": cue}
        rows.append(row)
        if kind == SPEECH and speaker:
            previous = row
    return rows


def resumes(text: str, previous: dict, start: int, attributor: Attributor) -> bool:
    """A quotation continues the previous one when it starts the sentence after it, in the same paragraph."""
    same_paragraph = "\n" not in text[previous["end"] : start]
    adjacent = attributor.sentence_of(start) - attributor.sentence_of(previous["end"] - 1) <= 1
    return same_paragraph and adjacent


def quotations(articles: pd.DataFrame, sentences: pd.DataFrame, speakers: Speakers, rules: QuoteRules) -> pd.DataFrame:
    """One row per quotation in every article's headline, subtitle and body (columns ``QUOTE_COLUMNS``)."""
    rows = []
    texts = articles.set_index("article_id")
    for (article_id, part), group in sentences.groupby(["article_id", "part"], sort=False):
        spans = list(zip(group["start"], group["end"]))
        numbers = group["sentence"].tolist()
        for row in part_quotes(texts.at[article_id, part], part, spans, speakers, rules):
            row["sentence"] = numbers[row.pop("sentence_index")]
            speaker = row["speaker"]
            row.update(article_id=article_id, outlet=group["outlet"].iloc[0])
            row["speaker"] = speaker if speaker else ("" if row["kind"] == LABEL else UNATTRIBUTED)
            row["group"] = speakers.group.get(speaker, "") if speaker else ""
            rows.append(row)
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)
