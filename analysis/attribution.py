"""Who said a quotation: the subject of its reporting verb, found in the text.

Speakers come from the text, as the Gender Gap Tracker and textacy find them; the
speakers file only canonicalises and groups them. For each reporting verb
(``quote_rules.yaml``) in the narrative (quotations blanked out), the subject is:

- **after the verb** when the verb directly follows a quotation (``," said Dana
  Whitfield, director of …``, ``," said a city spokesperson``) or is a cue whose speaker
  follows it (``according to the mayor``);
- **right before the verb** otherwise, once what may stand between a subject and its
  verb is set aside: adverbs (``Reyes later said``), a relative clause (``Ortiz, who met
  union leaders on Tuesday, called …``; ``a bridge engineer who asked not to be named
  said``) and an appositive (``Dana Whitfield, director of the Cyclists' Union, said``);
- else the nearest speaker named before the verb in its sentence.

A subject is, longest first: an alias from the speakers file (``listed`` if the file
writes it in lower case, like "the mayor", else ``named``); a pronoun (``pronoun``); a
capitalised name (``named``: titles such as "Councillor" or "Ms" are dropped, and tell
"he" from "she"; a name with a word such as "Chamber" or "Department" is an
institution); or a role phrase (``role``: "a city spokesperson" → ``city spokesperson``).
A surname alone is the full name given earlier in the article ("Whitfield" → "Dana
Whitfield"); ``canonical_surnames`` does the same across the corpus.

A pronoun is the latest compatible person: a subject of the same sentence first, else
the latest person named or quoted before it. Compatible means not known to be of the
other gender, as known from a title (Mr, Ms), the speakers file's ``gender``, or an
earlier pronoun resolved to the same person. Institutions and collectives are never "he"
or "she".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace

from .speakers import QuoteRules, Speakers

NAMED, LISTED, ROLE, PRONOUN, RESUMED = "named", "listed", "role", "pronoun", "resumed"
PRIORITY = {LISTED: 0, NAMED: 0, PRONOUN: 1, ROLE: 2}  # where two subjects are as long, the first wins
WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
CAPITAL = "[A-ZÀ-ÖØ-Þ]"  # accented capitals too: Tomás, Ángel, Óscar
CAPITALISED = rf"{CAPITAL}[\w'’.\-]*"
CLOSING_QUOTES = ("”", '"', "’", "'", "»", "—")  # "—" ends the speech of a dialogue line: —Es … —dijo Rubio.
CLAUSE_BREAK = re.compile(r"[;:]|,\s+(?:and|but)\s+")
LAST_WORD = re.compile(r"(?:^|\s)([\w'’\-]+)$")
ADVERB_LY = re.compile(r"[a-z]+ly")
PLACE_LINKS = frozenset({"in", "at", "with", "en", "con"})  # "a rights advocate in San Salvador": the role ends before the place
PLURAL_ROLE_MODIFIERS = 2  # words before the head of a bare plural role ("local union leaders said")
SUBJECT_BREAKS = ",;:"  # no name or role phrase holds these (unless a rules word does): a subject ending a text starts after the last


@dataclass(frozen=True)
class Mention:
    """A speaker named (or a pronoun standing for one) at ``start:end`` of a text."""

    start: int
    end: int
    speaker: str | None  # canonical name; None for an unresolved pronoun
    how: str
    person: bool = True
    gender: str = ""  # "he"/"she": a pronoun's own, or what a title tells
    listed: bool = False


@dataclass
class ArticleMemory:
    """What one article has said about its speakers so far: full names by surname, genders, roles by head noun."""

    surnames: dict[str, str] = field(default_factory=dict)
    gender: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)


def word_list(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))) or r"(?!)"


@dataclass(frozen=True)
class Patterns:
    """The regular expressions built from one set of quotation rules."""

    name: re.Pattern
    name_at_end: re.Pattern
    name_at_start: re.Pattern
    role_at_end: re.Pattern
    plural_role: re.Pattern
    role_at_start: re.Pattern
    pronoun: re.Pattern
    relative: re.Pattern
    subject_breaks: str = SUBJECT_BREAKS
    plural_role_words: int = PLURAL_ROLE_MODIFIERS + 1  # the most words a bare plural role can have

    def name_ending(self, text: str) -> re.Match | None:
        """``name_at_end.search(text)``, started after the last of the ``subject_breaks``: the same match, found
        without trying every earlier position."""
        return self.name_at_end.search(text, after_last(text, self.subject_breaks))

    def role_ending(self, text: str) -> re.Match | None:
        """``role_at_end``, else ``plural_role``, searched in ``text``: the same match, found sooner (the plural role
        only where the text has few enough words to be one)."""
        role = self.role_at_end.search(text, after_last(text, self.subject_breaks))
        if role is None and len(text.split()) <= self.plural_role_words:
            role = self.plural_role.search(text)
        return role

    @classmethod
    def of(cls, rules: QuoteRules) -> "Patterns":
        particles = word_list(rules.name_particles)
        name = rf"{CAPITALISED}(?:\s+(?:(?:{particles})\s+(?:the\s+)?)?{CAPITALISED})*"
        roles, dets = word_list(rules.role_nouns), word_list(rules.subject_determiners)
        modifier = rf"(?:(?!(?:{word_list(rules.prepositions)})\s)[\w'’\-]+\s+)"  # words before the head, never a preposition
        role = rf"({modifier}{{0,3}}?(?:{roles})(?:s|es)?\b(?:\s+(?:{word_list(rules.role_links)})\s+[^,;:]*?)?)"
        return cls(
            name=re.compile(name),
            name_at_end=re.compile(rf"(?:(?<=\s)|^)({name})\s*$"),
            name_at_start=re.compile(rf"\s*(?:(?:{word_list(rules.name_determiners)})\s+)?({name})"),
            role_at_end=re.compile(rf"(?:(?<=\s)|^)(?:{dets})\s+{role}\s*$", re.IGNORECASE),
            plural_role=re.compile(rf"^\s*((?:[\w'’\-]+\s+){{0,{PLURAL_ROLE_MODIFIERS}}}?(?:{roles})s)\s*$", re.IGNORECASE),
            role_at_start=re.compile(
                rf"\s*(?:(?:{dets})\s+)?({modifier}{{0,3}}?(?:{roles})(?:s|es)?\b"
                rf"(?:\s+(?:{word_list(rules.role_links - PLACE_LINKS)})\s+[\w'’\-]+(?:\s+[\w'’\-]+){{0,3}}?"
                rf"(?=\s*(?:[,.;:]|$|\s(?:{word_list(rules.relative_pronouns | (rules.role_links & PLACE_LINKS))})\b)))?)", re.IGNORECASE),
            pronoun=re.compile(rf"(?<!\w)(?:{word_list(rules.pronouns)})(?!\w)", re.IGNORECASE),
            relative=re.compile(rf"(?<!\w)(?:{word_list(rules.relative_pronouns)})(?!\w)", re.IGNORECASE),
            subject_breaks=unheld(SUBJECT_BREAKS, rules.name_particles | rules.role_nouns | rules.subject_determiners
                                  | rules.prepositions | rules.role_links),
            plural_role_words=PLURAL_ROLE_MODIFIERS + max((len(noun.split()) for noun in rules.role_nouns), default=1),
        )


def unheld(characters: str, words) -> str:
    """The ``characters`` that none of the ``words`` holds."""
    return "".join(c for c in characters if not any(c in word for word in words))


def after_last(text: str, characters: str) -> int:
    """The position after the last of ``characters`` in ``text`` (0 if none is there)."""
    return max((text.rfind(c) for c in characters), default=-1) + 1


def follows_quotation(text: str) -> bool:
    """The text ends with a quotation, its closing mark last or before a comma (“…,” / “…”,)."""
    ending = text.rstrip()
    return ending.endswith(CLOSING_QUOTES) or (ending.endswith(",") and ending[:-1].endswith(CLOSING_QUOTES))


def bare(token: str) -> str:
    return token.lower().strip(".'’")


def pronoun_gender(pronoun: str) -> str:
    word = pronoun.lower()
    return word if word in ("he", "she") else ""


class Attributor:
    """Finds the subject of every reporting verb in one text, resolving pronouns in text order."""

    def __init__(
        self, text: str, narrative: str, sentence_spans: list[tuple[int, int]], speakers: Speakers, rules: QuoteRules,
        memory: ArticleMemory | None = None, patterns: Patterns | None = None,
    ):
        self.text, self.narrative, self.speakers, self.rules = text, narrative, speakers, rules
        self.patterns = patterns or Patterns.of(rules)
        self.memory = memory if memory is not None else ArticleMemory()
        self.memory.gender.update({k: v for k, v in speakers.gender.items() if k not in self.memory.gender})
        self.sentence_spans = sentence_spans
        self.sentence_starts = [s for s, _ in sentence_spans]
        self.mentions = self.find_mentions()
        self.verbs = [
            (m.start(), m.end(), m.group().lower()) for m in WORD.finditer(narrative) if m.group().lower() in rules.reporting_verbs
        ]
        self.subjects: dict[int, Mention | None] = {}  # verb offset → its subject, filled in text order for pronouns
        pronouns = [(m.start, m) for m in self.mentions if m.how == PRONOUN]
        for _, event in sorted([*((v[0], v) for v in self.verbs), *pronouns], key=lambda e: e[0]):
            if isinstance(event, Mention):
                self.resolve(event)  # every "he"/"she" read in order tells its person's gender to later ones
            else:
                self.subjects[event[0]] = self.subject_of(event)

    # Mentions ────────────────────────────────────────────────────────────────────
    def listed_mention(self, start: int, end: int, matched: str) -> Mention:
        speaker = self.speakers.speaker_of(matched)
        how = NAMED if self.speakers.alias_is_name(matched) else LISTED
        return Mention(start, end, speaker, how, self.speakers.is_person[speaker], self.memory.gender.get(speaker, ""), True)

    def name_mention(self, start: int, end: int, matched: str) -> Mention | None:
        """A capitalised name as a speaker: titles dropped, institutions told apart, surnames completed."""
        tokens = matched.split()
        while tokens and bare(tokens[0]) in self.rules.not_names:
            tokens.pop(0)
        if tokens and len(tokens[-1].rstrip(".")) > 2:  # a full stop after a word ends the sentence, not an abbreviation
            tokens[-1] = tokens[-1].rstrip(".")
        acronym = len(tokens) == 1 and len(tokens[0]) > 1 and tokens[0].isupper()  # FMLN, ACLU: an organisation
        if acronym or any(bare(token) in self.rules.not_person_words for token in tokens):
            return Mention(start, end, " ".join(tokens), NAMED, person=False) if tokens else None
        if "and" in tokens:  # "Helen Ortiz and Marcus Bell": the name nearest the verb
            tokens = tokens[len(tokens) - tokens[::-1].index("and") :]
        gender = ""
        titled = [i for i, token in enumerate(tokens[:-1]) if bare(token) in self.rules.titles | self.rules.role_nouns]
        if titled:  # "Fire Commissioner Daniel Mensah" is Daniel Mensah; "Ms" and "Mr" tell the gender
            for title in (bare(token) for token in tokens[: titled[-1] + 1]):
                gender = "he" if title in self.rules.male_titles else "she" if title in self.rules.female_titles else gender
            tokens = tokens[titled[-1] + 1 :]
        if not tokens or (len(tokens) == 1 and not gender and bare(tokens[0]) in self.rules.titles):
            return None
        if len(tokens) == 1 and (bare(tokens[0]) in self.rules.role_nouns or bare(tokens[0]).rstrip("s") in self.rules.role_nouns):
            return None
        name = " ".join(tokens).rstrip(".,")
        if len(tokens) == 1:
            name = self.memory.surnames.get(name, name)
        else:
            self.memory.surnames.setdefault(tokens[-1].rstrip(".,"), name)
        if gender:
            self.memory.gender.setdefault(name, gender)
        return Mention(start, end, name, NAMED, True, self.memory.gender.get(name, ""))

    def headline_speaker(self, start: int) -> Mention | None:
        """The speaker a headline names before a colon, the quotation after it: "Rubio: el pacto es «…»"."""
        match = re.match(rf"\s*({self.patterns.name.pattern})\s*:", self.narrative)
        if not match or match.end() > start:
            return None
        named = self.name_candidates(match.start(1), match.end(1), match.group(1), last=True)
        return named[0] if named and named[0].person else None

    def signature(self, start: int, end: int, name: str) -> Mention | None:
        """The speaker a block quotation's attribution line names ("Nayib Bukele, presidente de El Salvador.")."""
        listed = self.speakers.pattern.fullmatch(name)
        return self.listed_mention(start, end, name) if listed else self.name_mention(start, end, name)

    def role_mention(self, start: int, end: int, phrase: str, determiner: str) -> Mention:
        """A role phrase as a speaker; "the spokesperson" after "a city spokesperson" is the same one."""
        phrase = " ".join(phrase.split())
        head = phrase.lower().split()[-1] if " of " not in phrase and " for " not in phrase else phrase.lower().split()[0]
        singular = head.rstrip("s") if head.rstrip("s") in self.rules.role_nouns and head not in self.rules.role_nouns else head
        if determiner.lower() == "the" and singular in self.memory.roles:
            phrase = self.memory.roles[singular]
        else:
            self.memory.roles.setdefault(singular, phrase)
        return Mention(start, end, phrase, ROLE, person=singular == head and head not in ("group", "groups", "people"))

    def find_mentions(self) -> list[Mention]:
        """Speakers of the file, persons named, and pronouns, in text order (antecedents for pronouns)."""
        found = [self.listed_mention(m.start(), m.end(), m.group()) for m in self.speakers.pattern.finditer(self.narrative)]
        taken = bytearray(len(self.narrative))  # characters inside a listed alias: one C-level scan per name
        for mention in found:
            taken[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)
        for match in self.patterns.name.finditer(self.narrative):
            if taken.find(1, match.start(), match.end()) != -1:
                continue
            is_full = len(match.group().split()) > 1 or match.group() in self.memory.surnames
            mention = self.name_mention(match.start(), match.end(), match.group()) if is_full else None  # registers surnames
            if mention is not None and mention.person and not self.after_preposition(match.start()):
                found.append(mention)
        found += [
            Mention(m.start(), m.end(), None, PRONOUN, True, pronoun_gender(m.group()))
            for m in self.patterns.pronoun.finditer(self.narrative)
        ]
        return sorted(found, key=lambda m: m.start)

    # Subjects ────────────────────────────────────────────────────────────────────
    def sentence_of(self, index: int) -> int:
        return max(0, bisect_right(self.sentence_starts, index) - 1)

    def after_preposition(self, index: int) -> bool:
        """A name right after "to", "from", "between" … is inside a phrase, never a subject ("travel to El Salvador")."""
        words = [w.lower() for w in WORD.findall(self.narrative[max(0, index - 30) : index])]
        while words and words[-1] in self.rules.determiners:  # "of the Calder Ferry Company"
            words.pop()
        return bool(words) and words[-1] in self.rules.prepositions

    def listed_within(self, start: int, end: int) -> list[Mention]:
        """Speakers of the file named inside a capitalised run ("Mayor Ines Farrow" holds "Ines Farrow")."""
        return [m for m in self.mentions if m.listed and m.start < end and start < m.end]

    def name_candidates(self, start: int, end: int, matched: str, last: bool) -> list[Mention]:
        listed = self.listed_within(start, end)
        if listed:
            return [listed[-1] if last else listed[0]]
        mention = self.name_mention(start, end, matched)
        return [mention] if mention else []

    def subject_before(self, start: int, before: str) -> Mention | None:
        """The speaker that ends ``before`` (which starts at ``start``), the longest candidate winning; a role
        in apposition to a name gives way to the name ("Dr Miriam Castell, a fire safety engineer, said")."""
        end = start + len(before)
        candidates = [m for m in self.mentions if m.end == end and (m.speaker is not None or m.how == PRONOUN)]
        name = self.patterns.name_ending(before)
        if name:
            candidates += self.name_candidates(start + name.start(1), end, name.group(1), last=True)
        role = self.patterns.role_ending(before)
        if role:
            determiner = before[role.start() : role.start(1)].strip()
            candidates.append(self.role_mention(start + role.start(1), end, role.group(1), determiner))
        candidates = [m for m in candidates if not self.after_preposition(m.start)]
        chosen = min(candidates, key=lambda m: (m.start, PRIORITY[m.how])) if candidates else None
        if (chosen is None or chosen.how == ROLE or not (chosen.person or chosen.listed)) and "," in before:
            head = before[: before.rindex(",")].rstrip()
            named = self.subject_before(start, head) if head else None
            if named is not None and named.how != ROLE:
                return named
        return chosen

    def subject_slot(self, sentence_start: int, verb_start: int) -> tuple[int, str]:
        """The text right before a verb, from the last clause break, adverbs set aside."""
        before = self.narrative[sentence_start:verb_start]
        breaks = list(CLAUSE_BREAK.finditer(before))
        if breaks:
            sentence_start += breaks[-1].end()
            before = before[breaks[-1].end() :]
        return sentence_start, self.strip_adverbs(before)

    def strip_adverbs(self, before: str) -> str:
        """``before`` without the adverbs that end it ("Reyes later", "she also")."""
        before = before.rstrip()
        while True:
            last = LAST_WORD.search(before)
            if not last or not (last.group(1).lower() in self.rules.adverbs or ADVERB_LY.fullmatch(last.group(1))):
                return before
            before = before[: last.start()].rstrip()

    def subject_in_slot(self, start: int, before: str) -> Mention | None:
        """Right before the verb; else before a relative clause ("Ortiz, who met …, called"; "an engineer who
        asked not to be named said"); else before an appositive ("Whitfield, director of the union, said")."""
        subject = self.subject_before(start, before)
        relative = list(self.patterns.relative.finditer(before))
        if subject is None and relative:
            before = before[: relative[-1].start()].rstrip().rstrip(",").rstrip()
            subject = self.subject_before(start, before)
        if subject is None and before.endswith(","):
            head = before[:-1]
            comma = head.rfind(",")
            subject = self.subject_before(start, head[:comma].rstrip()) if comma > 0 else None
        return subject

    def subject_after(self, start: int) -> Mention | None:
        """The speaker named right after a verb: ``," said Mayor Helen Ortiz``, ``according to a city official``."""
        after = self.narrative[start:]
        lead = len(after) - len(after.lstrip())
        head = start + lead  # "the " may stand before a name: allow four characters
        candidates = [m for m in self.mentions if m.speaker is not None and head <= m.start <= head + 4]
        name = self.patterns.name_at_start.match(after)
        if name:
            candidates += self.name_candidates(start + name.start(1), start + name.end(1), name.group(1), last=False)
        role = self.patterns.role_at_start.match(after)
        if role:
            determiner = after[: role.start(1)].strip()
            candidates.append(self.role_mention(start + role.start(1), start + role.end(1), role.group(1), determiner))
        pronoun = self.patterns.pronoun.match(after, lead)
        if pronoun:
            candidates.append(Mention(start + pronoun.start(), start + pronoun.end(), None, PRONOUN, True, pronoun_gender(pronoun.group())))
        if not candidates:
            return None
        first = min(m.start for m in candidates)
        chosen = min((m for m in candidates if m.start == first), key=lambda m: (-m.end, PRIORITY[m.how]))
        apposition = re.match(rf",\s*({self.patterns.name.pattern})\s*(?:[.,;]|$)", self.narrative[chosen.end :]) if chosen.how == ROLE else None
        if apposition:  # a role, then the person's name: the name
            name_start = chosen.end + apposition.start(1)
            named = self.name_candidates(name_start, chosen.end + apposition.end(1), apposition.group(1), last=False)
            if named and named[0].person:
                return named[0]
        return chosen

    def subject_of(self, verb: tuple[int, int, str]) -> Mention | None:
        """The speaker of one reporting verb, pronouns resolved."""
        v_start, v_end, word = verb
        sentence_start = self.sentence_spans[self.sentence_of(v_start)][0]
        if word in self.rules.speaker_after:  # "according to the mayor", "según el presidente"
            to = re.match(r"\s+to\b", self.narrative[v_end:])
            return self.resolve(self.subject_after(v_end + (to.end() if to else 0))) if to or word != "according" else None
        if follows_quotation(self.text[:v_start]):  # inverted: ," said the Salvadoran president
            after = self.subject_after(v_end)
            if after is not None:
                return self.resolve(after)
        subject = self.subject_in_slot(*self.subject_slot(sentence_start, v_start))
        if subject is None:
            earlier = [
                m for m in self.mentions
                if sentence_start <= m.start and m.end <= v_start and (m.speaker or m.how == PRONOUN) and not self.after_preposition(m.start)
            ]
            subject = earlier[-1] if earlier else None
        return self.resolve(subject)

    # Pronouns ────────────────────────────────────────────────────────────────────
    def opens_sentence(self, mention: Mention) -> bool:
        return not self.narrative[self.sentence_spans[self.sentence_of(mention.start)][0] : mention.start].strip()

    def compatible(self, mention: Mention, gender: str) -> bool:
        if not mention.person or mention.speaker is None:
            return False
        known = self.memory.gender.get(mention.speaker, mention.gender)
        return not gender or not known or known == gender

    def resolve(self, mention: Mention | None) -> Mention | None:
        """A pronoun becomes the latest compatible speaker (subject of an earlier reporting verb), else the
        latest compatible person named before it."""
        if mention is None or mention.how != PRONOUN:
            return mention
        subjects = [s for v, s in self.subjects.items() if s is not None and v < mention.start and s.end <= mention.start]
        openers = [m for m in self.mentions if m.end <= mention.start and self.opens_sentence(m)]  # subjects of other verbs
        speakers = sorted((s for s in subjects + openers if self.compatible(s, mention.gender)), key=lambda m: m.start)
        named = [m for m in self.mentions if m.end <= mention.start and self.compatible(m, mention.gender)]
        pool = speakers or named
        if not pool:
            return None
        antecedent = pool[-1]
        if mention.gender:
            self.memory.gender.setdefault(antecedent.speaker, mention.gender)
        return replace(antecedent, start=mention.start, end=mention.end, how=PRONOUN)

    # Quotations ──────────────────────────────────────────────────────────────────
    def speech_verb_before(self, start: int) -> bool:
        """A reporting verb that takes reported words (not an object, as "criticized the 'x' plan") precedes ``start`` in its sentence."""
        sentence_start = self.sentence_spans[self.sentence_of(start)][0]
        return any(
            sentence_start <= v_start and v_end <= start and word not in self.rules.object_verbs | self.rules.naming_verbs
            for v_start, v_end, word in self.verbs
        )

    def speaker_for(self, start: int, end: int) -> tuple[Mention | None, str]:
        """(subject, cue) for the quotation at start:end, from the nearest reporting verb in its sentences."""
        first, last = self.sentence_of(start), self.sentence_of(max(start, end - 1))
        low, high = self.sentence_spans[first][0], self.sentence_spans[last][1]
        before = [v for v in self.verbs if low <= v[0] and v[1] <= start]
        after = [v for v in self.verbs if end <= v[0] and v[1] <= high]
        # The verb that introduces a quotation ("Rubio said that … “…”") wins over a later one, which often
        # starts another clause ("… “…” and said he had spoken with Trump"), unless the quotation ends in a
        # comma, "?" or "!" and the later verb follows it after a few words: “…,” he said.
        chosen = before[-1] if before else (after[0] if after else None)
        if before and after and self.text[start:end].rstrip().endswith((",", "?", "!")):
            between = len(WORD.findall(self.narrative[end : after[0][0]]))
            subject = self.subjects[after[0][0]]
            inverted = subject is not None and subject.start > after[0][0]  # “…,” said the mayor
            if 1 <= between <= 4 or (between == 0 and inverted):  # “…,” he said
                chosen = after[0]
        if chosen is None:
            return None, ""
        cue = "according to" if chosen[2] in self.rules.speaker_after else chosen[2]
        return self.subjects[chosen[0]], cue


def canonical_surnames(speakers: list[str], unlisted: list[bool]) -> dict[str, str]:
    """Across the corpus: a one-word unlisted speaker → the one full name ending in it, where exactly one does."""
    full = {name for name, loose in zip(speakers, unlisted) if loose and len(name.split()) > 1}
    by_last: dict[str, set[str]] = {}
    for name in full:
        by_last.setdefault(name.split()[-1], set()).add(name)
    return {
        name: next(iter(by_last[name]))
        for name, loose in zip(speakers, unlisted)
        if loose and len(name.split()) == 1 and len(by_last.get(name, ())) == 1
    }
