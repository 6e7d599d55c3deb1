"""Name normalisation shared by resolution and every name lookup (fold, name words, transliteration keys).

Pure functions of strings, cached; nothing here imports spaCy or the gazetteer, so the CLI can match a
name the way an analyst types it with the same rules that resolution used to merge the entities.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from .resources import titles


@lru_cache(maxsize=500_000)
def fold(s: str) -> str:
    """Case-fold, strip accents and punctuation noise: the key of every name lookup."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u2010", "-").replace("\u2013", "-")
    return " ".join(s.casefold().split())


_ttl = titles()
HONORIFICS = set(_ttl["honorifics"])
def plurals(words) -> set[str]:
    """'ministers', 'congressmen', 'secretaries', 'deputies' of 'minister', 'congressman', 'secretary', 'deputy'."""
    out = set()
    for w in words:
        if w.endswith("man"):
            out.add(w[:-3] + "men")
        elif w.endswith("y") and w[-2:-1] not in "aeiou":
            out.add(w[:-1] + "ies")
        elif not w.endswith("s"):
            out.add(w + "s")
    return out


TITLE_WORDS = (set(_ttl["heads"]) | plurals(_ttl["heads"]) | set(_ttl["modifiers"]) | set(_ttl["title_abbreviations"])) - {"of"}
PARTICLES = set(_ttl["name_particles"])
PATRONYMIC = frozenset(_ttl["patronymic_particles"])
SUFFIXES = {s.rstrip(".") for s in _ttl["name_suffixes"]}
_QUOTED = re.compile(r"[\"\u201c\u201d\u2018\u2019'][^\"\u201c\u201d\u2018\u2019']+[\"\u201c\u201d\u2018\u2019']")
_TOKEN = re.compile(r"[^\W\d_]+(?:\.[^\W\d_]+)*\.?", re.UNICODE)


def slug(text: str) -> str:
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]


# ------------------------------------------------------------------ people
@lru_cache(maxsize=500_000)
def name_tokens(text: str) -> tuple[str, ...]:
    """The words of a person's name: no honorifics, titles, nicknames in quotes or suffixes."""
    text = _QUOTED.sub(" ", text)
    toks = [t for t in re.split(r"[\s\-\u2010]+", text) if t]
    words = []
    for t in toks:
        for w in _TOKEN.findall(t):
            words.append(w)
    while words and (words[0].lower().rstrip(".") in {h.rstrip(".") for h in HONORIFICS} or words[0].lower() in TITLE_WORDS):
        if len(words) == 1:
            break
        words = words[1:]
    while len(words) > 1 and words[-1].lower().rstrip(".") in SUFFIXES:
        words = words[:-1]
    return tuple(words)


@lru_cache(maxsize=500_000)
def translit(word: str) -> str:
    """A spelling key that Zelensky/Zelenskyy/Zelenskiy, Kirrilov/Kirillov, Sergei/Sergey, Anthony/Antony share."""
    w = fold(word).replace("'", "").replace(".", "")
    w = unicodedata.normalize("NFKD", w)
    w = "".join(c for c in w if c.isascii() and c.isalpha())
    w = re.sub(r"(.)\1+", r"\1", w)
    w = re.sub(r"(iy|yi|ij|ii|yy)$", "y", w)
    w = re.sub(r"ey$", "ei", w)
    if len(w) > 3:
        w = w.replace("kh", "h").replace("ph", "f").replace("th", "t").replace("ou", "u").replace("j", "y")
    return w


@lru_cache(maxsize=500_000)
def skeleton(word: str) -> str:
    """Consonants only: Mohammed/Mohammad/Muhammad, Abdul/Abdel agree here."""
    t = translit(word)
    return (t[:1] + re.sub(r"[aeiouy]", "", t[1:])) if t else t


@lru_cache(maxsize=500_000)
def person_key(text: str) -> tuple[str, ...]:
    return tuple(translit(w) for w in name_tokens(text) if w.lower() not in PARTICLES)


@lru_cache(maxsize=500_000)
def patronyms(text: str) -> tuple[str, ...]:
    """The fathers' (and forefathers') names a name writes after 'bin', 'ibn', 'bint' ...: ('zayed',) for
    "Mohamed bin Zayed Al Nahyan", ('salman', 'abdulaziz') for "Mohammed bin Salman bin Abdulaziz". A capitalised
    'Ben' is a given name or part of a surname ("Ben Ali"), not a patronymic."""
    words = [w for w in re.split(r"[\s\u2010]+", _QUOTED.sub(" ", text)) if w]
    out = []
    for a, b in zip(words, words[1:]):
        if (a.lower() in PATRONYMIC and (a.islower() or a.lower() != "ben")) and b[:1].isupper():
            out.append(translit(b))
    return tuple(out)


def _same_word(a: str, b: str) -> bool:
    return a == b or skeleton(a) == skeleton(b)


def patronym_conflict(a: str, b: str) -> bool:
    """Two names that cannot be one person by what their patronymics say: different fathers ("Mohamed bin Zayed
    X" and "Mohamed bin Hamad X"), or one is the other's father ("Salman bin Abdulaziz" in "Mohammed bin Salman
    bin Abdulaziz"; "Haitham" alone in "Bilarab bin Haitham")."""
    pa, pb = patronyms(a), patronyms(b)
    if pa and pb and not _same_word(pa[0], pb[0]):
        return True
    ka, kb = person_key(a), person_key(b)
    if not ka or not kb or _same_word(ka[0], kb[0]):
        return False
    return ka[0] in pb or kb[0] in pa


def initials(text: str) -> str:
    return "".join(w[0] for w in name_tokens(text) if w).lower()


# ------------------------------------------------------------------ acronyms
# Words skipped when initials make an acronym: "Ministry of Defence" -> MD, "Bosnia and Herzegovina" -> BH.
INITIALS_STOP_WORDS = frozenset({"of", "the", "and", "for", "on", "&"})


def is_acronym(text: str, mixed_case: bool = False) -> bool:
    """Whether `text` is written as an acronym: in capitals ("NATO", "U.S."; dots, digits and signs do not
    count), or, with `mixed_case`, a capital with another capital after it ("MoD", "DoD").
    Callers bound the length for their purpose."""
    return text.isupper() or (mixed_case and text[:1].isupper() and any(c.isupper() for c in text[1:]))


def significant_words(words: Iterable[str]) -> list[str]:
    """The words of a name whose initials make its acronym (INITIALS_STOP_WORDS left out)."""
    return [w for w in words if w.lower() not in INITIALS_STOP_WORDS]


def acronym_of(words: Iterable[str]) -> str:
    """The initials of the significant words, as written: ["African", "Union"] -> "AU"."""
    return "".join(w[0] for w in significant_words(words) if w)
