"""Load the speakers file and the quotation rules (formats in the headers of
``analysis/data/speakers.yaml`` and ``analysis/data/quote_rules.yaml``)."""

from __future__ import annotations

import re
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path

import pandas as pd

from .config import DATA_DIR
from .datafiles import read_yaml_mapping
from .errors import InputError

DEFAULT_SPEAKERS = DATA_DIR / "speakers.yaml"
DEFAULT_QUOTE_RULES = DATA_DIR / "quote_rules.yaml"
UNLISTED = "unlisted"  # the group of speakers found in the text but not in the speakers file
SPEAKER_KEYS = ("group", "person", "aliases", "gender", "note")
GENDERS = ("he", "she")


@dataclass(frozen=True)
class Speakers:
    groups: tuple[str, ...]
    aliases: pd.DataFrame  # alias, speaker, group, person
    pattern: re.Pattern  # every alias, longest first, whole-word, case-insensitive
    by_alias: dict[str, str]  # normalized alias → speaker
    group: dict[str, str]  # speaker → group
    is_person: dict[str, bool]  # speaker → person
    gender: dict[str, str] = field(default_factory=dict)  # speaker → "he"/"she", where the file says
    # Normalized aliases the file writes capitalised ("Rubio", "Secretary Rubio"): names; the others ("the mayor") are roles.
    name_aliases: frozenset[str] = frozenset()

    def speaker_of(self, mention: str) -> str:
        return self.by_alias[alias_key(mention)]

    def alias_is_name(self, mention: str) -> bool:
        return alias_key(mention) in self.name_aliases


def names_them(alias: str, speaker: str) -> bool:
    """An alias is a name when it is capitalised ("Secretary Rubio") or holds a word of the speaker's own name
    ("presidente Bukele", where Spanish writes the title in lower case); "the mayor" is a role."""
    return alias[:1].isupper() or bool(set(alias.split()) & set(speaker.split()))


def alias_key(alias: str) -> str:
    """How aliases are compared: lower case, spaces folded."""
    return " ".join(alias.lower().split())


@dataclass(frozen=True)
class QuoteRules:
    label_max_words: int
    reporting_verbs: frozenset[str]
    naming_verbs: frozenset[str]
    determiners: frozenset[str]
    phrase_links: frozenset[str]
    pronouns: frozenset[str]
    speaker_after: frozenset[str] = frozenset()
    object_verbs: frozenset[str] = frozenset()
    role_nouns: frozenset[str] = frozenset()
    not_person_words: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    male_titles: frozenset[str] = frozenset()
    female_titles: frozenset[str] = frozenset()
    relative_pronouns: frozenset[str] = frozenset()
    adverbs: frozenset[str] = frozenset()
    not_names: frozenset[str] = frozenset()
    subject_determiners: frozenset[str] = frozenset()
    name_particles: frozenset[str] = frozenset()
    prepositions: frozenset[str] = frozenset()
    role_links: frozenset[str] = frozenset({"of", "for", "at", "from", "with", "in"})  # a role's phrase: "director of …"
    name_determiners: frozenset[str] = frozenset({"the"})  # may stand before a name after a verb: ," said the …
    dash_dialogue: bool = False  # a paragraph opening with an em dash is speech (—Es una manera eficaz… —dijo Rubio.)
    block_quotations: bool = False  # a paragraph without marks between a lead-in ending in ":" or before "Name, role."
    pro_drop: bool = False  # a reporting verb with no subject ("«…», añadió.") continues the previous speaker
    languages: tuple[tuple[str, QuoteRules], ...] = ()  # rules of other languages, by ISO 639 code

    def for_language(self, code: str) -> QuoteRules:
        """The rules for texts in ``code``: its own section of the rules file, else these."""
        return dict(self.languages).get(code, self)


# The word lists of a rules file are QuoteRules' fields; those with a default were added later and are
# optional, so that an older rules file keeps working.
RULE_LISTS = tuple(f.name for f in fields(QuoteRules) if f.type == "frozenset[str]" and f.default is MISSING)
OPTIONAL_RULE_LISTS = tuple(f.name for f in fields(QuoteRules) if f.type == "frozenset[str]" and f.default is not MISSING)
RULE_SWITCHES = tuple(f.name for f in fields(QuoteRules) if f.type == "bool")


def alias_pattern(aliases: list[str]) -> re.Pattern:
    if not aliases:
        return re.compile(r"(?!)")  # a speakers file with groups only: no alias to find
    ordered = sorted(set(aliases), key=lambda a: (-len(a), a))
    body = "|".join(re.escape(alias).replace(r"\ ", r"\s+") for alias in ordered)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


def check_speaker(path: Path, name: str, spec, groups: list[str]) -> None:
    if not isinstance(spec, dict):
        raise InputError(path, f"speaker '{name}': a speaker is a mapping with group, person and aliases")
    for key in spec:
        if key not in SPEAKER_KEYS:
            raise InputError(path, f"speaker '{name}': unknown key '{key}' (expected {', '.join(SPEAKER_KEYS)})")
    if spec.get("group") not in groups:
        raise InputError(path, f"speaker '{name}': group {spec.get('group')!r} is not one of the groups ({', '.join(groups)})")
    if not isinstance(spec.get("person"), bool):
        raise InputError(path, f"speaker '{name}': person must be true or false")
    aliases = spec.get("aliases")
    if not isinstance(aliases, list) or not aliases or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise InputError(path, f"speaker '{name}': aliases must be a non-empty list of names")
    if spec.get("gender", "he") not in GENDERS:
        raise InputError(path, f"speaker '{name}': gender must be one of {', '.join(GENDERS)} (or left out)")


def load_speakers(path: str | Path | None = None) -> Speakers:
    """Read and check a speakers file; the packaged one when ``path`` is None."""
    path = Path(path) if path is not None else DEFAULT_SPEAKERS
    data = read_yaml_mapping(path, "speakers")
    groups = data.get("groups")
    if not isinstance(groups, list) or not groups or not all(isinstance(g, str) and g.strip() for g in groups):
        raise InputError(path, "'groups' must list the speaker groups")
    repeated = sorted({g for g in groups if groups.count(g) > 1})
    if repeated:
        raise InputError(path, f"'groups' lists {', '.join(repeated)} more than once")
    if UNLISTED in groups:
        raise InputError(path, f"'{UNLISTED}' is the group of speakers found in the text but not in this file: choose another name")
    speakers = data.get("speakers") or {}
    if not isinstance(speakers, dict):
        raise InputError(path, "'speakers' must map names to speakers")
    rows, owner = [], {}
    for name, spec in speakers.items():
        check_speaker(path, str(name), spec, groups)
        for alias in [str(name), *spec["aliases"]]:
            key = alias_key(alias)
            if key in owner and owner[key] != name:
                raise InputError(path, f"speaker '{name}': alias '{alias}' also belongs to '{owner[key]}'")
            if key not in owner:
                owner[key] = str(name)
                rows.append({"alias": " ".join(alias.split()), "speaker": str(name), "group": spec["group"], "person": spec["person"]})
    aliases = pd.DataFrame(rows, columns=["alias", "speaker", "group", "person"])
    return Speakers(
        groups=tuple(groups),
        aliases=aliases,
        pattern=alias_pattern(aliases["alias"].tolist()),
        by_alias=owner,
        group={str(name): spec["group"] for name, spec in speakers.items()},
        is_person={str(name): spec["person"] for name, spec in speakers.items()},
        gender={str(name): spec["gender"] for name, spec in speakers.items() if "gender" in spec},
        name_aliases=frozenset(alias_key(alias) for alias, speaker in zip(aliases["alias"], aliases["speaker"]) if names_them(alias, speaker)),
    )


def load_quote_rules(path: str | Path | None = None) -> QuoteRules:
    """Read and check the quotation rules; the packaged ones when ``path`` is None. The top level holds the
    rules of English (or of any language without its own section); ``languages:`` maps a language code
    to a section of the same keys."""
    path = Path(path) if path is not None else DEFAULT_QUOTE_RULES
    data = read_yaml_mapping(path, "quote rules")
    sections = data.get("languages") or {}
    if not isinstance(sections, dict):
        raise InputError(path, "'languages' must map language codes (en, es …) to sections of rules")
    languages = tuple((str(code).strip().lower(), parse_rules(path, section, f"languages: {code}: "))
                      for code, section in sections.items())
    return replace(parse_rules(path, data, ""), languages=languages)


def parse_rules(path: Path, data, where: str) -> QuoteRules:
    """One language's rules from a mapping of the rules file (``where`` names it in errors)."""
    if not isinstance(data, dict):
        raise InputError(path, f"{where}a section of rules is a mapping")
    lists = {}
    defaults = {f.name: sorted(f.default) for f in fields(QuoteRules) if f.name in OPTIONAL_RULE_LISTS}
    for key in (*RULE_LISTS, *OPTIONAL_RULE_LISTS):
        values = data.get(key, defaults.get(key))
        if not isinstance(values, list):
            raise InputError(path, f"{where}'{key}' must be a list of words")
        for number, value in enumerate(values, start=1):
            if not isinstance(value, str):
                raise InputError(path, f"{where}'{key}', item {number}: {value!r} is not a word (quote words such as \"on\" or \"no\")")
        lists[key] = frozenset(v.strip().lower() for v in values)
    switches = {}
    for key in RULE_SWITCHES:
        value = data.get(key, False)
        if not isinstance(value, bool):
            raise InputError(path, f"{where}'{key}' must be true or false")
        switches[key] = value
    limit = data.get("label_max_words")
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise InputError(path, f"{where}'label_max_words' must be a positive whole number")
    return QuoteRules(label_max_words=limit, **lists, **switches)
