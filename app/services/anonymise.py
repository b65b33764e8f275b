"""CV text anonymisation: names, email addresses, phone numbers and street addresses become placeholders.

Rule-based and offline (no language model): emails and phone numbers by pattern (phone numbers also through
`phonenumbers`' matcher), street addresses by house number + street word and by postcodes, names from the
candidate's own name, "Name:" lines, titles (Mr, Dr, ...), and capitalised word pairs starting with a known
first name (Faker's first-name lists of 14 European locales). It errs on the side of removing too much.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Iterable

import phonenumbers

NAME, EMAIL, PHONE, ADDRESS, URL = "[NAME]", "[EMAIL]", "[PHONE]", "[ADDRESS]", "[URL]"

_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Social profile URLs name the person; other links (employers, projects) stay.
_PROFILE_URL = re.compile(r"(?:https?://)?(?:[\w-]+\.)?(?:linkedin\.com|xing\.com|github\.com|gitlab\.com|"
                          r"facebook\.com|twitter\.com|x\.com|instagram\.com)/[^\s,;)]*", re.IGNORECASE)
_PHONE_INTL = re.compile(r"(?<![\w+])(?:\+|00)\d[\d \t().-]{6,}\d(?!\w)")
_PHONE_NATIONAL = re.compile(r"(?<![\w+])\(?0\d{2,4}\)?[ .-]?\d{3,4}[ .-]?\d{3,4}(?!\w)")

_CAP = r"[A-ZÀ-ÖØ-Þ][\w'’.-]*"
_STREET_WORDS = (r"Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Drive|Dr\.?|Boulevard|Blvd\.?|Way|Court|"
                 r"Ct\.?|Place|Pl\.?|Square|Sq\.?|Terrace|Close|Crescent|Gardens|Grove|Mews|Parade|Row|Walk|"
                 r"Highway|Hwy\.?")
_TAIL = r"(?:,[ \t]*[^,\n]{1,40}){0,3}"  # ", City, Postcode" after a street
_STREET_EN = re.compile(rf"\b\d{{1,5}}[A-Za-z]?,?[ \t]+(?:{_CAP}[ \t]+){{0,4}}(?:{_STREET_WORDS})\b{_TAIL}")
_STREET_EU = re.compile(rf"\b{_CAP}(?:straße|strasse|str\.|gasse|weg|platz|allee|ring)[ \t]*\d{{1,4}}[a-zA-Z]?"
                        rf"\b{_TAIL}", re.UNICODE)
_STREET_FR = re.compile(rf"\b\d{{1,4}},?[ \t]+(?:rue|avenue|boulevard|bd|chemin|allée|place|impasse|quai)"
                        rf"[ \t]+[^,\n]{{2,40}}{_TAIL}", re.IGNORECASE)
_STREET_SK = re.compile(rf"\b(?:ul\.|ulica|ulice|utca)[ \t]+{_CAP}(?:[ \t]+{_CAP})?[ \t]+\d{{1,4}}\w?{_TAIL}",
                        re.UNICODE)
# "Hlavná 12, 811 01 Bratislava", "Hauptstraße 5, 10115 Berlin": street and number, then postcode and town.
_STREET_ZIP = re.compile(rf"\b{_CAP}(?:[ \t]+{_CAP}){{0,3}}[ \t]+\d{{1,4}}[a-zA-Z]?(?:/\d{{1,4}})?,[ \t]*"
                         rf"\d{{3}}[ \t]?\d{{2}}[ \t]+{_CAP}", re.UNICODE)
_UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?[ \t]*\d[A-Z]{2}\b")
_ZIP_CITY = re.compile(rf"(?<=,)[ \t]*\d{{3}}[ \t]?\d{{2}}[ \t]+{_CAP}")  # ", 811 01 Bratislava", ", 10115 Berlin"
_LABELLED = re.compile(r"(?im)^([ \t]*(?:address|home address|adresse|adresa|anschrift|domicile)[ \t]*[:\-][ \t]*)"
                       r"(\S.*)$")
_NAME_LABEL = re.compile(r"(?im)^([ \t]*(?:full name|name|nom|meno|jméno)[ \t]*[:\-][ \t]*)(\S.*)$")
_TITLED = re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Herr|Frau|Mme|Mlle|Ing|Mgr)\.?[ \t]+{_CAP}(?:[ \t]+{_CAP})?")
_WORD_PAIR = re.compile(rf"\b({_CAP})((?:[ \t]+(?:[A-Z]\.|{_CAP})){{1,2}})")

# First names that are also everyday capitalised words in a CV.
_NOT_NAMES = {"May", "June", "August", "April", "Summer", "Autumn", "Winter", "Grace", "Will", "Mark", "Bill",
              "Art", "Page", "Sky", "Hope", "Faith", "Joy", "Chance", "Guy", "Pat", "Rose", "Iris", "Ruby", "Jade",
              "Amber", "Crystal", "Dawn", "Lane", "Dale", "Glen", "Brook", "Ray", "Sunny", "Star", "Victory",
              "Angel", "Major", "Royal", "Rich", "Frank", "Earl", "Duke", "Prince", "King", "Baron", "Sterling",
              "Christian", "Cash", "Price", "Sales", "Spring", "Nova", "Java", "Ocean", "River", "Forest"}
_LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "pl_PL", "sk_SK", "cs_CZ", "nl_NL", "pt_PT",
            "sv_SE", "da_DK", "hu_HU")


@functools.cache
def first_names() -> frozenset[str]:
    names: set[str] = set()
    for locale in _LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female"):
            values = getattr(provider, attr, ())
            names.update(values.keys() if isinstance(values, dict) else values)
    return frozenset(n for n in names if len(n) > 1 and n not in _NOT_NAMES)


def _phones(text: str) -> str:
    spans = [(m.start + (m.raw_string[:1] == "(" and ")" not in m.raw_string), m.end)
             for m in phonenumbers.PhoneNumberMatcher(text, "GB")]
    for start, end in reversed(spans):
        text = text[:start] + PHONE + text[end:]
    text = _PHONE_INTL.sub(PHONE, text)
    return _PHONE_NATIONAL.sub(PHONE, text)


def _addresses(text: str) -> str:
    text = _LABELLED.sub(lambda m: m.group(1) + ADDRESS, text)
    for pattern in (_STREET_ZIP, _STREET_EN, _STREET_EU, _STREET_FR, _STREET_SK, _ZIP_CITY, _UK_POSTCODE):
        text = pattern.sub(ADDRESS, text)
    return text


def _known(text: str, known_names: Iterable[str | None]) -> str:
    parts = [" ".join(str(n).split()) for n in known_names if n and str(n).strip()]
    words = {w for p in parts for w in re.split(r"[\s-]+", p) if len(w) > 1}
    for token in sorted(set(parts) | words, key=len, reverse=True):  # whole names before their parts
        text = re.sub(rf"(?<!\w){re.escape(token)}(?!\w)", NAME, text, flags=re.IGNORECASE)
    return text


def _names(text: str, known_names: Iterable[str | None]) -> str:
    text = _NAME_LABEL.sub(lambda m: m.group(1) + NAME, text)
    text = _TITLED.sub(NAME, text)
    names = first_names()

    def pair(match: re.Match) -> str:
        return NAME if match.group(1) in names else match.group(0)

    text = _WORD_PAIR.sub(pair, text)
    lines = text.split("\n")
    for i, line in enumerate(lines):  # a CV usually opens with the person's name alone on a line
        if line.strip():
            words = line.split()
            if 2 <= len(words) <= 4 and all(re.fullmatch(r"[A-ZÀ-ÖØ-Þ][\w'’.-]*", w) for w in words) \
                    and words[0] in names:
                lines[i] = line[: len(line) - len(line.lstrip())] + NAME
            break
    text = _known("\n".join(lines), known_names)  # after the patterns, which need the names' capitals
    return re.sub(r"\[NAME\](?:[ \t]+\[NAME\])+", NAME, text)


def anonymise_cv(text: str, known_names: Iterable[str | None] = ()) -> str:
    """The CV with personal data replaced by [NAME], [EMAIL], [PHONE], [ADDRESS] (and profile links by [URL])."""
    text = _PROFILE_URL.sub(URL, text)
    text = _EMAIL.sub(EMAIL, text)
    text = _addresses(text)
    text = _phones(text)
    return _names(text, known_names)
