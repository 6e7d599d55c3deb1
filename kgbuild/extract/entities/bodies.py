"""Bodies and events: events named by a body and an event word, the bodies inside events, acronyms, the
country in front of a ministry, acronyms the text defines, and the body a title belongs to."""
from __future__ import annotations

from ...names import acronym_of, is_acronym, significant_words
from .base import APOS, Draft, EntityConfig, Found, region_key

BODY_LABELS = frozenset({"Organization", "Ministry"})
EVENT_NAMERS = frozenset({"Organization", "Country", "Place"})  # what names an event: "EU summit", "Paris talks"
INSIDE_EVENT_ACRONYM = (2, 8)  # length (with dots) of a body's acronym inside an event name ("ASEAN Summit")
DEFINED_ACRONYM = (2, 6)  # length of an acronym the text defines in brackets: "Ministry of Defence (MoD)"
NICKNAME_MIN = 3  # letters of a name in brackets after a person's full name ("Joko Widodo (Jokowi)")
MAX_COUNTRY_WORDS = 4  # words of a country name looked for inside a body's name ("British Army")
TITLE_OF = frozenset({"of", "for", "at"})  # "President of the Sovereign Council"
BODY_COMPLEMENT = frozenset({"of", "for", "on"})  # "Office of the President", "Working Group on Security Guarantees"
BODY_JOINERS = frozenset({"and", "&"})  # inside a body's name: "Political Affairs and Security Policy Division"
HYPHENS = frozenset({"-", "\u2010"})
PLACE_LIKE = frozenset({"Country", "Place"})


def body_names(cfg: EntityConfig, d: Draft) -> None:
    """'NATO Liaison Office', 'UN General Assembly', 'Private Office of the Secretary General of NATO',
    'International Working Group on Security Guarantees for Ukraine': capitalised words ending in a body word
    (organizations.json body_heads), with 'of/for/on' + capitalised words after it, are one body, however the
    model cut them. Stops at people, dates, line breaks and the articles; countries inside stay Country
    mentions too. Adds Organization (or Ministry) mentions; removes the pieces and titles inside them."""
    doc = d.doc
    h = d.headline_end()
    owner: dict[int, Found] = {}
    for f in d.found:
        for t in range(f.start, f.end):
            owner.setdefault(t, f)
    dates = {t for e in doc.ents if e.label_ in ("DATE", "TIME") for t in range(e.start, e.end)}

    def word(k: int) -> bool:
        t = doc[k]
        g = owner.get(k)
        return k not in dates and (g is None or g.label != "Person") and not t.is_stop \
            and (t.is_title or (t.is_upper and t.is_alpha and len(t) >= 2))

    def titled_name(k: int) -> bool:  # "Foreign Minister Wang Yi", "Sultan Qaboos": a title, then a name
        m, head = k, False
        while m < len(doc) and doc[m].is_title and (doc[m].lower_ in cfg.title_words or doc[m].lower_ in cfg.portfolio_words):
            head = head or (doc[m].lower_ in cfg.title_words and doc[m].lower_ not in cfg.portfolio_words)
            m += 1
        return head and m > k and m < len(doc) and "\n" not in doc[m - 1].whitespace_ and doc[m].is_title \
            and doc[m].lower_ not in cfg.body_heads and not doc[m].is_stop \
            and (owner.get(m) is None or owner[m].label not in PLACE_LIKE | BODY_LABELS)

    def joins(k: int) -> bool:  # "and" between two words of the name, neither a country or place nor a title
        # after it ("Office for Strategic Affairs | and Chairman of ...": the holder's next office)
        return doc[k].lower_ in BODY_JOINERS and 0 < k < len(doc) - 1 and word(k - 1) and word(k + 1) and \
            (doc[k + 1].lower_ not in cfg.title_words or doc[k + 1].lower_ in cfg.portfolio_words) and \
            not titled_name(k + 1) and \
            not any(owner.get(j) is not None and owner[j].label in PLACE_LIKE for j in (k - 1, k + 1))

    def listed(k: int) -> bool:  # "on Economic, Cultural and Technical Cooperation": a comma in a list of words
        return doc[k].text == "," and 0 < k < len(doc) - 1 and word(k - 1) and word(k + 1) and \
            (owner.get(k + 1) is None or owner[k + 1].label in BODY_LABELS) and any(doc[m].lower_ in BODY_JOINERS for m in range(k + 1, min(len(doc), k + 6)))

    made: list[Found] = []
    i = h
    while i < len(doc):
        tok = doc[i]
        media = tok.lower_ in cfg.media_heads and (owner.get(i) is None or owner[i].label != "Person") and i > 0 \
            and doc[i - 1].lower_.rstrip(".") not in cfg.honorifics and doc[i - 1].lower_ not in cfg.title_words  # "Mr Sun"
        if not (tok.is_title and (tok.lower_ in cfg.body_heads or media)) or tok.lower_ in cfg.event_heads:
            i += 1
            continue
        if i + 1 < len(doc) and word(i + 1) and "\n" not in tok.whitespace_:
            i += 1  # the name goes on past the body word ("Open Government Licence")
            continue
        s = i
        while s > h and "\n" not in doc[s - 1].whitespace_:
            k = s - 1
            if word(k) or joins(k):
                s = k
            elif doc[k].text in HYPHENS and k > 0 and not doc[k].whitespace_ and not doc[k - 1].whitespace_ and word(k - 1):
                s = k  # "Non-Aligned Movement"
            else:
                break
        e = i + 1
        while e + 1 < len(doc) and doc[e].lower_ in BODY_COMPLEMENT and "\n" not in doc[e].whitespace_:
            j = e + 1 + (doc[e + 1].lower_ == "the")
            if j < len(doc) and doc[j].lower_ in cfg.plural_titles:
                break  # "Assembly | of Heads of State": a gathering of people, not a body's name
            k = j
            while k < len(doc) and (word(k) or (k > j and (joins(k) or listed(k)))) and "\n" not in doc[k - 1].whitespace_:
                if titled_name(k):
                    break  # "News Agency | for Sultan Qaboos": a titled person, not the body's complement
                g = owner.get(k)
                k = g.end if g is not None and g.label in PLACE_LIKE | BODY_LABELS else k + 1
                if g is not None and g.label in PLACE_LIKE:
                    break  # "... for Ukraine": a country or place ends the name
            if k == j:
                break
            e = k
        while s < i and doc[s].text in HYPHENS:
            s += 1
        if s >= 2 and doc[s - 1].lower_ == "of" and doc[s - 2].lower_ in cfg.plural_titles:
            i = e
            continue  # "Heads of | State and Government": the complement of a group of people
        head = owner.get(i)
        if e - s < 2 or (head is not None and not (s <= head.start and head.end <= e)) \
                or any(f.start == s and f.end == e for f in d.found):
            i = e
            continue
        inside = [f for f in d.found if s <= f.start and f.end <= e]
        if head is not None and head.label in BODY_LABELS and head.end == i + 1 and e == i + 1 and all(
                owner.get(k) is head or (owner.get(k) is not None and owner[k].label == "Country") for k in range(s, e)):
            i = e
            continue  # "US State Department": a known body with its country in front (see alias_forms)
        if any(f.start < s < f.end or f.start < e < f.end for f in d.found):
            i = e
            continue
        label = "Ministry" if any(f.label == "Ministry" and f.country for f in inside) else "Organization"
        country = next((f.country for f in inside if f.label == "Ministry" and f.country), None)
        for f in inside:
            if f.label not in PLACE_LIKE:
                d.found.remove(f)
        made.append(Found(s, e, label, country=country, source="pattern",
                          reason=f"name of a body ending in {doc[i].text!r}"))
        for t in range(s, e):
            owner[t] = made[-1]
        i = e
    if made:
        d.found.extend(made)
        d.titles[:] = [t for t in d.titles if not any(m.start <= t.start and t.end <= m.end for m in made)]


def possessive_offices(cfg: EntityConfig, d: Draft) -> None:
    """"the President's Office", "the Prime Minister's Office of Ukraine": a title, 's and a ministry word are
    one executive body; 'of' + a country after it gives its country, and the shorter form is an alias.
    Adds (or extends) Ministry mentions; removes the title inside the body's name."""
    doc, found = d.doc, d.found
    at = {f.start: f for f in found if f.label in BODY_LABELS}
    used = []
    for t in d.titles:
        k = t.end
        if k + 1 >= len(doc) or doc[k].text not in APOS or not doc[k + 1].is_title \
                or doc[k + 1].lower_ not in cfg.ministry_heads:
            continue
        head_end = k + 2
        g = at.get(k + 1)
        end = g.end if g is not None else head_end
        country = g.country if g is not None else None
        j = head_end + (head_end < len(doc) and doc[head_end].lower_ == "of")
        j += j < len(doc) and j > head_end and doc[j].lower_ == "the"
        for m in range(min(len(doc), j + MAX_COUNTRY_WORDS), j, -1) if j > head_end else ():
            hit = cfg.gaz.country(doc[j:m].text)
            if hit:
                end, country = max(end, m), country or hit.code
                break
        if g is not None:
            found.remove(g)
        found.append(Found(t.start, end, "Ministry", country=country, source="pattern",
                           reason=f"the office of a {doc[t.start:t.end].text.lower()}"))
        if end > head_end:
            found.append(Found(t.start, head_end, "Ministry", country=country, source="alias",
                               reason=f"{doc[t.start:end].text} without its country"))
        used.append(t)
    if used:
        d.titles[:] = [t for t in d.titles if t not in used]


def generic_governments(cfg: EntityConfig, d: Draft) -> None:
    """'the Kenyan Government', 'the Federal Government', 'the Government of Ghana', 'Head of State': a state's
    executive named only by its country or level (organizations.json government_words, government_levels) is a
    reference to the country's government, not the name of a body. Removes such Organization mentions (the
    country inside stays a Country mention); 'Government of National Unity' keeps its name."""
    doc = d.doc
    country_at = {t for f in d.found if f.label == "Country" for t in range(f.start, f.end)}

    def generic(f: Found) -> bool:
        words = [t for t in doc[f.start:f.end] if not (t.is_punct or t.lower_ == "the")]
        heads = [k for k, t in enumerate(words) if t.lower_ in cfg.government_words]
        if not heads:
            return False
        h = heads[-1] if words[-1].lower_ in cfg.government_words else heads[0]
        rest = words[:h] + (words[h + 2:] if h + 1 < len(words) and words[h + 1].lower_ == "of" else words[h + 1:])
        if h + 1 < len(words) and words[h + 1].lower_ != "of":
            return False  # "State Council", "Government House": another head word names the body
        return all(t.i in country_at or t.lower_ in cfg.government_levels or bool(cfg.gaz.country(t.text)) for t in rest)

    drop = [f for f in d.found if f.label in BODY_LABELS and not (f.source == "ruler" and f.label == "Ministry")
            and generic(f)]
    for f in drop:
        d.found.remove(f)
        for t in doc[f.start:f.end]:  # "Kenyan": the country word stays a Country mention
            hit = cfg.gaz.country(t.text) if t.i not in country_at and t.is_title else None
            if hit is not None:
                d.found.append(Found(t.i, t.i + 1, "Country", key=hit.code, source="inside",
                                     reason=cfg.country_reason(t.text)))


def legislatures(cfg: EntityConfig, d: Draft) -> None:
    """'the Verkhovna Rada', 'the Knesset', 'the State Duma': a parliament's proper name (organizations.json
    legislatures) with the capitalised words in front of it, where the model tagged nothing. Adds
    Organization mentions."""
    doc = d.doc
    covered = d.covered()
    for tok in doc:
        if tok.text not in cfg.legislatures or tok.i in covered:
            continue
        s = tok.i
        while s > 0 and s - 1 not in covered and doc[s - 1].is_title and doc[s - 1].is_alpha \
                and not doc[s - 1].is_sent_start and "\n" not in doc[s - 1].whitespace_:
            s -= 1
        d.found.append(Found(s, tok.i + 1, "Organization", source="pattern", reason="name of a parliament"))
        covered.update(range(s, tok.i + 1))


def events_from_heads(cfg: EntityConfig, d: Draft) -> None:
    """'EU summit', 'ASEAN Summit', 'Black Sea grain deal': a named thing followed by an event word.
    Adds Event mentions (with an ordinal or number in front: '27th EU summit')."""
    doc, found = d.doc, d.found
    covered_events = {t for f in found if f.label == "Event" for t in range(f.start, f.end)}
    for f in list(found):
        if f.label not in EVENT_NAMERS or f.end >= len(doc) or f.reason.startswith("demonym"):
            continue
        nxt = doc[f.end]
        if nxt.lower_ in cfg.event_heads and f.end not in covered_events and nxt.pos_ in ("NOUN", "PROPN"):
            start = f.start
            if start > 0 and doc[start - 1].like_num or (start > 0 and doc[start - 1].ent_type_ == "ORDINAL"):
                start -= 1
            found.append(Found(start, f.end + 1, "Event", source="pattern", reason="name + event word"))
            covered_events.update(range(start, f.end + 1))


HOLDING_NOUNS = frozenset({"forum", "conference"})  # "Pacific Islands Forum": a gathering's name that is a body's


def inside_events(cfg: EntityConfig, d: Draft) -> None:
    """'ASEAN Summit', 'EU summit': the body or country named inside an event is mentioned too.
    Adds a Country or an Organization (an acronym) for the words before the event word."""
    doc, found = d.doc, d.found
    have = {(f.start, f.end) for f in found}
    for f in list(found):
        if f.label != "Event" or f.end - f.start < 2:
            continue
        s, e = f.start, f.end - 1
        if cfg.event_kinds.get(doc[e].lower_) == "outbreak":
            continue  # "COVID-19 pandemic": a disease, no body
        while s < e and (doc[s].like_num or doc[s].lower_ == "the"):
            s += 1
        if s >= e or (s, e) in have:
            continue
        text = doc[s:e].text
        hit = cfg.gaz.country(text)
        if hit:
            found.append(Found(s, e, "Country", key=hit.code, source="inside", reason=cfg.country_reason(text)))
        elif is_acronym(text) and INSIDE_EVENT_ACRONYM[0] <= len(text) <= INSIDE_EVENT_ACRONYM[1]:
            found.append(Found(s, e, "Organization", source="inside", reason="body named inside an event"))
        else:
            # "African Union Summit", "Pacific Islands Forum Leaders Retreat": the capitalised words up to a body's
            # head word name the body that holds the event
            j = e
            while j > s + 1 and not (doc[j - 1].lower_ in cfg.body_heads | HOLDING_NOUNS and doc[j - 1].is_title):
                j -= 1
            if j > s + 1 and (s, j) not in have and all(t.is_title and t.is_alpha for t in doc[s:j]) \
                    and not any(g.start < j and s < g.end and g.label != "Event" for g in found):
                found.append(Found(s, j, "Organization", source="inside", reason="body named inside an event"))


def acronyms_of_known(cfg: EntityConfig, d: Draft) -> None:
    """'AU' after 'African Union': an all-capitals word that spells a named body's initials.
    Adds a mention of the body's label (and country) for each such word."""
    doc, found = d.doc, d.found
    acr: dict[str, Found] = {}
    for f in found:
        if f.label in BODY_LABELS and f.end - f.start >= 2:
            words = significant_words(t.text for t in doc[f.start:f.end] if t.is_alpha)
            if len(words) >= 2 and all(w[0].isupper() for w in words):
                acr.setdefault(acronym_of(words), f)
    if not acr:
        return
    covered = d.covered()
    person_starts = {f.start for f in found if f.label == "Person"}
    for tok in doc:
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if tok.i in covered or not tok.is_alpha or not is_acronym(tok.text) or tok.i + 1 in person_starts or (
                nxt is not None and nxt.is_title and nxt.pos_ == "PROPN" and nxt.i not in covered):
            continue  # "FM Fuad Hussein": initials before a name are a title, not the body
        src = acr.get(tok.text)
        if src is not None:
            found.append(Found(tok.i, tok.i + 1, src.label, country=src.country, source="acronym",
                               reason=f"initials of {d.text(src)} in this document"))


def country_prefixes(cfg: EntityConfig, d: Draft) -> None:
    """'US State Department', 'Saudi Foreign Ministry', "Ukraine's Defence Ministry": the country of a body.
    Sets country and country_prefix_end of bodies; adds the Country words inside a body's name ("British
    Army") as Country mentions."""
    doc, found = d.doc, d.found
    countries = {f.start: f for f in found if f.label == "Country"}
    by_end = {f.end: f for f in found if f.label == "Country"}
    for f in found:
        if f.label not in BODY_LABELS:
            continue
        if f.start in countries and countries[f.start].end < f.end:
            f.country = f.country or countries[f.start].key
            f.country_prefix_end = countries[f.start].end
            continue
        j = f.start
        if j >= 1 and doc[j - 1].text in APOS:
            j -= 1
        if j in by_end and f.label == "Ministry":
            f.country = f.country or by_end[j].key
        # "the Ministry of Defence of Ukraine": the country after it
        k = f.end + 1 + (f.end + 1 < len(doc) and doc[f.end + 1].lower_ == "the")
        if f.label == "Ministry" and f.end < len(doc) and doc[f.end].lower_ == "of" and k in countries:
            f.country = f.country or countries[k].key
    # Inner country words of bodies the model tagged whole ("British Army") are Country mentions too.
    have = {(f.start, f.end) for f in found}
    for f in list(found):
        if f.label in BODY_LABELS and f.country_prefix_end is None:
            for k in range(f.start, f.end):
                for m in range(min(f.end, k + MAX_COUNTRY_WORDS), k, -1):
                    if (k, m) == (f.start, f.end):
                        continue
                    hit = cfg.gaz.country(doc[k:m].text)
                    if hit and (k, m) not in have:
                        found.append(Found(k, m, "Country", key=hit.code, source="inside",
                                           reason=cfg.country_reason(doc[k:m].text)))
                        have.add((k, m))
                        if k == f.start and f.label == "Ministry":
                            f.country = f.country or hit.code
                        break


def acronym_definitions(cfg: EntityConfig, d: Draft) -> None:
    """'Papua New Guinea (PNG)', 'Ministry of Defence (MoD)': the bracketed acronym is the same thing.
    Adds (or relabels) the acronym's mention and puts both in one cluster; keeps the mentions in order."""
    doc, found = d.doc, d.found
    next_cluster = 0
    at = {f.start: f for f in found}
    for f in found:
        if f.end + 2 < len(doc) and doc[f.end].text == "(" and doc[f.end + 2].text == ")" and f.source != "dateline":
            acr = doc[f.end + 1]  # (a dateline's brackets name the wire service: "NAIROBI (KNA)")
            if is_acronym(acr.text, mixed_case=True) and DEFINED_ACRONYM[0] <= len(acr.text) <= DEFINED_ACRONYM[1] \
                    and acr.is_alpha:
                other = at.get(f.end + 1)
                if other is not None and other.source == "dateline" or f.source == "dateline" or acr.text in cfg.news_agencies:
                    # "ABU DHABI (WAM)", "SEOUL, South Korea (AP)": a dateline's city or country and its wire
                    # service, not a name and its acronym
                    continue
                if other is None:
                    other = Found(f.end + 1, f.end + 2, f.label, key=f.key, source="acronym")
                    found.append(other)
                other.label = f.label
                other.key = other.key or f.key
                if f.cluster < 0:
                    f.cluster = next_cluster
                    next_cluster += 1
                other.cluster = f.cluster
                other.reason = f"acronym defined in the text for {d.text(f)}"
            elif f.label == "Person" and f.end - f.start >= 2 and acr.is_title and acr.is_alpha \
                    and len(acr.text) >= NICKNAME_MIN and not cfg.gaz.country(acr.text) and not cfg.gaz.place_candidates(acr.text):
                # "Joko Widodo (Jokowi)": the name the text will use for the person, wherever it writes it
                if f.cluster < 0:
                    f.cluster = next_cluster
                    next_cluster += 1
                nick = acr.text
                if at.get(f.end + 1) is None:
                    found.append(Found(f.end + 1, f.end + 2, "Person", source="nickname"))
                for g in found:
                    if g.end - g.start == 1 and doc[g.start].text == nick and g.label in ("Person", "Organization", "Place"):
                        g.label, g.cluster = "Person", f.cluster
                        g.reason = f"the name in brackets after {d.text(f)}"
    sort_by_position(cfg, d)


def title_complements(cfg: EntityConfig, d: Draft) -> None:
    """'President of the Sovereign Council': a title's 'of X' names the body it belongs to. Sets TitleSpan.org
    (a mention index: run last, when the mentions are final and in order)."""
    doc, found = d.doc, d.found
    at = {f.start: i for i, f in enumerate(found)}
    for t in d.titles:
        j = t.end
        if j < len(doc) and doc[j].lower_ in TITLE_OF:
            j += 1
            if j < len(doc) and doc[j].lower_ == "the":
                j += 1
            if j in at and found[at[j]].label in ("Organization", "Ministry", "Country"):
                t.org = at[j]


def sort_by_position(cfg: EntityConfig, d: Draft) -> None:
    """Mentions in text order, the longer first where two start together."""
    d.found.sort(key=lambda f: (f.start, -f.end))


LOWER_MINISTRY_HEADS = frozenset({"ministry", "department"})
MAX_PORTFOLIO_WORDS = 3


def lowercase_ministries(cfg: EntityConfig, d: Draft) -> None:
    """'the Chinese foreign ministry', "South Korea's defence ministry": a country (name or demonym) and a
    portfolio before a lowercase 'ministry' name that country's ministry; the same words without the country
    later in the document ('the foreign ministry said') name it again. Adds Ministry mentions with the country."""
    doc = d.doc
    covered = d.covered()
    by_end = {f.end: f for f in d.found if f.label == "Country" and f.key}
    anchored: dict[str, str] = {}  # portfolio -> country
    bare: list[tuple[int, int, str]] = []
    for tok in doc:
        if tok.text not in LOWER_MINISTRY_HEADS or tok.i in covered:
            continue
        s = tok.i
        while s > 0 and tok.i - s < MAX_PORTFOLIO_WORDS and doc[s - 1].is_lower and doc[s - 1].lower_ in cfg.portfolio_words \
                and s - 1 not in covered:
            s -= 1
        if s == tok.i:
            continue
        portfolio = doc[s:tok.i].text
        if portfolio not in cfg.portfolios:
            continue
        j = s - 1 if s > 0 and doc[s - 1].text in APOS else s
        country = by_end.get(j)
        if country is None:
            bare.append((s, tok.i + 1, portfolio))
            continue
        anchored.setdefault(portfolio, country.key)
        d.found.append(Found(s, tok.i + 1, "Ministry", country=country.key, source="pattern",
                             reason=f"the {portfolio} ministry of {country.key}"))
    for s, e, portfolio in bare:
        if portfolio in anchored:
            d.found.append(Found(s, e, "Ministry", country=anchored[portfolio], source="pattern",
                                 reason=f"the {portfolio} ministry named before with its country"))


def body_regions(cfg: EntityConfig, d: Draft) -> None:
    """'Organization for Security and Co-operation in Europe', 'Conference on ... Measures in Asia': a body's name
    with a complement ('for', 'on', 'of') goes on over 'in' + a continent or world region; 'Royal' in front of a
    country's force ('Royal Jordanian Air Force') is part of its name. Extends Organization mentions; removes the
    mentions they absorb."""
    doc, found = d.doc, d.found
    at = {f.start: f for f in found}
    gone: list[Found] = []
    for f in found:
        if f.label not in BODY_LABELS or f in gone:
            continue
        words = {t.lower_ for t in doc[f.start:f.end]}
        k = f.end
        if words & BODY_COMPLEMENT and k + 1 < len(doc) and doc[k].lower_ == "in":
            g = at.get(k + 1)
            if g is not None and g.label == "Place" and g.source.startswith(("ner", "gazetteer")) and _region(cfg, d.text(g)):
                f.end = g.end
                gone.append(g)
        if f.start > 0 and doc[f.start - 1].lower_ in cfg.style_words and doc[f.start - 1].is_title:
            g = next((h for h in found if h.end == f.start and h.start == f.start - 1 and h.label == "Organization"), None)
            if g is not None or f.start - 1 not in d.covered():
                f.start -= 1
                if g is not None:
                    gone.append(g)
    if gone:
        found[:] = [f for f in found if f not in gone]


def bodies_presidencies(cfg: EntityConfig, d: Draft) -> None:
    """'the EU Presidency', 'the AU Presidency': a body's chairmanship, not a state's executive office (which
    'the Presidency', 'the Colombian Presidency' are). Removes the Ministry mention."""
    ends = {f.end: f for f in d.found if f.label == "Organization"}
    d.found[:] = [f for f in d.found if not (f.label == "Ministry" and d.text(f) == "Presidency"
                                             and f.start in ends)]


MAX_DESCRIBED_NAME = 4  # words of a body's name after its descriptor noun


def described_bodies(cfg: EntityConfig, d: Draft) -> None:
    """'state oil firm Petrosur', 'telecoms giant Huamei', 'broadcaster Radio Sur', 'rebel group Alianza': a name
    right after a common noun of organizations.json body_descriptors is the name of such a body. Relabels the
    model's Person or Place there; adds an Organization for capitalised words the model left untagged."""
    doc = d.doc
    at = {f.start: f for f in d.found}
    covered = d.covered()
    for tok in doc:
        if tok.lower_ not in cfg.body_descriptors or not tok.is_lower or not (
                tok.pos_ == "NOUN" or (tok.pos_ == "ADJ" and tok.i > 0 and doc[tok.i - 1].pos_ == "NOUN")):
            continue  # "a firm deadline" is no body; "tech giant X" is (the tagger may read "giant" as ADJ)
        k = tok.i + 1
        if k >= len(doc) or not doc[k].is_title:
            continue
        f = at.get(k)
        if f is not None:
            if f.label in ("Person", "Place") and f.source.startswith(("ner", "gazetteer")) and not f.titled \
                    and f.end - f.start <= MAX_DESCRIBED_NAME:
                f.label, f.reason = "Organization", f"a name after '{tok.text}'"
            continue
        j = k
        while j < len(doc) and j - k < MAX_DESCRIBED_NAME and j not in covered and doc[j].is_title \
                and doc[j].pos_ == "PROPN" and doc[j].lower_ not in cfg.title_words:
            j += 1
        if j > k and (j == len(doc) or j in covered or not doc[j].is_title):
            d.found.append(Found(k, j, "Organization", source="pattern", reason=f"a name after '{tok.text}'"))
            covered.update(range(k, j))


def _region(cfg: EntityConfig, text: str) -> bool:
    place = cfg.gaz.best_place(text)
    return (place is not None and place.kind == "continent") or region_key(text) in cfg.regions
