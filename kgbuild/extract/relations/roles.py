"""Titles -> HOLDS_ROLE facts, and what they tell about the document's people and ministries.

A title is read as a *title phrase*: the title words the ruler found ("Special Envoy") or a head word that
only counts with company ("head", "leader", "representative" after a body or before "of"), with its
complement ("for the Middle East", "of the Private Office of NATO", "to the President of Ghana"). A person
gets the role of

- every title phrase of the run right before the name: "Deputy Prime Minister/Defence Minister of Estonia,
  Lena Kask", "Nigeria's Minister of Foreign Affairs, Ambassador Yusuf Bello", "Chief Adviser to the
  President of Ghana Kwame Osei" (a title inside another's complement, or one that owns the next with "'s",
  belongs to someone else);
- a title phrase in apposition after the name, closed by punctuation: "X, head of Brazil's federal police,
  said" (not "X, Qatari emir discuss": a headline's list);
- "as": "replaced X as foreign minister", "X, who was named as Britain's new foreign minister";
- a copula: "X is the chairman of the council";
- a verb of role_verbs with a body as object: "the working group, which he heads" (-> head).

The body is the phrase's own (its complement's first body, "of the Sovereign Council"), else the country or
body right before the run ("Saudi", "Nigeria's", "NATO"), else the one ministry of the document whose
portfolio the title names ("External Affairs Minister" -> "Ministry of External Affairs"). A role with a
country gives the person that country, and so do nationality cues that are not titles ("UK's Cameron",
"his Turkish counterpart X", "X of Qatar"); a ministry named without its country takes the country of the
person whose title names its portfolio; and a title alone ("the Russian president") names its holder when
exactly one person of the document holds it.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from ...resources import load_data, titles
from ..docindex import BODY_LABELS, DocIndex
from ..entities import TitleSpan
from .facts import People, RoleFact
from .grammar import Blockers, blocked, np_mentions
from .sentence import pronouns

ROLE_WITH_BODY = 0.9  # confidence of a HOLDS_ROLE whose body the text names
ROLE_WITHOUT_BODY = 0.7  # ... and of one with a title alone ("spokesman")
ROLE_FROM_DATELINE = 0.45  # ... and of one whose body is only the country of the article's dateline
DATELINE_RULE = "+country-of-dateline"
ARTICLE_RULE = "+country-of-article"
COMPANION_RULE = "+country-of-companion"
ROLE_FROM_COMPANION = 0.5  # ... or the country of the person they accompany
ROLE_FROM_ARTICLE = 0.35  # ... or only the country the article names most
PAIR_RULE = "+country-of-pair"
ROLE_FROM_PAIR = 0.5  # ... or the other country of a bilateral article whose one country holds the same title
PAIR_SHARE = 0.75
PAIR_MIN = 2  # ... each of them named at least this many times
NAME_STEM = 4  # letters a short form of a name keeps of one of its words ("Jokowi", "Joko Widodo")  # the two countries an article names most make up at least this share of its country mentions
ARTICLE_COUNTRY_MIN = 3
ARTICLE_COUNTRY_SHARE = 3  # the article's country is named in more than one in this many country mentions
LISTED_RULES = ("title-before", "apposition")  # roles whose title word sits next to the name
APPOSITION_OPENERS = frozenset({"the", "a", "an", "its", "his", "her", "their"})  # "X, the/his ... Title"
POSSESSIVES = ("'s", "\u2019s")
# Punctuation that closes a title in apposition ("X, the foreign minister, said"; "... met X, the chairman.").
APPOSITION_CLOSERS = frozenset({",", ".", ";", ":", ")", "\u2014", "\u2013", "!", "?", "who", "whose", "and"})
COMPLEMENT_STOPS = frozenset({",", ".", ";", ":", "(", ")", "\u2014", "\u2013", "!", "?", '"', "\u201c", "\u201d", "/"})
# Words a complement may hold besides capitalised words and mentions: "Minister of State at the Ministry ...".
COMPLEMENT_GLUE = frozenset({"the", "and", "&", "'s", "\u2019s", "-"})
MAX_COMPLEMENT = 14  # tokens of a title's complement
MAX_LOWER_IN_COMPLEMENT = 5  # lower-case words in it ("chairman of the sovereignty council in Sudan")
NOT_IN_COMPLEMENT_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
PAST_MARKERS = frozenset({"former", "then", "ex"})  # "former NATO Secretary General": the title of a past office
BODY_PREPS = frozenset({"of", "at", "in"})  # a complement's body follows these ("Minister of State at the Ministry")
MAX_FRONT_WORDS = 3  # modifiers between "the" and a title ("the Acting NATO Spokesperson, X")
MAX_FRONT_ADJECTIVES = 2  # adjectives between a body and its title ("Britain's new foreign minister")
COUNTERPART_NOUNS = frozenset({"counterpart"})  # "his Turkish counterpart": the person of that country
# "the Angolan statesman", "the Chilean guest": with a country word, the one person of the document from there
DESCRIPTION_NOUNS = frozenset(titles().get("description_nouns", ()))
CHIEF_NOUNS = frozenset({"chief", "chiefs", "head", "heads", "boss", "bosses", "director", "leader", "leaders"})  # "his Turkish counterpart": the person of that country
COPULAS = frozenset({"be", "become", "remain"})
STATE_NOUNS = frozenset({"country", "nation", "kingdom", "republic", "emirate", "state"})  # "the country's"
LEADER_NOUNS = frozenset({"leader"})  # "the Ukrainian leader": a head of state or government
LEADER_TITLES = frozenset(titles().get("leader_titles", ()))


@dataclass(frozen=True)
class Portfolios:
    """The subject words of ministries ("defence", "foreign affairs"), from ministries.json, compiled once."""

    words: tuple[str, ...]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    longest_first: tuple[str, ...]

    @classmethod
    def load(cls) -> Portfolios:
        words = tuple(load_data("ministries.json")["portfolios"])
        return cls(words, tuple((p, re.compile(rf"\b{re.escape(p)}\b")) for p in words),
                   tuple(sorted(words, key=len, reverse=True)))


@dataclass(frozen=True)
class RoleWords:
    """The closed word sets of titles.json that role finding reads."""

    heads: frozenset[str]  # every head word of a title
    weak_heads: frozenset[str]  # heads that are a title only with company ("head of", "AU representative")
    complement_preps: frozenset[str]
    joiners: frozenset[str]
    role_verbs: Mapping[str, str]  # verb lemma -> the title it gives ("heads" -> head)
    nationality_nouns: frozenset[str]
    appointing_verbs: frozenset[str]  # "replaced X as foreign minister": the title is the object's

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> RoleWords:
        t = titles()
        heads = set(t["heads"]) | {r.split()[-1] for r in t["ranks"]}
        return cls(frozenset(heads), frozenset(t["not_heads_alone"]), frozenset(t["complement_preps"]),
                   frozenset(t["title_joiners"]), dict(t["role_verbs"]), frozenset(t["nationality_nouns"]),
                   frozenset(t["appointing_verbs"]))


@dataclass(frozen=True)
class TitlePhrase:
    """A title with its complement: tokens [start, end); the title words end at `words_end`."""

    start: int
    words_end: int
    end: int
    org: int | None  # the body its complement names
    country: int | None  # a Country mention in its complement


def find_people(ix: DocIndex, portfolios: Portfolios, words: RoleWords | None = None,
                blockers: Blockers | None = None) -> People:
    """Every role fact of the document, and what the roles tell about its people and ministries."""
    words = words or RoleWords.load()
    roles = one_edge_per_office(ix, role_facts(ix, portfolios, words, blockers))
    person_country = person_countries(roles)
    for i, c in nationality_cues(ix, words).items():
        person_country.setdefault(i, c)
    companions = companion_countries(ix, person_country)
    roles = [hinted_body(r, companions[r.person], COMPANION_RULE, ROLE_FROM_COMPANION)
             if r.org is None and r.person not in person_country and r.person in companions else r for r in roles]
    pair = pair_countries(ix, roles, person_country)
    roles = [hinted_body(r, pair[id(r)], PAIR_RULE, ROLE_FROM_PAIR) if id(r) in pair else r for r in roles]
    if ix.dateline is not None:
        roles = [dateline_body(ix, r) if r.org is None and r.person not in person_country else r for r in roles]
    else:
        home = article_country(ix, roles)
        if home is not None:
            roles = [context_body(ix, r, home) if r.org is None and r.person not in person_country else r
                     for r in roles]
    refs = title_references(ix, roles, person_country)
    # "Prime Minister X ... the Thai prime minister": the title with a demonym tells X's country
    for i, c in reference_nationalities(ix, title_references(ix, roles, person_country, relaxed=True)).items():
        person_country.setdefault(i, c)
    for r in roles:
        # "the Head of the Office, Alexander Vinnikov": the title word stands for its holder in the sentence,
        # so a list of "Title, Name" items names every holder.
        if r.tok >= 0 and r.rule.startswith(LISTED_RULES) and r.tok not in ix.mention_at:
            span = ix.title_at_end.get(r.tok + 1)
            for k in range(span.start if span is not None else r.tok, r.tok + 1):
                refs.setdefault(k, r.person)
    return People(roles=roles, person_country=person_country, title_refs=refs,
                  ministry_country=ministry_countries(ix, roles, portfolios))


def one_edge_per_office(ix: DocIndex, roles: list[RoleFact]) -> list[RoleFact]:
    """'PM X' beside 'Prime Minister X', 'FM Y' beside 'Foreign Minister Y': a title's short form names the office
    the person's full title already gives (title_synonyms), so it adds no role of its own (one edge per office)."""
    t = titles()
    short = {a.lower() for a in t["title_abbreviations"]}
    synonyms = t.get("title_synonyms", {})
    full: dict[str, set[str]] = {}  # each word of a full title holder's name -> the offices
    for r in roles:
        low = r.title.lower()
        if low not in short:
            words = _title_words(r.title, r.head or low.split()[-1])
            forms = {synonyms.get(words, words)}
            m = re.match(r"(\w+) (?:of|for) (?:the )?(\w+)", low)
            if m:
                forms.add(f"{m.group(2)} {m.group(1)}")  # "Minister of Foreign Affairs": the foreign minister
            for w in ix.text(r.person).split():
                if w[:1].isupper():
                    full.setdefault(w, set()).update(forms)
    # "PM Tuilaepa" is the "Prime Minister Tuilaepa Sailele Malielegaoi": the short form's last name word
    return [r for r in roles if r.title.lower() not in short
            or synonyms.get(r.title.lower(), r.title.lower()) not in full.get(ix.text(r.person).split()[-1], ())]


# ------------------------------------------------------------------ title phrases
def title_phrases(ix: DocIndex, words: RoleWords) -> list[TitlePhrase]:
    """Every title phrase of the document in text order; titles inside another's complement are left out."""
    doc, found = ix.doc, ix.found
    starts: list[tuple[int, int, int | None]] = [(t.start, t.end, t.org) for t in ix.titles]
    in_title = {k for t in ix.titles for k in range(t.start, t.end)}
    for tok in doc:
        # Head words the ruler takes only with modifiers: "head of X", "AU representative", "Syria's leader".
        if tok.i in in_title or tok.lower_ not in words.heads or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        m = ix.mention_at.get(tok.i)
        if m is not None:
            f = found[m]
            if f.start == tok.i and f.label in BODY_LABELS and tok.i + 1 < f.end and doc[tok.i + 1].lower_ == "of":
                starts.append((tok.i, tok.i + 1, m))  # "Head of the Liaison Office" read as one body's name
            continue
        after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        k = tok.i - 1 if tok.i > 0 and doc[tok.i - 1].text in POSSESSIVES else tok.i
        if (after is not None and after.lower_ in words.complement_preps) or k in ix.body_at_end:
            starts.append((tok.i, tok.i + 1, None))
    starts.sort()
    out: list[TitlePhrase] = []
    covered_to = -1
    for start, end, org in starts:
        if start < covered_to:
            continue  # "Chief Adviser to the President of Ghana": the President is someone else
        comp_end = complement_end(ix, end, words) if org is None or found[org].start != start else found[org].end
        if comp_end > end:
            comp_end = _name_rest(ix, comp_end, words)  # "of the Royal Court| Affairs", "of the Foreign| Ministry"
        body, country = org, None
        prep = None
        for k in range(end, comp_end):
            if doc[k].lower_ in words.complement_preps:
                prep = doc[k].lower_
            m = ix.mention_at.get(k)
            if m is None or found[m].start != k or prep not in BODY_PREPS:
                continue  # "Envoy to NATO", "Officer for Georgia": what the office deals with, not its body
            if found[m].label == "Country" and country is None:
                country = m
            elif found[m].label in BODY_LABELS and body is None:
                body = m  # "head of Israel's Mossad": the body is the Mossad, Israel its country
        if body is None:
            body = country
        out.append(TitlePhrase(start, end, comp_end, body, country))
        covered_to = comp_end
    return out


def _name_rest(ix: DocIndex, k: int, words: RoleWords) -> int:
    """Past the capitalised words that finish a complement's name where a mention or title stopped short
    ("Secretary-General of the Royal Court| Affairs,"): up to a mention, a title word or anything else."""
    doc = ix.doc
    sent_end = ix.sentence_of(k - 1).end
    j = k
    while j < sent_end and doc[j].is_title and doc[j].is_alpha and j not in ix.mention_at \
            and j not in ix.title_at_start and doc[j].lower_ not in words.heads and doc[j].pos_ in ("PROPN", "NOUN"):
        j += 1
    return j if j == sent_end or doc[j].text in COMPLEMENT_STOPS else k


def complement_end(ix: DocIndex, end: int, words: RoleWords) -> int:
    """Where the complement of a title ending at `end` ends ("for the Middle East", "of Israel's Mossad
    intelligence service"): capitalised words, mentions other than people, glue words and a few lower-case
    words, up to punctuation, a verb, a date or a person's name."""
    doc, found = ix.doc, ix.found
    sent_end = ix.sentence_of(end - 1).end
    if end >= sent_end or doc[end].lower_ not in words.complement_preps:
        return end
    j, good, lower = end + 1, end, 0
    while j < sent_end and j - end <= MAX_COMPLEMENT:
        t = doc[j]
        m = ix.mention_at.get(j)
        if m is not None:
            if found[m].label == "Person":
                break
            j = max(j + 1, found[m].end)
            good = j
            if j < sent_end and doc[j].is_title and j not in ix.mention_at and doc[j].lower_ not in words.heads:
                break  # "to the President of Turkey Ibrahim Kalin": a name the model missed starts here
            continue
        if t.text in COMPLEMENT_STOPS or t.ent_type_ in NOT_IN_COMPLEMENT_ENTS or t.pos_ in ("VERB", "AUX", "PRON"):
            break
        t_here = ix.title_at_start.get(j)
        if t_here is not None and t_here.end < sent_end and doc[t_here.end].text in POSSESSIVES:
            break  # "... Policy/NATO Secretary General's Special Representative": another title's owner
        if t_here is not None and doc[j - 1].lower_ in words.complement_preps and t_here.end < sent_end \
                and (p := ix.mention_at.get(t_here.end)) is not None and found[p].label == "Person" \
                and found[p].start == t_here.end:
            break  # "envoy of President X", "adviser to Prime Minister Y": X holds the title that follows
        if t.lower_ in words.joiners and j + 1 in ix.title_at_start:
            break  # "Chief Adviser to the President and National Security Adviser ...": the next title
        if t.lower_ in words.complement_preps or t.lower_ in COMPLEMENT_GLUE:
            j += 1
            continue
        if t.is_title or t.is_upper:
            j += 1
            good = j
            continue
        if t.is_alpha and t.pos_ in ("NOUN", "ADJ", "PROPN") and lower < MAX_LOWER_IN_COMPLEMENT:
            lower += 1
            j += 1
            good = j
            continue
        break
    return good


def _front_body(ix: DocIndex, start: int) -> int | None:
    """The country or body written right before a title: "Saudi", "Nigeria's", "NATO"."""
    doc = ix.doc
    k = start
    for _ in range(MAX_FRONT_ADJECTIVES):  # "Britain's new foreign minister"
        if k > 0 and doc[k - 1].is_lower and doc[k - 1].pos_ == "ADJ":
            k -= 1
    if k > 0 and doc[k - 1].text in POSSESSIVES:
        k -= 1
    if k > 2 and doc[k - 1].text == ")" and doc[k - 3].text == "(":
        k -= 3  # "Papua New Guinea (PNG) Prime Minister"
    return ix.body_at_end.get(k)


def _runs(ix: DocIndex, phrases: list[TitlePhrase], words: RoleWords) -> list[list[tuple[TitlePhrase, bool]]]:
    """Title phrases that follow each other as one person's titles: joined by and, '/', a comma, or "'s"
    (a title that owns the next, "NATO Secretary General's Special Representative", is marked False)."""
    doc = ix.doc
    by_start = {p.start: p for p in phrases}
    runs: list[list[tuple[TitlePhrase, bool]]] = []
    used: set[int] = set()
    for p in phrases:
        if p.start in used:
            continue
        run = [(p, True)]
        used.add(p.start)
        cur = p
        while cur.end < len(doc):
            k = cur.end
            gap = doc[k].text
            j = k
            if gap in POSSESSIVES or gap.lower() in words.joiners or gap == ",":
                j = k + 1
                if j < len(doc) and doc[j].lower_ == "the" and gap != ",":
                    j += 1
            else:
                gap = ""
            m = ix.first_at_start.get(j)
            if m is not None and ix.found[m].label in BODY_LABELS and gap != ",":
                j = ix.found[m].end  # "/NATO Secretary General": the body in front of the next title
            nxt = by_start.get(j)
            if nxt is None or nxt.start in used:
                break
            if gap in POSSESSIVES:
                run[-1] = (run[-1][0], False)
            run.append((nxt, True))
            used.add(nxt.start)
            cur = nxt
        runs.append(run)
    return runs


# ------------------------------------------------------------------ roles
def role_facts(ix: DocIndex, portfolios: Portfolios, words: RoleWords | None = None,
               blockers: Blockers | None = None) -> list[RoleFact]:
    """The roles the titles of the document give its people (see the module docstring)."""
    words = words or RoleWords.load()
    doc, found = ix.doc, ix.found
    phrases = title_phrases(ix, words)
    runs = _runs(ix, phrases, words)
    person_start: dict[int, int] = {}
    for i, f in enumerate(found):
        if f.label == "Person":
            person_start.setdefault(f.written_start, i)
    person_end: dict[int, int] = {}  # where a Person mention ends -> the one written first
    for i, f in sorted(enumerate(found), key=lambda x: x[1].written_start, reverse=True):
        if f.label == "Person":
            person_end[f.end] = i
    run_end = {run[-1][0].end: run for run in runs}
    out: list[RoleFact] = []
    seen: set[tuple[int, int]] = set()

    def add(person: int, p: TitlePhrase, rule: str, front: int | None, shared: int | None = None) -> None:
        if (person, p.start) in seen:
            return
        seen.add((person, p.start))
        out.append(role_fact(ix, person, p, rule, portfolios, front if p.org is None else None, shared))

    # Titles before the name: "Title [complement] [, | and | /] Title [complement] [,] Name".
    run_of_end: dict[int, list[tuple[TitlePhrase, bool]]] = {}
    for run in runs:
        last = run[-1][0]
        k = last.end
        person = person_start.get(k)
        rule = "title-before"
        if person is None and k < len(doc) and doc[k].text == ",":
            person = person_start.get(k + 1)
            rule = "title-before-comma"
            if person is not None and _name_first_list(ix, run[0][0].start, person_end, run_end):
                person = None  # "A, Minister for X, B, Minister for Y": the title is A's (apposition below)
        if person is None:
            run_of_end[last.start] = run
            continue
        if k < len(doc) and doc[k].text == "," and not _opens_appositive(ix, run[0][0].start, words):
            continue  # "Kuleba, Foreign Minister, Anna Berg": a list, not a title before a name
        front = _front_body(ix, run[0][0].start)
        shared = _shared_body(ix, run)
        for p, own in run:
            if own:
                add(person, p, rule, front, shared)
    # A title in apposition after the name: "X, (the) [Country's] Title [complement][, and ...]" closed.
    for i, f in enumerate(found):
        if f.label != "Person":
            continue
        k = f.end
        if k >= len(doc) or doc[k].text != ",":
            continue
        k += 1
        while k < len(doc) and doc[k].lower_ in APPOSITION_OPENERS:
            k += 1
        m = ix.first_at_start.get(k)
        if m is not None and found[m].label in BODY_LABELS:
            k = found[m].end
            if k < len(doc) and doc[k].text in POSSESSIVES:
                k += 1
        words_start = k
        k = _after_portfolio_words(ix, k)  # "X, Works and Housing Minister": the portfolio opens the title
        run = next((r for r in runs if r[0][0].start == k), None)
        if run is None:
            continue
        end = run[-1][0].end
        if end < len(doc) and (end in person_start or not _closes_apposition(doc[end])):
            continue  # a title before someone else's name, or "Zelenskiy, Qatari emir discuss": no apposition
        if end < len(doc) and doc[end].text == "," and end + 1 in person_start \
                and not _name_first_list(ix, run[0][0].start, person_end, run_end):
            continue  # "X, Foreign Minister, Y": the title is Y's (title-before-comma)
        front = _front_body(ix, run[0][0].start)
        shared = _shared_body(ix, run)
        for n, (p, own) in enumerate(run):
            if n == 0 and words_start < k:
                p = TitlePhrase(words_start, p.words_end, p.end, p.org, p.country)
            if own:
                add(i, p, "apposition", front, shared)
    out += _grammar_roles(ix, phrases, portfolios, words, blockers, seen)
    out += plural_title_lists(ix, words, {r.person for r in out})
    return out


LIST_GLUE = frozenset({",", ";", "and", "&", "as", "well", "of", "the", "(", ")", "-", "--", "\u2013", "\u2014"})
PLURAL_TITLE_RULE = "plural-title"


def plural_title_lists(ix: DocIndex, words: RoleWords, titled: set[int]) -> list[RoleFact]:
    """An office in the plural before a list gives each person listed that office: "Congressmen A (R-Texas) and B",
    "the ambassadors of Chile, A, and Peru, B", "the two presidents, A of Chile and B of Peru". The list runs while
    only names, bodies, brackets and list words follow; each person's body is the country written just before
    the name ("Chile, A") or just after it ("A of Chile"). People with a title of their own keep theirs."""
    doc, found = ix.doc, ix.found
    heads = words.heads - words.weak_heads
    plurals = _plurals_of(heads)
    out: list[RoleFact] = []
    for t in doc:
        if t.lower_ not in plurals:
            continue
        single = _singular(t.lower_)
        if single is None or single not in heads or t.i in ix.mention_at:
            continue
        sent = ix.sentence_of(t.i)
        title = single[:1].upper() + single[1:] if t.text[:1].isupper() else single
        depth, k, listed = 0, t.i + 1, []
        while k < sent.end:
            i = ix.mention_at.get(k)
            if i is not None:
                if found[i].label == "Person" and found[i].start == k and i not in titled \
                        and k - 1 not in ix.title_at_end:
                    listed.append(i)
                k = found[i].end
                continue
            tok = doc[k]
            if tok.text == "(":
                depth += 1
            elif tok.text == ")":
                depth = max(0, depth - 1)
            elif depth == 0 and tok.lower_ not in LIST_GLUE:
                break
            k += 1
        for i in listed:
            org = _listed_body(ix, i)
            out.append(RoleFact(i, title, org, sent, PLURAL_TITLE_RULE,
                                found[org].key if org is not None else None,
                                ROLE_WITH_BODY if org is not None else ROLE_WITHOUT_BODY, head=single, tok=t.i))
    return out


@lru_cache(maxsize=4)
def _plurals_of(heads: frozenset[str]) -> frozenset[str]:
    """Every word `_singular` maps to one of `heads`: each of its three endings undone ("ministers",
    "congressmen", "secretaries"), kept where it maps back."""
    forms = {form for h in heads for form in (h + "s", h[:-1] + "ies", h[:-3] + "men")}
    return frozenset(w for w in forms if _singular(w) in heads)


def _singular(word: str) -> str | None:
    """'ministers' -> minister, 'congressmen' -> congressman, 'secretaries' -> secretary; None if not a plural."""
    if word.endswith("men") and len(word) > 4:
        return word[:-3] + "man"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return None


def _listed_body(ix: DocIndex, i: int) -> int | None:
    """The Country written just before a listed name ("Chile, A") or right after it ("A of Chile")."""
    doc, f = ix.doc, ix.found[i]
    k = f.start - 1
    if k >= 0 and doc[k].text == ",":
        k -= 1
    for end, j in ix.country_ends:
        if end == k + 1 and j != i:
            return j
    k = f.end
    if k + 1 < len(doc) and doc[k].lower_ == "of":
        j = ix.first_at_start.get(k + 1)
        if j is None and doc[k + 1].lower_ == "the":
            j = ix.first_at_start.get(k + 2)
        if j is not None and ix.found[j].label == "Country":
            return j
    return None


MAX_PORTFOLIO_WORDS = 4  # capitalised words before a title's head in apposition ("Roads and Highways Minister")


def _after_portfolio_words(ix: DocIndex, k: int) -> int:
    """Where a title begins after capitalised portfolio words the ruler does not list ("Works and Housing
    Minister", "Regional Integration Minister"): the start of the title those words lead to, else `k`."""
    doc = ix.doc
    j = k
    while j < len(doc) and j - k < MAX_PORTFOLIO_WORDS and j not in ix.title_at_start and j not in ix.mention_at:
        t = doc[j]
        if not ((t.is_title and t.is_alpha and t.pos_ in ("PROPN", "NOUN", "ADJ") and not t.ent_type_)
                or (j > k and t.lower_ in ("and", "&"))):
            return k
        j += 1
    return j if j > k and j in ix.title_at_start else k


def _phrase_open(ix: DocIndex, start: int) -> int:
    """The first token of a title phrase with what may open it: the body before it and 'the'."""
    doc = ix.doc
    front = _front_body(ix, start)
    k = ix.found[front].start if front is not None else start
    j = k
    while j > 0 and k - j < MAX_PORTFOLIO_WORDS and j - 1 not in ix.mention_at and (
            doc[j - 1].lower_ in ("and", "&") or (doc[j - 1].is_title and doc[j - 1].is_alpha and not doc[j - 1].ent_type_
                                                 and doc[j - 1].pos_ in ("PROPN", "NOUN", "ADJ"))):
        j -= 1
    if j < k and _after_portfolio_words(ix, j) == k:
        k = j  # "Roads and Transport Minister": the portfolio words open the phrase
    while k > 0 and doc[k - 1].lower_ in APPOSITION_OPENERS:
        k -= 1
    return k


def _name_first_list(ix: DocIndex, title_start: int, person_end: Mapping[int, int],
                     run_end: Mapping[int, list[tuple[TitlePhrase, bool]]]) -> bool:
    """'accompanied by A, Minister for X, B, Minister for Y': a list of "Name, Title" items, each title in
    apposition after its name. A title between commas with a name on each side ("A, Title, B") is read with the
    list: walking back over "Name, Title," pairs, the list opens with a name (the title is the name's before
    it), or with a title ("the Director of X, A, the Spokesperson, B": the title is the name's after it)."""
    doc = ix.doc
    k = _phrase_open(ix, title_start) - 1
    while k > 0 and doc[k].text == ",":
        p = person_end.get(k)
        if p is None:
            return False  # "Kuleba, Foreign Minister, Anna Berg" has no name before the title in this sense
        k = ix.found[p].written_start - 1
        if k < 0 or doc[k].text != ",":
            return True  # the list opens with this name
        run = _run_ending_at(ix, k, run_end)
        if run is None:
            return True  # "A, B, Minister X": names listed before; the first item is a name
        k = _phrase_open(ix, run[0][0].start) - 1
    return False


def _run_ending_at(ix: DocIndex, k: int, run_end: Mapping[int, list[tuple[TitlePhrase, bool]]]
                   ) -> list[tuple[TitlePhrase, bool]] | None:
    """The title run that ends at token `k` (a comma), also when its complement stopped inside the body's name
    that ends there ("Director of the Planning| Office,")."""
    if k in run_end:
        return run_end[k]
    m = ix.mention_at.get(k - 1)
    if m is None or ix.found[m].label == "Person":
        return None
    return next((run_end[j] for j in range(ix.found[m].start, k) if j in run_end), None)


def _closes_apposition(tok: Token) -> bool:
    """What may follow a title in apposition: punctuation, 'and', 'who', or a preposition of its own
    ("X, Syria's leader for 25 years, fled"); never a verb ("X, Qatari emir discuss ...")."""
    return tok.text in APPOSITION_CLOSERS or tok.lower_ in APPOSITION_CLOSERS or \
        (tok.pos_ == "ADP" and tok.lower_ != "to") or \
        (tok.lower_ == "as" and tok.i + 2 < len(tok.doc) and tok.nbor(1).lower_ == "well" and tok.nbor(2).lower_ == "as")


def _opens_appositive(ix: DocIndex, start: int, words: RoleWords) -> bool:
    """'The Head of the Office, Alexander Vinnikov': a title followed by a comma names the person after it
    when the title opens its phrase (after 'the', a possessive body, a preposition or the sentence start)."""
    doc = ix.doc
    k = start
    front = _front_body(ix, start)
    if k > 1 and doc[k - 1].text in POSSESSIVES and doc[k - 2].lower_ in STATE_NOUNS:
        k -= 2  # "the country's Vice President, X": the state named by a common noun
    elif front is not None:
        k = ix.found[front].start
    for _ in range(MAX_FRONT_WORDS):  # "the Acting NATO Spokesperson", "the Desk Officer for Georgia"
        if k > 0 and doc[k - 1].lower_ not in APPOSITION_OPENERS and (doc[k - 1].is_title or doc[k - 1].pos_ == "ADJ") \
                and doc[k - 1].pos_ not in ("VERB", "AUX", "ADP"):
            k -= 1
    while k > 0 and doc[k - 1].lower_ in APPOSITION_OPENERS:
        k -= 1
    if k == ix.sentence_of(start).start:
        return True
    prev = doc[k - 1]
    return prev.pos_ in ("ADP", "VERB", "AUX", "SCONJ", "CCONJ") or prev.text in (",", ":", "(", "\u2014", "-") \
        or prev.lower_ in words.joiners


def _shared_body(ix: DocIndex, run: list[tuple[TitlePhrase, bool]]) -> int | None:
    """'Deputy Prime Minister/Defence Minister of Estonia': the last title's body serves titles joined to it
    by and or '/'."""
    if len(run) < 2:
        return None
    last = run[-1][0]
    body = last.org if last.org is not None else last.country
    if body is None:
        return None
    gap = ix.doc[run[-2][0].end].text.lower()
    return body if gap in ("and", "/", "&") else None


def role_fact(ix: DocIndex, person: int, p: TitlePhrase | TitleSpan, rule: str, portfolios: Portfolios,
              front: int | None = None, shared: int | None = None) -> RoleFact:
    """The role a title phrase gives: its words (with its complement), its body, and that body's country."""
    doc = ix.doc
    if isinstance(p, TitleSpan):
        end = ix.found[p.org].end if p.org is not None else p.end
        p = TitlePhrase(p.start, p.end, end, p.org, None)
    title = doc[p.start:p.end].text.strip()
    if title.lower().startswith("the "):
        title = title[4:]
    body_before = front if front is not None else _front_body(ix, p.start)
    k = ix.found[body_before].start if body_before is not None else p.start
    if k > 0 and doc[k - 1].lower_ in PAST_MARKERS and not title.lower().startswith(doc[k - 1].lower_):
        title = f"{doc[k - 1].lower_} {title}"  # "former NATO Secretary General X": a past office
    org = p.org
    if org is None:
        org = front if front is not None else _front_body(ix, p.start)
    if org is None:
        org = p.country if p.country is not None else shared
    if org is None:
        org = ministry_for_title(ix, title, portfolios)
    country = None
    if org is not None:
        of = ix.found[org]
        country = of.key if of.label == "Country" else of.country
    if country is None and p.country is not None:
        country = ix.found[p.country].key
    if country is None:  # "Qatari Minister of State at the Ministry of Foreign Affairs": the ministry is Qatar's
        f = front if front is not None else _front_body(ix, p.start)
        if f is not None and ix.found[f].label == "Country":
            country = ix.found[f].key
    if country is None and org is None:
        country = _state_country(ix, p.start)  # "Gujarat Chief Minister X", "Texas Governor Y": that country's
    return RoleFact(person, title, org, ix.sentence_of(p.start), rule, country,
                    ROLE_WITH_BODY if org is not None else ROLE_WITHOUT_BODY, head=doc[p.words_end - 1].lower_,
                    tok=p.words_end - 1)


def _state_country(ix: DocIndex, start: int) -> str | None:
    """The country of a state or region named right before a title ("Punjab Governor", "Ontario's Premier"):
    a division the gazetteer knows, of one country."""
    from ...gazetteer import get_gazetteer
    k = start - 1 if start > 0 and ix.doc[start - 1].text in POSSESSIVES else start
    m = ix.mention_at.get(k - 1)
    if m is None or ix.found[m].label != "Place" or ix.found[m].end != k:
        return None
    text = ix.text(m)
    states = {p.country for p in get_gazetteer().place_candidates(text) if p.kind == "state" and p.country}
    return states.pop() if len(states) == 1 else None


def _grammar_roles(ix: DocIndex, phrases: list[TitlePhrase], portfolios: Portfolios, words: RoleWords,
                   blockers: Blockers | None, seen: set[tuple[int, int]]) -> list[RoleFact]:
    """Roles the clause gives: "replaced X as foreign minister", "X is the chairman of ...", "which he heads"."""
    doc, found = ix.doc, ix.found
    out: list[RoleFact] = []
    if not phrases and not any(t.lemma_.lower() in words.role_verbs for t in doc):
        return out
    phrase_at = {k: p for p in phrases for k in range(p.start, p.words_end)}
    person_at = {k: i for k, i in ix.mention_at.items() if found[i].label == "Person"}
    pron_cache: dict[int, dict[int, int]] = {}

    def people_at(sent_start: int) -> Mapping[int, int]:
        if sent_start not in pron_cache:
            sent = ix.sentence_of(sent_start)
            pron_cache[sent_start] = {**person_at, **pronouns(ix, sent)}
        return pron_cache[sent_start]

    for tok in doc:
        low = tok.lower_
        if low == "as" and tok.dep_ == "prep":
            obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            p = phrase_at.get(obj.i) if obj is not None else None
            if p is None or tok.head.pos_ not in ("VERB", "AUX") or \
                    (blockers is not None and blocked(tok.head, blockers)):
                continue
            who = _as_holder(people_at(tok.i), tok.head, words.appointing_verbs)
            for i in who:
                if (i, p.start) not in seen:
                    seen.add((i, p.start))
                    out.append(role_fact(ix, i, p, "as-title", portfolios))
        elif tok.lemma_.lower() in COPULAS and tok.pos_ in ("AUX", "VERB"):
            attr = next((c for c in tok.children if c.dep_ == "attr"), None)
            p = phrase_at.get(attr.i) if attr is not None else None
            if p is None or (blockers is not None and blocked(tok, blockers)):
                continue
            at = people_at(tok.i)
            for c in tok.children:
                if c.dep_ == "nsubj":
                    got = np_mentions(at, c)
                    if not got and c.lower_ in ("who", "that") and tok.dep_ == "relcl" and tok.head.i in at:
                        got = [at[tok.head.i]]  # "X, who is the chairman of ...": the noun the clause hangs from
                    for i in got:
                        if found[i].label == "Person" and (i, p.start) not in seen:
                            seen.add((i, p.start))
                            out.append(role_fact(ix, i, p, "copula", portfolios))
        elif tok.pos_ == "VERB" and tok.lemma_.lower() in words.role_verbs:
            if blockers is not None and blocked(tok, blockers):
                continue
            body = _verb_body(ix, tok)
            if body is None:
                continue
            at = people_at(tok.i)
            holders = [i for c in tok.children if c.dep_ == "nsubj" for i in np_mentions(at, c)]
            for c in tok.children:  # "which he heads together with X"
                if c.dep_ in ("advmod", "prep") and c.lower_ in ("together", "with", "alongside"):
                    for g in c.subtree:
                        if g.i in at and at[g.i] not in holders:
                            holders.append(at[g.i])
            title = words.role_verbs[tok.lemma_.lower()]
            of = found[body]
            country = of.key if of.label == "Country" else of.country
            for i in holders:
                out.append(RoleFact(i, title, body, ix.sentence_of(tok.i), f"verb:{tok.lemma_.lower()}", country,
                                    ROLE_WITH_BODY, head=title))
    return out


def _as_holder(at: Mapping[int, int], verb: Token, appointing: frozenset[str]) -> list[int]:
    """Who a title after 'as' belongs to: the object of a verb of appointing ("replaced X as ..."), the passive
    subject ("X was named as ..."), the noun a relative clause hangs from, else the subject ("X served as ...",
    "X met Y as foreign minister")."""
    if verb.lemma_.lower() in appointing:
        got = [i for c in verb.children if c.dep_ == "dobj" for i in np_mentions(at, c)]
        if got:
            return got
    got = [i for c in verb.children if c.dep_ == "nsubjpass" for i in np_mentions(at, c)]
    if got:
        return got
    if verb.dep_ == "relcl" and verb.head.i in at:
        return [at[verb.head.i]]
    return [i for c in verb.children if c.dep_ == "nsubj" for i in np_mentions(at, c)]


def _verb_body(ix: DocIndex, verb: Token) -> int | None:
    """The body a role verb takes: its object, or the noun its relative clause hangs from."""
    cands = [c for c in verb.children if c.dep_ == "dobj"]
    if verb.dep_ == "relcl":
        cands.append(verb.head)
    for c in cands:
        i = ix.mention_at.get(c.i)
        if i is not None and ix.found[i].label in BODY_LABELS | {"Organization"}:
            return i
    return None


def dateline_body(ix: DocIndex, r: RoleFact) -> RoleFact:
    """A title that names no body, held by someone the document gives no country, belongs to the country of
    the article's dateline ("MANILA, Philippines \u2014 President X"): wire copy names a foreign office holder with
    the country. Assembly prefers the person's country from other roles and articles when there is one; the
    role's `country` stays unknown, so the person's own country is not taken from a dateline."""
    return RoleFact(r.person, r.title, ix.dateline, r.evidence, r.rule + DATELINE_RULE, None,
                    ROLE_FROM_DATELINE, head=r.head, tok=r.tok)


def companion_countries(ix: DocIndex, person_country: Mapping[int, str]) -> dict[int, int]:
    """'X was accompanied by Finance Minister A', 'X, accompanied by A and B, met Y', 'the delegation
    accompanying X includes A and B', 'a delegation including A and B accompanied X': the companions serve X's
    country (mention -> that Country mention). Not 'A accompanied X': a host accompanies a guest too."""
    out: dict[int, int] = {}
    if not person_country:
        return out
    doc, found = ix.doc, ix.found
    words: dict[str, set[str]] = {}  # a word of a name whose country is known -> the countries
    for p, c in person_country.items():
        for w in ix.text(p).split():
            if w[:1].isupper():
                words.setdefault(w, set()).add(c)
    country_mention: dict[str, int] = {}
    for i, f in enumerate(found):
        if f.label == "Country" and f.key:
            country_mention.setdefault(f.key, i)

    def people(toks) -> list[int]:
        got = []
        for u in toks:
            i = ix.mention_at.get(u.i)
            if i is not None and found[i].label == "Person" and i not in got:
                got.append(i)
        return got

    for tok in doc:
        if tok.lemma_.lower() != "accompany" or tok.pos_ != "VERB":
            continue
        led: list[int] = []
        with_: list[int] = []
        # "A delegation including A and B accompanied X": a group noun, not a person, accompanies (a person who
        # accompanies another may be the host)
        group_subject = any(c.dep_ == "nsubj" and c.i not in ix.mention_at and c.pos_ == "NOUN" for c in tok.children)
        for c in tok.children:
            if c.dep_ == "nsubjpass":
                led += people(c.subtree)  # "X was accompanied by A"
            elif c.dep_ == "agent":
                with_ += people(c.subtree)
            elif c.dep_ == "dobj" and (tok.dep_ in ("acl", "csubj") or group_subject):
                led += people(c.subtree)  # "the delegation accompanying X", "a delegation including A accompanied X"
            elif c.dep_ == "nsubj" and group_subject:
                with_ += people(c.subtree)
        if tok.dep_ == "acl" and not led:
            led = people([tok.head])  # "X, accompanied by A and B, met Y"
        # "the delegation accompanying X includes A, B and C" (the parse hangs the clause on the noun or the verb)
        group = tok.head.head if tok.dep_ == "acl" and tok.head.dep_ in ("nsubj", "nsubjpass") \
            and tok.head.i not in ix.mention_at else tok.head if tok.dep_ == "csubj" else None
        if group is not None and not with_:
            with_ = people(u for c in group.children if c.dep_ in ("dobj", "attr") for u in c.subtree)
        codes = {c for i in led for w in ix.text(i).split() for c in words.get(w, ())}
        if len(codes) != 1:
            continue
        code = codes.pop()
        if code not in country_mention:
            continue
        for i in with_:
            if i not in led:
                out.setdefault(i, country_mention[code])
    return out


def pair_countries(ix: DocIndex, roles: list[RoleFact], person_country: Mapping[int, str]) -> dict[int, int]:
    """A bilateral article (two countries make up most of its country mentions) gives the same office to one
    person of each side: "Prime Minister A hosted Kenyan Prime Minister B", "President C held a call with the
    President of Peru, D". A title that names no body, held by someone of unknown country, belongs to the other
    country of the pair when holders of that title from exactly one of the two are known here.
    Returns id(role) -> the other country's first Country mention."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for i, f in enumerate(ix.found):
        if f.label == "Country" and f.key:
            counts[f.key] = counts.get(f.key, 0) + 1
            first.setdefault(f.key, i)
    ranked = sorted(counts, key=lambda c: -counts[c])
    if len(ranked) < 2 or counts[ranked[1]] < PAIR_MIN \
            or (counts[ranked[0]] + counts[ranked[1]]) < PAIR_SHARE * sum(counts.values()) \
            or (len(ranked) > 2 and counts[ranked[2]] >= counts[ranked[1]]):
        return {}
    pair = set(ranked[:2])
    synonyms = titles().get("title_synonyms", {})

    def head(r: RoleFact) -> str:
        h = r.head or (r.title.lower().split()[-1] if r.title else "")
        words = _title_words(r.title, h)
        return synonyms.get(words, words)  # "premier" and "prime minister" are one office

    surname = {p: ix.text(p).split()[-1] for p in {r.person for r in roles} | set(person_country)}
    known = {surname[p] for p in person_country}
    holders: dict[str, set[str]] = {}
    stems: dict[str, set[str]] = {}  # the first letters of the words of each title's known holders
    for r in roles:
        c = person_country.get(r.person)
        if c and not r.title.lower().startswith(tuple(PAST_MARKERS)):
            holders.setdefault(head(r), set()).add(c)
            stems.setdefault(head(r), set()).update(w[:NAME_STEM].lower() for w in ix.text(r.person).split())
    out: dict[int, int] = {}
    for r in roles:
        if r.org is not None or r.person in person_country or surname[r.person] in known \
                or r.title.lower().startswith(tuple(PAST_MARKERS)):
            continue
        have = holders.get(head(r), set())
        if len(have) != 1 or not have < pair:
            continue  # nobody, both sides, or a holder from a third country: not one person of each side
        if any(w[:NAME_STEM].lower() in stems[head(r)] for w in ix.text(r.person).split()):
            continue  # "President Jokowi" may be the known "President Joko Widodo" written short
        out[id(r)] = first[next(iter(pair - have))]
    return out


def hinted_body(r: RoleFact, country: int, rule: str, confidence: float) -> RoleFact:
    return RoleFact(r.person, r.title, country, r.evidence, r.rule + rule, None, confidence, head=r.head, tok=r.tok)


def article_country(ix: DocIndex, roles: list[RoleFact]) -> int | None:
    """The country an article is written from, when one stands out: news names a foreign office holder with
    the country ("Kenyan President X") and a home one without ("President Y"), so it is the country named most
    (at least ARTICLE_COUNTRY_MIN times, more than any other, and in more than a third of all country mentions),
    and one the article's large places (if it names any) lie in. The home country may qualify a title too
    ("Governor-General of Australia", "Fiji's Prime Minister" in a Fijian paper): that makes it no foreign one."""
    counts: dict[str, list[int]] = {}
    total = 0
    for i, f in enumerate(ix.found):
        if f.label == "Country" and f.key:
            total += 1
            counts.setdefault(f.key, []).append(i)
    ranked = sorted(counts.values(), key=len, reverse=True)
    if not ranked or len(ranked[0]) < ARTICLE_COUNTRY_MIN or (len(ranked) > 1 and len(ranked[1]) >= len(ranked[0])) \
            or len(ranked[0]) * ARTICLE_COUNTRY_SHARE <= total:
        return None  # ... and more than a third of all the article names: not a war or a partner in passing
    best = ranked[0][0]
    hosts = {c for c in (_place_country(ix, i) for i, f in enumerate(ix.found) if f.label == "Place") if c}
    if hosts and ix.found[best].key not in hosts:
        return None  # the article's places lie elsewhere: the country is one it talks about, not one it is in
    return best


def _place_country(ix: DocIndex, i: int) -> str | None:
    f = ix.found[i]
    if f.context_country:
        return f.context_country
    from ...gazetteer import get_gazetteer
    p = get_gazetteer().best_place(ix.text(i))
    return p.country if p and p.population >= 100_000 else None


def context_body(ix: DocIndex, r: RoleFact, country: int) -> RoleFact:
    """A title that names no body, held by someone the document gives no country, in an article about one
    country: a hint that the title is that country's (assembly prefers the person's own country)."""
    return RoleFact(r.person, r.title, country, r.evidence, r.rule + ARTICLE_RULE, None,
                    ROLE_FROM_ARTICLE, head=r.head, tok=r.tok)


def ministry_for_title(ix: DocIndex, title: str, portfolios: Portfolios) -> int | None:
    """'External Affairs Minister' belongs to the one 'Ministry of External Affairs' this document names."""
    low = title.lower()
    words = [(p, pat) for p, pat in portfolios.patterns if pat.search(low)]
    if not words:
        return None
    _, pattern = max(words, key=lambda w: len(w[0]))
    hits = {i for i in ix.ministries if pattern.search(ix.text(i).lower())}
    names = {ix.text(i).lower() for i in hits}
    countries = {ix.found[i].country for i in hits}
    if hits and len(countries) == 1 and (len(names) == 1 or None not in countries):
        return min(hits)
    return None


# ------------------------------------------------------------------ people's countries
def person_countries(roles: list[RoleFact]) -> dict[int, str]:
    """A person's country: that of the first of their roles that has one."""
    out: dict[int, str] = {}
    for r in roles:
        if r.country:
            out.setdefault(r.person, r.country)
    return out


def nationality_cues(ix: DocIndex, words: RoleWords) -> dict[int, str]:
    """Countries the text gives people without a title: "UK's Cameron", "his Turkish counterpart X",
    "Emir Tamim of Qatar"."""
    doc, found = ix.doc, ix.found
    out: dict[int, str] = {}
    for i, f in enumerate(found):
        if f.label != "Person":
            continue
        k = f.written_start
        if k in ix.title_at_end:
            continue  # a title's country is the role's business
        before = k - 1 if k > 0 and doc[k - 1].text in POSSESSIVES else k
        c = ix.body_at_end.get(before)
        if c is not None and found[c].label == "Country" and before < k:
            out[i] = found[c].key  # "UK's Cameron"
            continue
        if k > 0 and doc[k - 1].lower_ in words.nationality_nouns:
            noun = doc[k - 1]
            for j in range(max(0, noun.i - 3), noun.i):
                m = ix.mention_at.get(j)
                if m is not None and found[m].label == "Country":
                    out[i] = found[m].key  # "his Turkish counterpart X"
            if i in out:
                continue
        e = f.end
        if e + 1 < len(doc) and doc[e].lower_ == "of":
            m = ix.first_at_start.get(e + 1)
            if m is not None and found[m].label == "Country":
                out[i] = found[m].key  # "Tamim of Qatar"
    return out


def reference_nationalities(ix: DocIndex, refs: Mapping[int, int]) -> dict[int, str]:
    """'the Thai leader', 'the Polish president' standing for one person of the document: the demonym (a Country
    mention describing the title word) is that person's country, when every such reference to them agrees."""
    seen: dict[int, set[str]] = {}
    for tok, person in refs.items():
        t = ix.doc[tok]
        for c in t.children:
            if c.dep_ in ("amod", "compound", "poss") and c.i < t.i:
                m = ix.mention_at.get(c.i)
                if m is not None and ix.found[m].label == "Country" and ix.found[m].key:
                    seen.setdefault(person, set()).add(ix.found[m].key)
    return {p: next(iter(cs)) for p, cs in seen.items() if len(cs) == 1}


def ministry_countries(ix: DocIndex, roles: list[RoleFact], portfolios: Portfolios) -> dict[int, tuple[str, str]]:
    """A ministry named without its country belongs to the country of the person whose title
    names its portfolio ('UK Defence Secretary' ... 'the Ministry of Defence'): mention -> (country, reason)."""
    out: dict[int, tuple[str, str]] = {}
    for r in roles:  # "Qatari Minister of State at the Ministry of Foreign Affairs": that ministry is Qatar's
        if r.org is not None and r.country and ix.found[r.org].label == "Ministry" and not ix.found[r.org].country:
            out.setdefault(r.org, (r.country, "country of the title it belongs to"))
    for i, f in enumerate(ix.found):
        if f.label != "Ministry" or f.country or i in out:
            continue
        name = ix.text(i).lower()
        portfolio = next((p for p in portfolios.longest_first if p in name), None)
        if not portfolio:
            continue
        holders = [r for r in roles if r.country and portfolio.split()[0] in r.title.lower()]
        countries = {r.country for r in holders}
        if len(countries) != 1:
            continue
        code = countries.pop()
        named = {g.key for g in ix.found if g.label == "Country" and g.key}
        sent = ix.sentence_of(f.start).start
        if named - {code} and not any(r.evidence.start == sent for r in holders):
            continue  # another country's ministry may be meant: "Mexico's foreign secretary ... the Ministry of
            # Foreign Affairs of the host" (only the holder's own sentence, or a one-country article, tells)
        out[i] = (code, f"country of the {portfolio} title holder in this document")
    return out


def title_references(ix: DocIndex, roles: list[RoleFact], countries: Mapping[int, str] | None = None,
                     relaxed: bool = False) -> dict[int, int]:
    """'the Saudi crown prince', 'the Russian president', 'the vice-premier': a title alone names its holder
    when exactly one person in the document holds that title (with that country, when given); 'his Turkish
    counterpart' names the one person of the document from that country. `relaxed`: a title with a country no
    holder has may name the one holder whose country is unknown (read only to learn that country)."""
    countries = countries or {}
    synonyms = titles().get("title_synonyms", {})
    holders: dict[str, set[tuple[int, str | None, str]]] = {}
    current: set[tuple[str, str]] = set()  # (surname, title words) of an office held now, not "former"
    for r in roles:
        head = r.head or (r.title.lower().split()[-1] if r.title else "")
        words = synonyms.get(_title_words(r.title, head), _title_words(r.title, head))
        holders.setdefault(words.split()[-1] if words else head, set()).add((r.person, r.country, words))
        if not r.title.lower().startswith(tuple(PAST_MARKERS)):
            current.add((ix.text(r.person).split()[-1], words))
    out: dict[int, int] = {}
    if not holders and not countries:
        return out
    doc, found, at = ix.doc, ix.found, ix.mention_at
    for tok in doc:
        if tok.i in at or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        said = " ".join([c.lower_ for c in tok.children if c.dep_ in ("compound", "amod") and c.i not in at
                         and c.i < tok.i] + [tok.lower_])
        said = synonyms.get(said, synonyms.get(tok.lower_, said))
        cands = holders.get(said.split()[-1])
        described = not cands and tok.lower_ in DESCRIPTION_NOUNS  # "the Angolan statesman"
        if tok.lower_ in COUNTERPART_NOUNS or described:
            cands = {(p, c, "") for p, c in countries.items()}  # "his Turkish counterpart": the Turk
        if not cands:
            continue
        det = [c for c in tok.children if c.dep_ == "det"]
        has_country = any(at.get(c.i) is not None and found[at[c.i]].label == "Country" for c in tok.children)
        if not has_country and (not det or det[0].lower_ != "the"):
            continue
        if tok.i + 1 < len(doc) and doc[tok.i + 1].ent_type_ == "PERSON":
            continue
        country = None
        for c in tok.children:
            j = at.get(c.i)
            if j is not None and found[j].label == "Country":
                country = found[j].key
        if (tok.lower_ in COUNTERPART_NOUNS or described) and country is None:
            continue
        people = {(p, words) for p, pc, words in cands if country is None or pc == country}
        if described and tok.lower_ in LEADER_NOUNS:  # "the Ukrainian leader": a head of state or government
            people = {(p, words) for ps in holders.values() for p, pc, words in ps
                      if pc == country and words in LEADER_TITLES}
        if relaxed and not people and country is not None and tok.lower_ not in COUNTERPART_NOUNS and not described:
            # "Prime Minister X ... the Thai prime minister": the one holder whose country is not known yet
            known = {ix.text(q).split()[-1] for q in countries}  # a country any mention of theirs has
            people = {(p, words) for p, pc, words in cands if pc is None and ix.text(p).split()[-1] not in known}
        elif relaxed and not people and country is not None and described and tok.lower_ in LEADER_NOUNS:
            # "President X ... the Ukrainian leader said": the one head of state or government whose country is
            # not known yet
            known = {ix.text(q).split()[-1] for q in countries}
            people = {(p, words) for ps in holders.values() for p, pc, words in ps
                      if pc is None and words in LEADER_TITLES and ix.text(p).split()[-1] not in known}
            said = ""
        # "the NATO Secretary General" is the Secretary General, not the Deputy Assistant Secretary General.
        exact = {p for p, words in people if words == said}
        chosen = exact or {p for p, _ in people}
        now = {p for p, w in people if p in chosen and (ix.text(p).split()[-1], w) in current}
        if any(c.lower_ in PAST_MARKERS for c in tok.children):
            chosen = (chosen - now) or chosen  # "... the former president": B
        elif now:
            chosen = now  # "President A hosted former President B ... the president": A
        names = {ix.text(p).split()[-1] for p in chosen}
        if len(names) == 1:
            out[tok.i] = min(chosen)
    # "the CIA chief", "the CIA and Mossad chiefs": a body's chief is the one person holding a title in it.
    held: dict[int, set[int]] = {}
    for r in roles:
        if r.org is not None and found[r.org].label in ("Organization", "Ministry"):
            held.setdefault(_body_key(ix, r.org), set()).add(r.person)
    if held:
        for tok in doc:
            if tok.lower_ not in CHIEF_NOUNS or tok.i in at:
                continue
            near = list(tok.subtree) + ([tok.head] if tok.dep_ == "conj" else [])  # "the CIA and Mossad chiefs"
            for c in near:
                j = at.get(c.i)
                if j is None or found[j].label not in ("Organization", "Ministry") or c.i != found[j].end - 1 \
                        or c.i > tok.i:
                    continue
                people = held.get(_body_key(ix, j), set())
                if len({ix.text(p).split()[-1] for p in people}) == 1:
                    out.setdefault(c.i, min(people))
                    out.setdefault(tok.i, min(people))
    # Titles of several words the parse splits ("the Russian vice-premier"): the whole span names the holder.
    for t in ix.titles:
        if t.end - t.start < 2 or any(k in out for k in range(t.start, t.end)) or t.end in ix.first_at_start:
            continue
        words = [w.lower_ for w in doc[t.start:t.end]]
        said = "".join(w if w == "-" or (k and words[k - 1] == "-") else " " + w for k, w in enumerate(words)).strip()
        said = synonyms.get(said, said)
        cands = holders.get(said.split()[-1]) if said else None
        if not cands:
            continue
        body = _front_body(ix, t.start)
        country = found[body].key if body is not None and found[body].label == "Country" else None
        k = found[body].start if body is not None else t.start
        if body is None and (k == 0 or doc[k - 1].lower_ != "the"):
            continue
        people = {(p, w) for p, pc, w in cands if country is None or pc == country}
        chosen = {p for p, w in people if w == said} or {p for p, _ in people}
        if len({ix.text(p).split()[-1] for p in chosen}) == 1:
            for k in range(t.start, t.end):
                out[k] = min(chosen)
    return out


def _body_key(ix: DocIndex, i: int) -> str:
    return ix.text(i).lower().removeprefix("the ")


def _title_words(title: str, head: str) -> str:
    """The words of a title up to its head, lower case, without 'former' and the like: 'secretary general'."""
    words = title.lower().split()
    if head in words:
        words = words[:words.index(head) + 1]
    return " ".join(w for w in words if w not in ("former", "acting", "then", "new"))
