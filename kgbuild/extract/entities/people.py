"""People: names after titles, the grammar only people take, one type per name in a document, names the
model missed, nicknames, honorifics and the other ways a text writes the same person."""
from __future__ import annotations

from collections import Counter, defaultdict

from spacy.tokens import Doc

from ..nlp import MINISTRY
from ...names import fold, person_key, translit
from .base import NAME_PART_MIN, Draft, EntityConfig, Found

TITLE_COMPLEMENT = frozenset({"of", "to", "for", "at"})  # "Adviser to the President of X Name"
MAX_NAME_AFTER_TITLE = 5  # words of a name right after a title the model left untagged
TITLED_VOTE = 3  # weight in agreement of a mention a title, the ruler or the grammar vouches for
HYPHENS = ("-", "\u2010")
OPEN_CLASS = frozenset({"PROPN", "NOUN", "VERB", "ADJ", "X"})
FREED = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", MINISTRY})
MAX_NAME_WORDS = 5  # a name extended over the words the model left out stays at most this long
MAX_NAME_GROWTH = 2  # ... and grows by at most this many words on each side
QUOTES_OPEN, QUOTES_CLOSE = ("\u201c", '"', "'"), ("\u201d", '"', "'")
PROPAGATED = frozenset({"Person", "Organization", "Place", "Ministry", "Event"})  # labels re-found by name


def names_after_titles(cfg: EntityConfig, d: Draft) -> None:
    """'Minister of Defence Rustem Umerov': capitalised words right after a title that the model left
    untagged are a person's name. Reads titles; adds titled Person mentions."""
    doc = d.doc
    covered = d.covered()
    title_at = {t.start: t for t in d.titles}
    body_at = {f.start: f for f in d.found if f.label in ("Country", "Organization", "Ministry")}
    sites: list = []
    for t in d.titles:
        if not _whole_portfolios(cfg, doc, t):
            continue  # "Director of Human | Rights Watch": the title's words ran into a name
        j = _after_complement(doc, t.end, title_at, body_at)
        # "the President of China, Xi Jinping.": the name in apposition after the title and its body
        comma = j > t.end and j + 1 < len(doc) and doc[j].text == "," and j not in covered
        j += comma
        while j < len(doc) and doc[j].lower_ in cfg.honorifics:
            j += 1
        k = j
        while k < len(doc) and k - j < MAX_NAME_AFTER_TITLE and k not in covered and (doc[k].is_title or (
                doc[k].lower_ in cfg.particles and k > j)) and doc[k].is_alpha and doc[k].pos_ == "PROPN" \
                and doc[k].lower_ not in cfg.body_heads and doc[k].lower_ not in cfg.title_words:
            k += 1
            # "Sanwo-Olu", "Ole-Nkaissery": a hyphen inside a name word goes on to the word's other half
            while k + 1 < len(doc) and doc[k].text in HYPHENS and not doc[k - 1].whitespace_ and not doc[k].whitespace_ \
                    and doc[k + 1].is_alpha and doc[k + 1].is_title and k + 1 not in covered:
                k += 2
        while k > j and doc[k - 1].lower_ in cfg.particles:
            k -= 1
        if comma and not (k - j >= 2 and (k == len(doc) or doc[k].is_punct or doc[k].lower_ == "and")
                          and not any(cfg.gaz.country(w.text) or cfg.big_place(w.text) for w in doc[j:k])):
            continue  # after a comma only a whole name that the apposition closes ("..., Xi Jinping, said")
        if k > j and doc[k - 1].lower_ in cfg.facility_heads and not comma:
            # "the Prime Minister House": a site named with a title, not a person
            d.found.append(Found(t.start, k, "Place", source="pattern", reason="named building or site"))
            sites.append(t)
            covered.update(range(t.start, k))
        elif k > j:
            d.found.append(Found(j, k, "Person", source="title", titled=True, reason="name after a title"))
            covered.update(range(j, k))
    if sites:
        d.titles[:] = [t for t in d.titles if t not in sites]


def _whole_portfolios(cfg: EntityConfig, doc: Doc, t) -> bool:
    """A title's portfolio after 'of'/'for' is whole portfolios joined by 'and' ("Minister of Communication and
    Multimedia"), not the first word of some other name ("Ambassador of the Islamic | Republic")."""
    words = [w.lower_ for w in doc[t.start:t.end]]
    k = next((n for n, w in enumerate(words) if n and w in ("of", "for")), None)
    if k is None:
        return True
    rest = words[k + 1:]
    if rest[:1] == ["the"]:
        rest = rest[1:]
    chunks, cur = [], []
    for w in rest + ["and"]:
        if w in ("and", "&", ","):
            chunks.append(" ".join(cur))
            cur = []
        else:
            cur.append(w)
    return all(c in cfg.portfolios for c in chunks)


def _after_complement(doc: Doc, j: int, title_at: dict, body_at: dict[int, Found]) -> int:
    """Past a title's complement: 'Chief Advisor | to the President of the Republic of Turkey | Name'."""
    while j + 1 < len(doc) and doc[j].lower_ in TITLE_COMPLEMENT:
        k = j + 1 + (doc[j + 1].lower_ == "the")
        if k in title_at:
            j = title_at[k].end
        elif k in body_at:
            j = body_at[k].end
        else:
            break
    return j


def styled_names(cfg: EntityConfig, d: Draft) -> None:
    """'the Honourable Jane DOE', 'His Excellency Mr. Ali Khan': the name words after a style of address (honorifics,
    not only 'his'/'her') are a person's name, the style written in front: a model Organization or Place made of the
    style and the name becomes that Person, and name words the model left untagged become one. Reads nothing
    else; changes label, start, honorific_start; adds Person mentions."""
    doc = d.doc
    styles: list[Found] = []
    for f in d.found:
        if f.label in ("Organization", "Place") and f.source.startswith("ner"):
            j = f.start + (doc[f.start].lower_ == "the")
            k = _past_style(cfg, doc, j, f.end)
            if k == f.end > j:
                styles.append(f)  # "H.E. Mr." alone: the name after it is read below
            elif k > j and _styled_name_end(cfg, doc, k, f.end, set()) == f.end:
                f.label, f.reason, f.honorific_start, f.start = "Person", "a name after a style of address", j, k
    d.found[:] = [f for f in d.found if f not in styles]
    covered = d.covered()
    done = 0
    for i in [t.i for t in doc if t.lower_ in cfg.honorifics]:
        if i < done or i in covered:
            continue
        k = _past_style(cfg, doc, i, len(doc))
        end = _styled_name_end(cfg, doc, k, len(doc), covered) if k > i else k
        if end > k:
            d.found.append(Found(k, end, "Person", source="title", honorific_start=i,
                                 reason="a name after a style of address"))
            covered.update(range(i, end))
        done = max(end, k)


POSSESSIVE_STYLES = frozenset({"his", "her", "their"})  # honorifics only before another ('His Excellency')


def _past_style(cfg: EntityConfig, doc: Doc, i: int, end: int) -> int:
    """Past the honorifics that start at i ('His Excellency Mr.'); i when they are none or only possessives."""
    k = i
    while k < end and doc[k].lower_ in cfg.honorifics:
        k += 1
    return k if any(doc[m].lower_ not in POSSESSIVE_STYLES for m in range(i, k)) else i


def _styled_name_end(cfg: EntityConfig, doc: Doc, k: int, end: int, covered: set[int]) -> int:
    """Where the name words from k end (at most end, none covered); k when they are not a name."""
    m = k
    while m < end and m - k < MAX_NAME_AFTER_TITLE and m not in covered and (doc[m].text in HYPHENS and m > k
                                                                            or _styled_name_word(cfg, doc[m])):
        m += 1
    while m > k and (doc[m - 1].text in HYPHENS or doc[m - 1].lower_ in cfg.particles):
        m -= 1
    names = [t for t in doc[k:m] if t.is_alpha and len(t) > 1]
    return m if names and all(t.pos_ == "PROPN" or t.is_upper for t in names) else k


def _styled_name_word(cfg: EntityConfig, t) -> bool:
    """A word of a name as official readouts write it: capitalised or a surname in capitals ('Mary SMITH'), or a
    name particle; never a title, body, facility or country word."""
    low = t.lower_
    return (t.is_title or (t.is_upper and t.is_alpha and len(t) > 1) or low in cfg.particles) \
        and low not in cfg.title_words and low not in cfg.body_heads and low not in cfg.facility_heads \
        and low not in cfg.event_heads and not cfg.gaz.country(t.text)


def mark_titled(cfg: EntityConfig, d: Draft) -> None:
    """A mention right after a title (or 'Title, Name') is titled; a model Organization or Place there is a
    Person (unless it is only more portfolios of the title: dropped); so is a name-shaped one with a title in
    apposition after it ('Name, Minister of X'); an honorific before a person's name belongs to it. Reads titles;
    changes titled, label, honorific_start."""
    doc = d.doc
    ends = {t.end: t for t in d.titles}
    gone: list[Found] = []
    used: list = []
    for f in d.found:
        j = f.start
        while j > 0 and doc[j - 1].lower_ in cfg.honorifics:
            j -= 1
        if j in ends and f.source.startswith("ner") and f.label != "Country" and doc[f.end - 1].is_title \
                and doc[f.end - 1].lower_ in cfg.facility_heads:
            # "Queen Alia International Airport", "Prime Minister House": a site named with a title
            t = ends[j]
            f.start, f.label, f.reason = t.start, "Place", "named building or site"
            used.append(t)
            continue
        if j in ends or (j > 1 and doc[j - 1].text == "," and (j - 1) in ends):
            f.titled = True
            if f.label in ("Organization", "Place") and f.source.startswith("ner"):
                if _portfolio(cfg, doc, f):
                    gone.append(f)  # the rest of the title's portfolios, not a name
                    continue
                f.label, f.reason = "Person", "name after a title"
        # An honorific the model left outside the name belongs to it ("Sir Keir Starmer").
        if f.label == "Person" and j < f.start:
            f.honorific_start = j
    for f in gone:
        d.found.remove(f)
    if used:
        d.titles[:] = [t for t in d.titles if t not in used]
    # "the Chairman of the X Commission, Lucia Quispe": a name-shaped model Organization in apposition after a
    # title and its body is the title's holder.
    title_at = {t.start: t for t in d.titles}
    body_at = {f.start: f for f in d.found if f.label in ("Country", "Organization", "Ministry")}
    after = {_after_complement(doc, t.end, title_at, body_at) for t in d.titles} - {t.end for t in d.titles}
    for f in d.found:
        if f.label == "Organization" and f.source.startswith("ner") and 2 <= f.end - f.start <= 4 and f.start > 1 \
                and doc[f.start - 1].text == "," and f.start - 1 in after and _name_shaped(cfg, doc, f) \
                and (f.end == len(doc) or doc[f.end].is_punct or doc[f.end].lower_ == "and") \
                and not cfg.gaz.place_candidates(d.text(f)) and not any(cfg.big_place(t.text) for t in doc[f.start:f.end]):
            f.label, f.reason, f.titled = "Person", "a name in apposition after a title and its body", True
    # "Felipe Rojas, Minister of Foreign Affairs of X": a name-shaped model Organization or Place with a title in
    # apposition after it is the title's holder.
    starts = {t.start for t in d.titles}
    for f in d.found:
        k = f.end + 1 + (f.end + 1 < len(doc) and doc[f.end + 1].lower_ == "the")
        if f.label in ("Organization", "Place") and f.source.startswith("ner") and 2 <= f.end - f.start <= 4 \
                and f.end < len(doc) and doc[f.end].text == "," and k in starts and _name_shaped(cfg, doc, f) \
                and not cfg.gaz.place_candidates(d.text(f)) and not any(cfg.big_place(t.text) for t in doc[f.start:f.end]):
            f.label, f.reason, f.titled = "Person", "a name with a title in apposition", True


def _portfolio(cfg: EntityConfig, doc: Doc, f: Found) -> bool:
    """The span is only portfolio words ("International Trade and Worship" after "Minister of Foreign Affairs,")."""
    return all(t.lower_ in cfg.portfolio_words or t.lower_ in ("and", "&", ",") for t in doc[f.start:f.end])


def name_parts(cfg: EntityConfig, doc: Doc, f: Found) -> list[str]:
    """The words of a name that can stand for the person alone: the surname, and the first
    word unless it is also a large place ("Sydney Kamara" does not make "Sydney" a person; "Abiy Ahmed"
    makes "Abiy" one, though a small Ethiopian town shares the word)."""
    toks = [t.text for t in doc[f.start:f.end] if not t.is_punct and t.lower_ not in cfg.honorifics]
    toks = [t for t in toks if t.lower() not in cfg.particles and t.lower().rstrip(".") not in cfg.suffixes]
    if not toks:
        return []
    parts = [toks[-1]]
    if len(toks) > 1 and not cfg.gaz.country(toks[0]) and not cfg.big_place(toks[0]):
        parts.append(toks[0])
    return parts


def person_by_grammar(cfg: EntityConfig, d: Draft) -> None:
    """A one-word model 'organisation' that says things, owns a presidency, or is met or called is a person.
    Reads the parse and person_cues.json; changes label and strong."""
    doc = d.doc
    for f in d.found:
        if f.label in ("Organization", "Place") and f.source.startswith("ner") and 2 <= f.end - f.start <= 3 \
                and not (f.label == "Place" and cfg.gaz.place_candidates(d.text(f))):
            _named_person(cfg, doc, f)
        if f.label != "Organization" or not f.source.startswith("ner") or f.end - f.start != 1:
            continue
        tok = doc[f.start]
        if not tok.is_title or tok.is_upper or cfg.gaz.country(tok.text) or cfg.big_place(tok.text):
            continue
        if tok.lower_ in cfg.media_heads or (f.start > 0 and doc[f.start - 1].lower_ == "the"):
            continue  # "the Times said", "the Sentinel said": a name with an article is no person's
        head = tok.head
        if (tok.dep_ == "nsubj" and head.lemma_.lower() in cfg.speech_verbs) \
                or (tok.dep_ in ("compound", "poss") and head.lemma_.lower() in cfg.owned_nouns) \
                or (tok.dep_ == "poss" and head.lemma_.lower() in cfg.owned_by_possessive) \
                or (tok.dep_ == "pobj" and head.lower_ == "with" and head.head.lemma_.lower() in cfg.with_nouns):
            f.label, f.reason = "Person", "one-word name in a person's role in the sentence"
            f.strong = True


PERSON_NOUN_REACH = 4  # words between a person's noun and the comma before the name ('counterpart from South Korea, X')


def _named_person(cfg: EntityConfig, doc: Doc, f: Found) -> None:
    """'Ana Ruiz, who came to Lima', 'his counterpart from Chile, Ana Ruiz': a name of a few capitalised words that a
    relative 'who' follows or that stands in apposition to a person's noun is a person's, whatever the model said."""
    words = doc[f.start:f.end]
    if not all(t.is_title and t.is_alpha for t in words) or cfg.gaz.country(words.text) \
            or any(t.lower_ in cfg.body_heads or t.lower_ in cfg.media_heads or t.lower_ in cfg.title_words
                   or t.lower_ in cfg.event_kinds or cfg.gaz.country(t.text) for t in words):
        return
    k = f.end + (f.end < len(doc) and doc[f.end].text == ",")
    who = k < len(doc) and doc[k].lower_ == "who"
    # "his counterpart, X", "his counterpart from Chile, X": a person's noun a few words before the comma
    j, noun = f.start - 1, False
    if j > 0 and doc[j].text == ",":
        for t in reversed(doc[max(0, j - PERSON_NOUN_REACH):j]):
            if t.lower_ in cfg.person_nouns:
                noun = True
            if noun or t.is_punct or t.pos_ in ("VERB", "AUX"):
                break
    if who or noun:
        f.label, f.reason, f.strong = "Person", "a name that 'who' follows or that stands for a counterpart", True


def styles_alone(cfg: EntityConfig, d: Draft) -> None:
    """'His Majesty', 'Their Royal Highnesses', 'Excellency': a style of address without a name is a title-only
    phrase (ANNOTATION.md: never a mention), whatever the model or a title before it made of it.
    Removes Person mentions made only of honorifics, style words and title words."""
    doc = d.doc
    words = cfg.honorifics | cfg.style_words | cfg.title_words
    def style(f: Found) -> bool:
        alpha = [t for t in doc[f.written_start:f.end] if t.is_alpha]
        return bool(alpha) and all(t.lower_ in words for t in alpha)

    d.found[:] = [f for f in d.found if f.label != "Person" or not style(f)]


def agree(cfg: EntityConfig, d: Draft) -> None:
    """One type for one name in a document: titles and full names outvote the model's slips.
    Reads every mention; changes the label of the model's mentions."""
    doc, found = d.doc, d.found
    parts: set[str] = set()  # name keys of the words that stand for a person alone
    surnames: dict[str, set[str]] = defaultdict(set)  # ... and the names they come from, with one-word names
    for f in found:
        if f.label == "Person" and f.end - f.start >= 2:
            ps = {translit(p) for p in name_parts(cfg, doc, f) if len(p) >= NAME_PART_MIN}
            parts |= ps
            for p in ps:
                surnames[p].add(fold(d.text(f)))
        elif f.label == "Person" and f.source == "ner:PERSON" and len(doc[f.start]) > NAME_PART_MIN:
            surnames[translit(doc[f.start].text)].add(fold(d.text(f)))
    votes: dict[str, Counter] = defaultdict(Counter)
    for f in found:
        text = d.text(f)
        weight = TITLED_VOTE if f.titled or f.source == "ruler" or f.strong or _defines_acronym(doc, f) else 1
        if f.label in ("Organization", "Place", "Person") and f.source.startswith("ner"):
            key = person_key(text)
            if len(key) == 1 and key[0] in parts:
                f.label, f.reason = "Person", "part of a person's name in this document"
            elif f.label != "Person" and len(key) >= 2 and surnames.get(key[-1], {fold(text)}) - {fold(text)} \
                    and _name_shaped(cfg, doc, f):
                f.label, f.reason = "Person", "a name ending in a person's surname in this document"
        votes[text][f.label] += weight
    for f in found:
        if not f.source.startswith("ner"):
            continue
        text = d.text(f)
        best, n = votes[text].most_common(1)[0]
        if best != f.label and n > votes[text][f.label]:
            f.label, f.reason = best, f"agreement with the other mentions of {text!r}"
        if f.label == "Place" and f.maybe_person and translit(text) in parts:
            f.label = "Person"


def _name_shaped(cfg: EntityConfig, doc: Doc, f: Found) -> bool:
    """Every word capitalised or a name particle ("Bashar al-Assad"), none a title, body or country word."""
    for t in doc[f.start:f.end]:
        if t.text in HYPHENS:
            continue
        if not (t.is_title or t.lower_ in cfg.particles) or t.lower_ in cfg.title_words or t.lower_ in cfg.body_heads \
                or cfg.gaz.country(t.text):
            return False
    return True


def _defines_acronym(doc: Doc, f: Found) -> bool:
    """'Hayat Tahrir al-Sham (HTS)': a bracketed acronym after a body's name vouches for the body."""
    return f.label == "Organization" and f.end + 2 < len(doc) and doc[f.end].text == "(" and doc[f.end + 2].text == ")" \
        and doc[f.end + 1].is_upper


def listed_people(cfg: EntityConfig, d: Draft) -> None:
    """'Ismail Guelleh, Beji Essebsi of Tunisia and Kersti Kaljulaid of Estonia': a name-shaped model organisation
    or place listed with people (a conjunct of a person's name) is a person too, as a word listed with places is a
    place. Not a body's, a site's or a gazetteer place's name. Changes the label of such mentions."""
    doc = d.doc
    person_at = {t: f for f in d.found if f.label == "Person" for t in range(f.start, f.end)}
    for f in d.found:
        if f.label not in ("Organization", "Place") or not f.source.startswith("ner") or not 2 <= f.end - f.start <= 4:
            continue
        if not _name_shaped(cfg, doc, f) or cfg.gaz.place_candidates(d.text(f)) or any(
                t.lower_ in cfg.facility_heads or t.lower_ in cfg.geo_heads or t.lower_ in cfg.event_kinds
                or cfg.big_place(t.text) for t in doc[f.start:f.end]):
            continue
        root = doc[f.start:f.end].root
        if any(c.i in person_at and not f.start <= c.i < f.end for c in root.conjuncts):
            f.label, f.reason, f.strong = "Person", "a name listed with people", True


BYLINE_NAME = (2, 4)  # words of a writer's name in a byline
BYLINE_AFTER = frozenset({",", "and", "&", "|", "/", "-", "\u2013", "\u2014"})  # what may follow a writer's name


CREDIT_WORDS = frozenset({"photo", "photos", "photograph"})  # "AP Photo/X": a credit line


def bylines(cfg: EntityConfig, d: Draft) -> None:
    """'By Amara Okafor', 'By AMARA OKAFOR and Li Wei': a line that opens with 'By' and names its writers (two to
    four capitalised or upper-case words each, joined by 'and' or commas) credits people, whatever the model made
    of their names. Replaces the mentions inside the names by Person mentions."""
    doc = d.doc

    def line_end(k: int) -> bool:
        return k >= len(doc) or "\n" in doc[k - 1].whitespace_ or (doc[k].is_space and "\n" in doc[k].text)

    for tok in doc:
        if tok.text in ("By", "BY") and (tok.i == 0 or "\n" in doc[tok.i - 1].whitespace_ or doc[tok.i - 1].is_space):
            k, why = tok.i + 1, "a writer named in a byline"
        elif tok.lower_ in CREDIT_WORDS and tok.i + 2 < len(doc) and doc[tok.i + 1].text in ("/", ":") \
                and doc[tok.i + 2].text not in cfg.news_agencies:
            k, why = tok.i + 2, "a photographer named in a credit"  # "AP Photo/Ana Ruiz", "Photo: Ana Ruiz"
        else:
            continue
        while k < len(doc):
            s = k
            while k < len(doc) and k - s < BYLINE_NAME[1] and doc[k].is_alpha and (doc[k].is_title or doc[k].is_upper) \
                    and doc[k].lower_ not in ("and", "in", "for") and doc[k].lower_ not in cfg.title_words \
                    and doc[k].lower_ not in cfg.body_heads and not cfg.gaz.country(doc[k].text):
                k += 1
                if "\n" in doc[k - 1].whitespace_:
                    break
            if not BYLINE_NAME[0] <= k - s <= BYLINE_NAME[1] or any(t.ent_type_ in ("DATE", "TIME") for t in doc[s:k]) \
                    or (not line_end(k) and doc[k].text not in BYLINE_AFTER):
                break  # a byline's names end its line or go on to another writer or the agency
            inside = [f for f in d.found if f.start < k and f.end > s]
            if any(f.start < s or f.end > k for f in inside):
                break
            for f in inside:
                d.found.remove(f)
            d.found.append(Found(s, k, "Person", source="byline", reason=why, strong=True))
            if line_end(k) or doc[k].text not in (",", "and", "&"):
                break
            k += 1


def propagate(cfg: EntityConfig, d: Draft) -> None:
    """Re-occurrences of a known name (or of a person's surname) that the model missed get the same type.
    Reads every mention; adds mentions with source 'agreement'."""
    doc, found = d.doc, d.found
    known: dict[tuple[str, ...], Found] = {}
    for f in found:
        toks = tuple(t.text for t in doc[f.start:f.end])
        if f.label in PROPAGATED and len("".join(toks)) >= NAME_PART_MIN:
            if toks[0][:1].isupper():
                known.setdefault(toks, f)
        if f.label == "Person" and f.end - f.start >= 2:
            for p in name_parts(cfg, doc, f):
                if len(p) >= NAME_PART_MIN and p[0].isupper():
                    known.setdefault((p,), f)
    if not known:
        return
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for toks in known:
        by_first[toks[0]].append(toks)
    for lst in by_first.values():
        lst.sort(key=len, reverse=True)
    covered = d.covered()
    i = 0
    n = len(doc)
    while i < n:
        cands = by_first.get(doc[i].text)
        if not cands or i in covered:
            i += 1
            continue
        for toks in cands:
            j = i + len(toks)
            if j <= n and tuple(t.text for t in doc[i:j]) == toks and not any(k in covered for k in range(i, j)):
                src = known[toks]
                label = src.label
                found.append(Found(i, j, label, key=src.key if label in ("Country", "Place") else None,
                                   source="agreement", reason=f"same name as another {label} mention in this document"))
                covered.update(range(i, j))
                i = j - 1
                break
        i += 1


def extend_names(cfg: EntityConfig, d: Draft) -> None:
    """A person's name takes the name words next to it that no other mention claims: "Andrii Sybiha" where only
    the surname was found, "Mohammed al-Khulaifi" with its particle, "Pham Minh Chinh" that the model cut in
    two, "Secretary General Anders" + "Fogh Rasmussen". Not across a line break, not in a title-case headline.
    Changes the start and end of Person mentions; removes the mentions they absorb."""
    doc, h = d.doc, d.headline_end()
    owner: dict[int, Found] = {}
    for f in d.found:
        for t in range(f.start, f.end):
            owner.setdefault(t, f)
    # Words in a date, a number or a title are never a name; those the passes dropped from a model's span
    # or cut from a ruler's ministry are free.
    in_ent = {t for e in doc.ents if e.label_ not in FREED for t in range(e.start, e.end)}
    gone: set[int] = set()

    def free_word(i: int) -> bool:
        return i not in owner and i not in in_ent and _name_word(cfg, doc[i])

    def take(f: Found, g: Found) -> None:
        gone.add(id(g))
        f.start, f.end = min(f.start, g.start), max(f.end, g.end)
        f.titled = f.titled or g.titled
        for t in range(f.start, f.end):
            owner[t] = f

    for f in sorted((f for f in d.found if f.label == "Person" and f.start >= h), key=lambda f: f.start):
        if id(f) in gone:
            continue
        grown = 0
        while f.start > h and f.end - f.start < MAX_NAME_WORDS and "\n" not in doc[f.start - 1].whitespace_:
            i = f.start - 1
            g = owner.get(i)
            if g is not None:
                if g is not f and g.label == "Person" and g.end == f.start and g.source in ("title", "ruler-rest"):
                    take(f, g)
                break
            if doc[i].text in HYPHENS and i > 0 and not doc[i].whitespace_ and not doc[i - 1].whitespace_ \
                    and doc[i - 1].lower_ in cfg.particles and i - 1 not in owner:
                f.start = i - 1  # "al-Khulaifi"
            elif doc[i].is_lower and doc[i].lower_ in cfg.particles and i > h and "\n" not in doc[i - 1].whitespace_ \
                    and (owner.get(i - 1) is not None and owner[i - 1].label == "Person" and owner[i - 1].end == i
                         and owner[i - 1].source in ("title", "ruler-rest")):
                take(f, owner[i - 1])  # "Khalid | bin | Hilal Al Harthy" after a body's name
                f.start = min(f.start, i)
                break
            elif grown < MAX_NAME_GROWTH and free_word(i) and _hyphen_start(doc, i) < i:
                # "Jean-Pierre" whole, but not "Ambassador-at-Large": a hyphenated word is taken whole or not at all
                c = _hyphen_start(doc, i)
                if c < h or any(k in owner or not (doc[k].text in HYPHENS or _name_word(cfg, doc[k])) for k in range(c, i)):
                    break
                f.start, grown = c, grown + 1
            elif grown < MAX_NAME_GROWTH and free_word(i):
                f.start, grown = i, grown + 1
            else:
                break
            for t in range(f.start, f.end):
                owner[t] = f
        grown = 0
        while f.end < len(doc) and f.end - f.start < MAX_NAME_WORDS and grown < MAX_NAME_GROWTH \
                and "\n" not in doc[f.end - 1].whitespace_:
            i = f.end
            g = owner.get(i)
            if g is not None:
                if g is not f and g.start == i and g.end == i + 1 and g.source.startswith("ner") and g.label != "Country" \
                        and _name_word(cfg, doc[i]):
                    take(f, g)  # "Pham Minh" + "Chinh"
                    grown += 1
                    continue
                break
            if not free_word(i):
                break
            f.end, grown = i + 1, grown + 1
            owner[i] = f
    for f in d.found:
        if f.label == "Person" and id(f) not in gone:
            _suffix(cfg, doc, f, owner)
            g = _before_patronymic(cfg, doc, f, owner)
            if g is not None:
                take(f, g)
                _honorifics_out(cfg, doc, f)
    if gone:
        d.found[:] = [f for f in d.found if id(f) not in gone]


def _hyphen_start(doc: Doc, i: int) -> int:
    """Where the hyphenated word that token i ends starts ("Ambassador-at-Large" for "Large"); i if none."""
    c = i
    while c >= 2 and doc[c - 1].text in HYPHENS and not doc[c - 1].whitespace_ and not doc[c - 2].whitespace_:
        c -= 2
    return c


def _suffix(cfg: EntityConfig, doc: Doc, f: Found, owner: dict[int, Found]) -> None:
    """'Abdullah II', 'Akoto III', 'Marcos Jr.': a regnal number or a name suffix right after a name is part of it."""
    i = f.end
    if i < len(doc) and i not in owner and "\n" not in doc[i - 1].whitespace_ and doc[i].lower_.rstrip(".") in cfg.suffixes \
            and (doc[i].is_upper or doc[i].is_title) and not doc[i].is_sent_start:
        f.end = i + 1 + (i + 1 < len(doc) and doc[i + 1].text == "." and not doc[i].text.endswith(".")
                         and doc[i].lower_ in ("jr", "sr") and not doc[i].whitespace_)
        owner[i] = f


def _before_patronymic(cfg: EntityConfig, doc: Doc, f: Found, owner: dict[int, Found]) -> Found | None:
    """A name that starts with 'bin', 'ibn' ... lacks the given name in front of it, which the model tagged as something
    else ('Thee-Yazzen' as an organisation): the name-shaped mention that ends right before it."""
    if doc[f.start].lower_ not in cfg.patronymic or f.start == 0 or "\n" in doc[f.start - 1].whitespace_:
        return None
    g = owner.get(f.start - 1)
    if g is None or g is f or g.end != f.start or g.label in ("Country", "Person") or not g.source.startswith("ner"):
        return None
    words = [t for t in doc[g.start:f.start] if t.is_alpha]
    if not words or not all(t.is_title or t.is_upper and t.lower_ in cfg.honorifics for t in words) \
            or any(t.lower_ in cfg.body_heads or t.lower_ in cfg.title_words or cfg.gaz.country(t.text) for t in words):
        return None
    return g


def _honorifics_out(cfg: EntityConfig, doc: Doc, f: Found) -> None:
    """Honorifics at the front of a grown name stay outside it ("HH Sayyid | Name")."""
    j = f.start
    while j < f.end - 1 and doc[j].lower_ in cfg.honorifics:
        j += 1
    if j > f.start:
        f.honorific_start, f.start = f.start, j


def _name_word(cfg: EntityConfig, tok) -> bool:
    """A word that can be part of a person's name: capitalised, a proper noun, and not a title, a body, an event,
    a country or a large city."""
    low = tok.lower_
    # The model tags an unknown given name as anything ("Andrii" as a verb); inside a sentence its capital is
    # what counts, at a sentence start only a proper noun will do.
    pos_ok = tok.pos_ == "PROPN" or (not tok.is_sent_start and tok.pos_ in OPEN_CLASS)
    return tok.is_title and tok.is_alpha and pos_ok and not tok.is_stop and low not in cfg.title_words \
        and low not in cfg.honorifics and low not in cfg.body_heads and low not in cfg.event_heads \
        and low not in cfg.geo_heads and low not in cfg.facility_heads and low not in cfg.portfolio_words \
        and not cfg.gaz.country(tok.text) \
        and not cfg.big_place(tok.text)


def nicknames(cfg: EntityConfig, d: Draft) -> None:
    """'Ferdinand "Bongbong" Marcos Jr.': a quoted nickname inside a name keeps the name whole.
    Changes the start of the person's mention; removes the mentions inside it."""
    doc, found = d.doc, d.found
    for f in list(found):
        if f.label != "Person" or f.start < 4:
            continue
        q2, nick, q1 = doc[f.start - 1], doc[f.start - 2], doc[f.start - 3]
        if q2.text not in QUOTES_CLOSE or q1.text not in QUOTES_OPEN or not nick.is_title:
            continue
        j = f.start - 3
        k = j
        while k > 0 and doc[k - 1].is_title and doc[k - 1].pos_ == "PROPN" and doc[k - 1].lower_ not in cfg.title_words:
            k -= 1
        if k == j:
            continue
        for g in list(found):
            if g is not f and k <= g.start and g.end <= f.start:
                found.remove(g)
        f.start = k
        f.reason = "name with a quoted nickname"


def _style_before(cfg: EntityConfig, doc: Doc, f: Found) -> int | None:
    """Where the royal style written right before a person's name starts ("King", "Sheikh"), or None."""
    k = f.start - 1
    if k < 0 or not doc[k].is_title or doc[k].lower_ not in cfg.royal_titles:
        return None
    return k


def alias_forms(cfg: EntityConfig, d: Draft) -> None:
    """Other ways the text writes the same name, kept as mentions so they become aliases:
    a person without the honorific ("Keir Starmer" in "Sir Keir Starmer"), with a royal style ("Prince
    Mohammed"), a body with the country in front ("US State Department" for "State Department").
    Adds alias mentions; gives a body the country in front of it."""
    doc, found = d.doc, d.found
    countries_by_end = {f.end: f for f in found if f.label == "Country"}
    for f in list(found):
        if f.label == "Person" and f.honorific_start is not None:
            found.append(Found(f.start, f.end, "Person", country=f.country, source="alias",
                               reason="name without the honorific", titled=f.titled))
        elif f.label == "Person" and doc[f.start].lower_ in cfg.honorifics and f.end - f.start >= 3:
            found.append(Found(f.start + 1, f.end, "Person", country=f.country, source="alias",
                               reason="name without the honorific", titled=f.titled))
        style = _style_before(cfg, doc, f) if f.label == "Person" else None
        if style is not None:
            # "Prince Mohammed", "King Charles", "Sheikh Khalid bin Saud Al Harthy": royal styles are part of how
            # the name is written (also inside "His Highness Sheikh ...").
            # The alias covers the name's own words (its style written in front, like an honorific), so that
            # relations read the one person there.
            found.append(Found(f.start, f.end, "Person", source="alias", honorific_start=style, titled=f.titled,
                               reason="name with its royal style"))
        elif f.label in ("Ministry", "Organization") and f.start in countries_by_end:
            c = countries_by_end[f.start]
            found.append(Found(c.start, f.end, f.label, country=f.country or c.key, source="alias",
                               reason=f"{doc[f.start:f.end].text} with its country in front"))
            f.country = f.country or c.key
