"""Resolve: mentions of every document in, one Entity per real thing out.

Within a document, short names join the full name they belong to (a surname
after the full name, an acronym after its expansion). Across documents,
entities join by gazetteer identity (ISO code, GeoNames id) or by name keys
that tolerate transliteration, and only when the evidence agrees (given names,
countries). Candidate pairs come from blocking keys, so the work grows with the
number of mentions, not its square. Every alias records why it joined.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .aliases import AliasRule
from .resources import load_data
from .gazetteer import get_gazetteer
from .names import (acronym_of, fold, initials, is_acronym, name_tokens, patronym_conflict, patronyms, person_key,
                    significant_words, skeleton, slug, translit)
from .records import DocExtraction, Entity, Mention

SKELETON_MIN = 4  # consonants a surname's skeleton needs before spellings of it join across documents
_SPELLING = {"defense": "defence", "labor": "labour", "organization": "organisation", "center": "centre"}


def _given_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two full names whose surnames agree are one person when their first names agree too. A shared middle
    name or patronymic is no evidence: "Mohamed bin Zayed X" and "Abdullah bin Zayed X" are brothers."""
    ga, gb = a[:-1], b[:-1]
    if not ga or not gb:
        return True
    fa, fb = ga[0], gb[0]
    if skeleton(fa) == skeleton(fb):
        return True
    if len(fa) == 1 or len(fb) == 1:
        return fa[0] == fb[0]
    return False


# ------------------------------------------------------------------ records
@dataclass
class DocCluster:
    """Mentions of one thing in one document."""

    doc_id: str
    label: str
    members: list[int] = field(default_factory=list)  # mention indexes
    key: str = ""
    name: str = ""
    country: str | None = None
    reasons: dict[str, str] = field(default_factory=dict)  # alias -> reason


@dataclass
class Resolution:
    entities: dict[str, Entity]
    mention_entity: dict[tuple[str, int], str]  # (doc_id, mention index) -> entity id

    def entity_of(self, doc_id: str, index: int) -> Entity | None:
        eid = self.mention_entity.get((doc_id, index))
        return self.entities.get(eid) if eid else None


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


class Resolver:
    def __init__(self, rules: Iterable[AliasRule] = ()) -> None:
        self.rules = list(rules)
        self.gaz = get_gazetteer()
        self.portfolios = sorted(load_data("ministries.json")["portfolios"], key=len, reverse=True)
        # Longest portfolio first, each normalised and compiled once: "foreign affairs" before "foreign".
        self._portfolio_res = []
        for p in self.portfolios:
            p2 = " ".join(_SPELLING.get(w, w) for w in p.split())
            self._portfolio_res.append((p2, re.compile(rf"\b{re.escape(p2)}\b")))
        self._prepared: dict[str, tuple[list[Mention], list[DocCluster]]] = {}  # doc_id -> (mentions, clusters)

    # ============================================================ public
    def resolve(self, extractions: Iterable[DocExtraction]) -> Resolution:
        return self.resolve_groups(extractions)[0]

    def resolve_groups(self, extractions: Iterable[DocExtraction], texts: bool = False
                       ) -> tuple[Resolution, list[tuple[Entity, list[DocCluster]]]]:
        """The resolution, and each entity with its clusters (`texts`: each cluster keeps its mentions' texts, for
        kgbuild.incremental's state)."""
        clusters: list[DocCluster] = []
        exts = sorted(extractions, key=lambda e: e.document.doc_id)
        for ext in exts:
            cs = self.clusters_of(ext)
            if texts:
                for c in cs:
                    c.texts = {i: ext.mentions[i].text for i in c.members}  # type: ignore[attr-defined]
            clusters.extend(cs)
        groups = self._across_documents(clusters)
        mentions_of = {e.document.doc_id: e.mentions for e in exts}
        if self.rules:
            groups = self._apply_rules(groups, mentions_of)
        entities: dict[str, Entity] = {}
        mention_entity: dict[tuple[str, int], str] = {}
        pairs = self.entities_of(groups, mentions_of)
        for ent, members in pairs:
            entities[ent.id] = ent
            for c in members:
                for m in c.members:
                    mention_entity[(c.doc_id, m)] = ent.id
        return Resolution(entities, mention_entity), pairs

    def prepare(self, ext: DocExtraction) -> None:
        """Cluster a document's mentions now, as its record arrives (with --workers, while the workers parse the
        rest); `clusters_of` then gives these clusters, once, instead of making them again."""
        self._prepared[ext.document.doc_id] = (ext.mentions, self._clusters(ext))

    def clusters_of(self, ext: DocExtraction) -> list[DocCluster]:
        """The document's clusters, each numbered (`pos`) in the order resolution sees them."""
        prepared = self._prepared.pop(ext.document.doc_id, None)
        if prepared is not None and prepared[0] is ext.mentions:
            return prepared[1]
        return self._clusters(ext)

    def _clusters(self, ext: DocExtraction) -> list[DocCluster]:
        out = self._within_document(ext)
        for n, c in enumerate(out):
            c.pos = n  # type: ignore[attr-defined]
            c.reasons0 = dict(c.reasons)  # type: ignore[attr-defined]  (before resolution across documents)
        return out

    def entities_of(self, groups: Iterable[tuple[str, list[DocCluster]]], mentions_of,
                    used: set[str] | None = None) -> list[tuple[Entity, list[DocCluster]]]:
        """One Entity per group. A group's clusters are taken in corpus order (document, then position), and the
        groups in order of their first mention, so that the result depends on what each group holds, not on the
        order the groups were found in (an incremental build finds them differently)."""
        used = set() if used is None else used
        ordered = [(label, sorted(members, key=cluster_order)) for label, members in groups]
        out = []
        for label, members in sorted(ordered, key=lambda g: group_order(g[0], g[1])):
            out.append((self._entity(label, members, mentions_of, used), members))
        return out

    # ===================================================== within a document
    def _within_document(self, ext: DocExtraction) -> list[DocCluster]:
        ms = ext.mentions
        doc_id = ext.document.doc_id
        context = Counter(m.key for m in ms if m.label == "Country" and m.key)
        out: list[DocCluster] = []
        by_label: dict[str, list[int]] = defaultdict(list)
        for i, m in enumerate(ms):
            by_label[m.label].append(i)
        out += self._people(doc_id, ms, by_label["Person"])
        out += self._keyed(doc_id, ms, by_label["Country"], "Country", lambda m: m.key, context)
        out += self._keyed(doc_id, ms, by_label["Place"], "Place", lambda m: self._place_key(m, context), context)
        acr = self._acronyms(ms, by_label["Organization"] + by_label["Ministry"])
        out += self._keyed(doc_id, ms, by_label["Organization"], "Organization", lambda m: self._org_key(m, acr), context)
        out += self._ministries(doc_id, ms, by_label["Ministry"], acr, context)
        out += _join_events(self._keyed(doc_id, ms, by_label["Event"], "Event", lambda m: self._event_key(m, acr),
                                        context), within=True)
        return out

    def _people(self, doc_id: str, ms: list[Mention], idx: list[int]) -> list[DocCluster]:
        full: list[DocCluster] = []
        key_of: dict[int, tuple[str, ...]] = {i: person_key(ms[i].text) for i in idx}
        order = sorted(idx, key=lambda i: (-len(key_of[i]), ms[i].start))
        singles: list[int] = []
        for i in order:
            k = key_of[i]
            if not k:
                continue
            if len(k) == 1 and not (is_acronym(ms[i].text) and len(ms[i].text) <= 5 and len(ms[i].text) >= 2):
                singles.append(i)
                continue
            if len(k) == 1:  # an acronym such as "MBS"
                singles.append(i)
                continue
            home = None
            for c in full:
                ck = c.key_tuple  # type: ignore[attr-defined]
                if (k == ck or _reversed(k, ck) or (_is_subsequence(k, ck) and (k[-1] == ck[-1] or len(k) >= 2)
                                                     and not _initials_differ(k, ck))) \
                        and not patronym_conflict(ms[i].text, ms[c.members[0]].text):
                    home = c
                    break
            if home is None:
                c = DocCluster(doc_id, "Person", [i])
                c.key_tuple = k  # type: ignore[attr-defined]
                c.reasons[ms[i].text] = "full name"
                full.append(c)
            else:
                home.members.append(i)
                home.reasons.setdefault(ms[i].text, f"shorter form of {ms[home.members[0]].text} in the same document")
        lone: dict[str, DocCluster] = {}
        for i in sorted(singles, key=lambda i: ms[i].start):
            k = key_of[i][0]
            text = ms[i].text
            if ms[i].cluster >= 0:
                defined = [c for c in full if any(ms[j].cluster == ms[i].cluster for j in c.members)]
                if defined:
                    defined[0].members.append(i)
                    defined[0].reasons.setdefault(text, f"acronym defined in the text for {ms[defined[0].members[0]].text}")
                    continue
            # not a father's name in someone's patronymic ("Haitham" is not "Bilarab bin Haitham")
            cands = [c for c in full if k in c.key_tuple and not patronym_conflict(text, ms[c.members[0]].text)]  # type: ignore[attr-defined]
            if not cands and is_acronym(text):
                cands = [c for c in full if initials(ms[c.members[0]].text) == text.lower()
                         or "".join(w[0] for w in ms[c.members[0]].text.split()).lower() == text.lower()]
                why = "initials of {} in the same document"
            else:
                why = "surname of {} in the same document"
            if cands:
                surname = [c for c in cands if c.key_tuple[-1] == k]  # type: ignore[attr-defined]
                pool = surname or cands
                best = pool[0] if len(pool) == 1 else _plausible(pool, ms, i)
                if best is not None:
                    if not surname:
                        why = why.replace("surname", "name") if "surname" in why else why
                    best.members.append(i)
                    best.reasons.setdefault(text, why.format(ms[best.members[0]].text))
                    continue
            c = lone.get(k)
            if c is None:
                c = DocCluster(doc_id, "Person", [i])
                c.key_tuple = (k,)  # type: ignore[attr-defined]
                c.reasons[text] = "name as written"
                lone[k] = c
            else:
                c.members.append(i)
                c.reasons.setdefault(text, "same name in the same document")
        out = full + list(lone.values())
        for c in out:
            countries = Counter(ms[m].country for m in c.members if ms[m].country)
            c.country = countries.most_common(1)[0][0] if countries else None
            c.key = " ".join(c.key_tuple)  # type: ignore[attr-defined]
        return out

    def _keyed(self, doc_id: str, ms: list[Mention], idx: list[int], label: str, keyf, context) -> list[DocCluster]:
        groups: dict[str, DocCluster] = {}
        cluster_home: dict[int, DocCluster] = {}
        for i in idx:
            m = ms[i]
            k = keyf(m)
            if not k:
                continue
            if m.cluster >= 0 and m.cluster in cluster_home:
                c = cluster_home[m.cluster]
            else:
                c = groups.get(k)
            if c is None:
                c = DocCluster(doc_id, label, [], key=k)
                groups[k] = c
            c.members.append(i)
            if m.cluster >= 0:
                cluster_home.setdefault(m.cluster, c)
            c.reasons.setdefault(m.text, m.reason if m.reason and not m.reason.startswith(("ner:", "ruler")) else "name as written")
            if m.country and not c.country:
                c.country = m.country
        return list(groups.values())

    # ------------------------------------------------------------- places
    def _place_key(self, m: Mention, context: Counter) -> str:
        if m.key and m.key.startswith(("geonames:", "region:")):
            return m.key
        if m.key and m.key.startswith("name:"):
            known = self.gaz.best_place(m.key[5:], dict(context))
            return f"geonames:{known.geonameid}" if known else "name:" + fold(m.key[5:])
        ctx = dict(context)
        if m.country:
            ctx[m.country] = ctx.get(m.country, 0) + 100
        place = self.gaz.best_place(m.text, ctx)
        if place is not None and (place.population >= 1000 or place.kind != "city"):
            return f"geonames:{place.geonameid}"
        return "name:" + fold(m.text)

    # ------------------------------------------------------ organisations
    def _acronyms(self, ms: list[Mention], idx: list[int]) -> dict[str, str]:
        """Acronyms of this document's organisation names: 'EU' -> 'european union'."""
        out: dict[str, str] = {}
        for i in idx:
            words = [w for w in re.split(r"[\s\-]+", ms[i].text) if w]
            if len(words) >= 2:
                out.setdefault(acronym_of(words).upper(), _org_name(ms[i].text))
        return out

    def _org_key(self, m: Mention, acr: dict[str, str]) -> str:
        name = _org_name(m.text)
        bare = name.replace(".", "").replace(" ", "").upper()
        if is_acronym(m.text) and bare in acr:
            return "org:" + acr[bare]
        if is_acronym(m.text) and " " not in m.text:
            return "org:" + bare.lower()  # "U.N." and "UN" are one acronym
        return "org:" + name

    def _event_key(self, m: Mention, acr: dict[str, str]) -> str:
        if m.key and m.key.startswith("event:") and m.key.count(":") >= 2:
            return m.key  # extraction's kind and words: 'event:meeting:UA|US'
        words = fold(m.text).split()
        words = [acr.get(w.upper().replace(".", ""), w) if w.isalpha() or "." in w else w for w in words]
        words = [w for w in words if not re.fullmatch(r"\d+(st|nd|rd|th)?", w)]
        return "event:" + " ".join(words)

    def _ministries(self, doc_id, ms, idx, acr, context) -> list[DocCluster]:
        # Keyed by portfolio and country: two countries' defence ministries in one article stay two.
        clusters = self._keyed(doc_id, ms, idx, "Ministry",
                               lambda m: self._ministry_key(m, acr) + ("\x00" + m.country if m.country else ""), context)
        for c in clusters:
            c.key = c.key.split("\x00")[0]
        # A ministry named without its country takes the country of the same portfolio in this document.
        known = defaultdict(set)
        for c in clusters:
            if c.country:
                known[c.key].add(c.country)
        merged: list[DocCluster] = []
        by_key = {(c.key, c.country): c for c in clusters if c.country}
        for c in clusters:
            if c.country:
                merged.append(c)
                continue
            if len(known[c.key]) == 1:
                home = by_key[(c.key, next(iter(known[c.key])))]
                home.members += c.members
                for a, r in c.reasons.items():
                    home.reasons.setdefault(a, f"same ministry as {ms[home.members[0]].text} in the same document")
                continue
            merged.append(c)
        return merged

    def _ministry_key(self, m: Mention, acr: dict[str, str]) -> str:
        text = m.text
        bare = text.replace(".", "")
        if is_acronym(bare) or (len(bare) <= 5 and is_acronym(bare, mixed_case=True)):
            text = acr.get(bare.upper(), text)
        words = [w for w in fold(text).replace("'s", "").split()]
        # Drop the country after it ("President's Office of Ukraine" is the President's Office) ...
        for k in range(len(words) - 1, 0, -1):
            if words[k - 1] == "of" and k > 1 and self.gaz.country(" ".join(w.capitalize() for w in words[k:])):
                words = words[:k - 1]
                break
        # ... and the country words in front ("US State Department" is the State Department).
        while len(words) > 1:
            hit = self.gaz.country(" ".join(w.capitalize() for w in words[:1])) or self.gaz.country(words[0].upper())
            if hit is None:
                break
            words = words[1:]
        name = " ".join(_SPELLING.get(w, w) for w in words)
        for p2, pattern in self._portfolio_res:
            if pattern.search(name):
                base = p2.replace(" affairs", "") if p2 not in ("home affairs",) else "home"
                head = next((h for h in ("ministry", "department", "office", "directorate", "secretariat") if h in name), "ministry")
                head = "ministry" if head in ("ministry", "department") else head
                return f"ministry:{base}:{head}"
        return "ministry:" + name

    # ================================================= across documents
    def _across_documents(self, clusters: list[DocCluster]) -> list[tuple[str, list[DocCluster]]]:
        groups: list[tuple[str, list[DocCluster]]] = []
        by_label: dict[str, list[DocCluster]] = defaultdict(list)
        for c in clusters:
            by_label[c.label].append(c)
        for label, cs in by_label.items():
            if label == "Person":
                groups += [("Person", g) for g in self._people_across(cs)]
            elif label == "Ministry":
                buckets: dict[tuple, list[DocCluster]] = defaultdict(list)
                for c in cs:
                    buckets[(c.key, c.country or f"?{c.doc_id}")].append(c)
                groups += [(label, g) for g in buckets.values()]
            elif label == "Organization":
                groups += [(label, g) for g in self._orgs_across(cs)]
            elif label == "Event":
                groups += [(label, g) for g in _events_across(cs)]
            else:
                buckets = defaultdict(list)
                for c in cs:
                    buckets[c.key].append(c)
                groups += [(label, g) for g in buckets.values()]
        return groups

    def _orgs_across(self, cs: list[DocCluster]) -> list[list[DocCluster]]:
        buckets: dict[str, list[DocCluster]] = defaultdict(list)
        for c in cs:
            buckets[c.key].append(c)
        # A bare acronym ("EU") joins the one expanded name in the corpus with those initials.
        by_initials: dict[str, set[str]] = defaultdict(set)
        for k in buckets:
            words = significant_words(k[4:].split())
            if len(words) >= 2:
                by_initials[acronym_of(words)].add(k)
        # "UN Security Council" and "United Nations Security Council": a name that opens with the initials of
        # another name's first words (the rest the same) is that name.
        short: dict[str, str] = {}
        for k in buckets:
            words = k[4:].split()
            for i in range(len(words) - 1, 1, -1):
                alt = k[:4] + acronym_of(words[:i]).lower() + " " + " ".join(words[i:])
                if alt != k and alt in buckets:
                    short[k] = alt
                    break
        for k, alt in short.items():
            buckets[alt] += buckets.pop(k)
        out: dict[str, list[DocCluster]] = defaultdict(list)
        for k, g in buckets.items():
            bare = k[4:].replace(".", "").replace(" ", "")
            targets = by_initials.get(bare, set()) if " " not in k[4:] and len(bare) >= 2 else set()
            if len(targets) == 1:
                target = next(iter(targets))
                for c in g:
                    for a in list(c.reasons):
                        c.reasons[a] = f"acronym of {target[4:]}"
                out[target] += g
            else:
                out[k] += g
        return list(out.values())

    def _people_across(self, cs: list[DocCluster]) -> list[list[DocCluster]]:
        uf = _UnionFind()
        full = [n for n, c in enumerate(cs) if len(c.key_tuple) >= 2]  # type: ignore[attr-defined]
        singles = [n for n, c in enumerate(cs) if len(c.key_tuple) == 1]  # type: ignore[attr-defined]
        self._join_full_names(cs, full, uf)
        # A surname alone joins the one person in the corpus with that surname (and no conflicting country).
        roots_by_surname: dict[str, set[int]] = defaultdict(set)
        roots_by_skeleton: dict[str, set[int]] = defaultdict(set)  # Pashinyan/Pashinian, Grigoryan/Grigorian
        for n in full:
            for tok in surname_tokens(cs[n]):
                roots_by_surname[tok].add(uf.find(n))
                if len(skeleton(tok)) >= SKELETON_MIN:
                    roots_by_skeleton[skeleton(tok)].add(uf.find(n))
        country_of_root: dict[int, set[str]] = defaultdict(set)
        for n in full:
            if cs[n].country:
                country_of_root[uf.find(n)].add(cs[n].country)
        # Every decision reads the groups of full names as they are before any surname joins one.
        decisions = [(n, single_decision(cs[n], lambda k: roots_by_surname.get(k, set()),
                                         lambda sk: roots_by_skeleton.get(sk, set()),
                                         lambda r: country_of_root.get(r, set()))) for n in singles]
        lone_by_key: dict[str, list[int]] = defaultdict(list)
        for n, (what, arg) in decisions:
            if what == "join":
                uf.union(n, arg)
                for a in list(cs[n].reasons):
                    cs[n].reasons[a] = "surname of the only person of that name in the corpus"
            elif what == "lone":
                lone_by_key[arg].append(n)
        for ns in lone_by_key.values():
            for n in ns[1:]:
                uf.union(ns[0], n)
        groups: dict[int, list[DocCluster]] = defaultdict(list)
        for n in range(len(cs)):
            groups[uf.find(n)].append(cs[n])
        return list(groups.values())

    def _join_full_names(self, cs: list[DocCluster], full: list[int], uf: _UnionFind) -> None:
        """Unite the clusters `full` (indexes into `cs`, in corpus order) that name one person in full."""
        # The usual case first: one person named alike in many documents joins at once (unless their
        # countries conflict), so each distinct name is compared once, not each document's mention of it.
        by_name: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for n in full:
            by_name[cs[n].key_tuple].append(n)  # type: ignore[attr-defined]
        reps: list[int] = []
        for ns in by_name.values():
            by_country: dict[str | None, list[int]] = defaultdict(list)
            for n in ns:
                by_country[cs[n].country].append(n)
            known = sorted(c for c in by_country if c)
            for c in known or [None]:
                grp = by_country[c]
                for n in grp[1:]:
                    uf.union(grp[0], n)
                reps.append(grp[0])
            if known and by_country.get(None):
                # (an incremental build passes one cluster for many alike: `weight` counts them)
                home = max(known, key=lambda c: sum(getattr(cs[n], "weight", 1) for n in by_country[c]))
                for n in by_country[None]:
                    uf.union(by_country[home][0], n)
        # Distinct names meet only within blocks: the surname's consonant skeleton, and the first two
        # words' ("Mohammed bin Salman" and "Mohammed bin Salman Al Saud"), so pairs stay few.
        block: dict[str, list[int]] = defaultdict(list)
        for n in reps:
            k = cs[n].key_tuple  # type: ignore[attr-defined]
            block["L" + skeleton(k[-1])].append(n)
            block["F" + skeleton(k[0]) + "|" + skeleton(k[1])].append(n)
            if len(k) == 2:  # "Kishida Fumio" meets "Fumio Kishida"
                block["P" + "|".join(sorted(k))].append(n)
        tried: set[tuple[int, int]] = set()
        for members in block.values():
            for x_i, x in enumerate(members):
                for y in members[x_i + 1:]:
                    if (x, y) in tried or uf.find(x) == uf.find(y):
                        continue
                    tried.add((x, y))
                    if self._same_person(cs[x], cs[y]):
                        uf.union(x, y)

    def _same_person(self, a: DocCluster, b: DocCluster) -> bool:
        ka, kb = a.key_tuple, b.key_tuple  # type: ignore[attr-defined]
        if a.country and b.country and a.country != b.country:
            return False
        if patronym_conflict(_fullest(a), _fullest(b)):
            return False  # different fathers, or one is the other's father
        if ka == kb or _reversed(ka, kb):
            return True
        if _initials_differ(ka, kb):
            return False  # George H. W. and George W.: father and son
        if (_is_subsequence(ka, kb) or _is_subsequence(kb, ka)) and ka[0] == kb[0]:
            return True  # one name is the other with a middle or last part more
        if translit(ka[-1]) != translit(kb[-1]) and skeleton(ka[-1]) != skeleton(kb[-1]):
            return False
        if _is_subsequence(ka, kb) or _is_subsequence(kb, ka):
            return True
        return _given_compatible(ka, kb) and len(set(ka) | set(kb)) <= max(len(ka), len(kb)) + 1

    # ============================================================ user rules
    def _apply_rules(self, groups: list[tuple[str, list[DocCluster]]], mentions_of) -> list[tuple[str, list[DocCluster]]]:
        """The analyst's alias file wins: 'different' splits what resolution joined, 'same' joins."""
        def names(c: DocCluster) -> set[str]:
            return {fold(mentions_of[c.doc_id][i].text) for i in c.members}

        groups = [(label, list(cs)) for label, cs in groups]
        for rule in (r for r in self.rules if r.kind == "different"):
            a, b = fold(rule.name), fold(rule.other)
            out = []
            for label, cs in groups:
                if rule.label and label != rule.label:
                    out.append((label, cs))
                    continue
                side_b = [c for c in cs if b in names(c) and a not in names(c)]
                if side_b and any(a in names(c) for c in cs):
                    rest = [c for c in cs if c not in side_b]
                    for c in side_b:
                        c.reasons = {k: f"kept apart from {rule.name} by {rule.where}" for k in c.reasons}
                    out += [(label, rest), (label, side_b)]
                else:
                    out.append((label, cs))
            groups = out
        for rule in (r for r in self.rules if r.kind == "same"):
            a, b = fold(rule.name), fold(rule.other)
            hit_a = [n for n, (label, cs) in enumerate(groups) if (not rule.label or label == rule.label)
                     and any(a in names(c) for c in cs)]
            hit_b = [n for n, (label, cs) in enumerate(groups) if (not rule.label or label == rule.label)
                     and any(b in names(c) for c in cs)]
            for na in hit_a[:1]:
                for nb in hit_b:
                    if nb == na or groups[nb][0] != groups[na][0]:
                        continue
                    for c in groups[nb][1]:
                        c.reasons = {k: f"same as {rule.name}: {rule.where}" for k in c.reasons}
                    for c in groups[na][1]:  # the other name of the rule says so too, whichever becomes canonical
                        for k in c.reasons:
                            if fold(k) == a:
                                c.reasons[k] = f"same as {rule.other}: {rule.where}"
                    groups[na][1].extend(groups[nb][1])
                    groups[nb] = (groups[nb][0], [])
        return [(label, cs) for label, cs in groups if cs]

    # ================================================================ entity
    def _entity(self, label: str, members: list[DocCluster], mentions_of, used: set[str]) -> Entity:
        return self.entity_from(label, aggregate(members, mentions_of), used)

    def entity_from(self, label: str, agg: Aggregate, used: set[str]) -> Entity:
        """The entity of a group from its aggregate (what `aggregate` collects from its clusters)."""
        surfaces: Counter = Counter()
        for s, (n, _) in sorted(agg.surfaces.items(), key=lambda x: x[1][1]):  # in the order first seen
            surfaces[s] = n
        docs = agg.docs
        reasons: dict[str, str] = {a: r for a, (_, r) in sorted(agg.reasons.items(), key=lambda x: x[1][0])}
        countries: Counter = Counter()
        for c, (n, _) in sorted(agg.countries.items(), key=lambda x: x[1][1]):
            countries[c] = n
        aliases = sorted(surfaces)
        country = countries.most_common(1)[0][0] if countries else None
        key = agg.key[1]
        if label == "Country":
            code = key
            name = self.gaz.country_names.get(code, surfaces.most_common(1)[0][0])
            eid = code
            country = code
        elif label == "Place" and key.startswith("geonames:"):
            place = self.gaz.place_by_id.get(int(key.split(":")[1]))
            name = place.name if place else surfaces.most_common(1)[0][0]
            country = (place.country or None) if place else country
            for a in aliases:
                if fold(a) != fold(name):
                    reasons[a] = f"gazetteer: GeoNames alternate name of {name}"
            eid = "place:" + slug(name) + (f"-{country.lower()}" if country else "")
        elif label == "Person":
            name = _canonical_person(surfaces)
            eid = "person:" + slug(name)
            name_words = fold(" ".join(name_tokens(name)))
            for a in aliases:
                k = person_key(a)
                if len(k) >= 2 and reasons.get(a) == "full name" and fold(" ".join(name_tokens(a))) != name_words:
                    if k == person_key(name):
                        reasons[a] = f"another spelling of {name} (same name key {' '.join(k)!r})"
                    else:
                        reasons[a] = (f"another form of {name} (name key {' '.join(k)!r} agrees with "
                                      f"{' '.join(person_key(name))!r})")
        else:
            name = _canonical_name(surfaces, label)
            prefix = {"Organization": "org", "Ministry": "ministry", "Event": "event", "Place": "place"}[label]
            eid = f"{prefix}:" + slug(name) + (f"-{country.lower()}" if country and label in ("Ministry", "Place") else "")
        if eid in used:
            # Two things with one name (namesakes kept apart): tell them apart by their documents.
            eid += "~" + hashlib.sha1("|".join(sorted(set().union(*docs.values()))).encode()).hexdigest()[:6]
        used.add(eid)
        if name not in aliases:
            aliases = sorted(set(aliases) | {name})
            reasons.setdefault(name, "canonical name")
        return Entity(id=eid, label=label, name=name, aliases=aliases, country=country,
                      reasons={a: reasons.get(a, "name as written") for a in aliases},
                      docs={a: sorted(d) for a, d in docs.items()})


@dataclass
class Aggregate:
    """What an entity is made from, summed over its clusters so that clusters can be added later: each alias's
    count and first place (document, cluster, mention), documents and first reason; each country's weight and
    first place; the key of the first cluster."""

    surfaces: dict[str, list] = field(default_factory=dict)  # alias -> [count, (doc_id, pos, n)]
    docs: dict[str, set[str]] = field(default_factory=dict)  # alias -> documents
    reasons: dict[str, tuple] = field(default_factory=dict)  # alias -> ((doc_id, pos), reason)
    countries: dict[str, list] = field(default_factory=dict)  # country -> [mentions, (doc_id, pos)]
    key: tuple = ()  # ((doc_id, pos), key)

    def add(self, other: Aggregate) -> Aggregate:
        for s, (n, first) in other.surfaces.items():
            mine = self.surfaces.get(s)
            self.surfaces[s] = [n, first] if mine is None else [mine[0] + n, min(mine[1], first)]
        for s, d in other.docs.items():
            self.docs.setdefault(s, set()).update(d)
        for a, (first, r) in other.reasons.items():
            if a not in self.reasons or first < self.reasons[a][0]:
                self.reasons[a] = (first, r)
        for c, (n, first) in other.countries.items():
            mine = self.countries.get(c)
            self.countries[c] = [n, first] if mine is None else [mine[0] + n, min(mine[1], first)]
        if other.key and (not self.key or other.key[0] < self.key[0]):
            self.key = other.key
        return self


def aggregate(members: Iterable[DocCluster], mentions_of) -> Aggregate:
    agg = Aggregate()
    for c in members:
        at = (c.doc_id, c.pos)  # type: ignore[attr-defined]
        ms = mentions_of[c.doc_id]
        one = Aggregate(key=(at, c.key))
        for n, i in enumerate(c.members):
            s = ms[i].text
            if s in one.surfaces:
                one.surfaces[s][0] += 1
            else:
                one.surfaces[s] = [1, (*at, n)]
            one.docs.setdefault(s, set()).add(c.doc_id)
        for a, r in c.reasons.items():
            one.reasons.setdefault(a, (at, r))
        if c.country:
            one.countries[c.country] = [len(c.members), at]
        agg.add(one)
    return agg


def cluster_order(c: DocCluster) -> tuple[str, int]:
    return c.doc_id, c.pos  # type: ignore[attr-defined]


def group_order(label: str, members: list[DocCluster]) -> tuple[str, str, int]:
    """Groups are numbered in this order (a namesake after the first gets a suffix): label, then first mention."""
    return (label, *min((c.doc_id, c.members[0]) for c in members))


def single_decision(c: DocCluster, roots_by_surname, roots_by_skeleton, country_of_root) -> tuple[str, Any]:
    """What a person named by one word (a surname, mostly) joins: ("join", root) the one group of full names with
    that word (or, failing that, with its consonant skeleton) whose countries do not conflict; ("lone", key) the
    other such names in the corpus when no full name has it; else ("alone", None). The lookups give sets of group
    roots (resolution's own, or an incremental build's stored groups)."""
    k = c.key_tuple[0]  # type: ignore[attr-defined]
    sk = skeleton(k) if len(skeleton(k)) >= SKELETON_MIN else None
    by_surname = roots_by_surname(k)
    by_skeleton = roots_by_skeleton(sk) if sk else set()
    roots = set(by_surname or by_skeleton)
    if c.country:
        roots = {r for r in roots if not country_of_root(r) or c.country in country_of_root(r)}
    if len(roots) == 1:
        return "join", next(iter(roots))
    if not by_surname and not by_skeleton:
        return "lone", sk or k
    return "alone", None


def _plausible(pool: list[DocCluster], ms: list[Mention], i: int) -> DocCluster | None:
    """The one of several people sharing a name that a name alone most plausibly means ("Smith" after "John
    Smith" and "Jane Smith"): the one named last before it in the same sentence, else the one the document
    names fully most often; None when nothing tells them apart (the name then stays a node of its own)."""
    same = [c for c in pool if any(ms[m].sent == ms[i].sent and ms[m].start < ms[i].start and len(person_key(ms[m].text)) >= 2
                                   for m in c.members)]
    if len(same) == 1:
        return same[0]
    counts = sorted(((sum(len(person_key(ms[m].text)) >= 2 for m in c.members), n) for n, c in enumerate(pool)),
                    reverse=True)
    if counts[0][0] > counts[1][0]:
        return pool[counts[0][1]]
    return None


def _event_parts(key: str) -> tuple[str, frozenset[str]]:
    """('meeting', {'UA', 'US'}) from 'event:meeting:UA|US'; an event keyed by its text has kind 'named'."""
    _, kind, words = key.split(":", 2) if key.count(":") >= 2 else ("", "named", key.split(":", 1)[-1])
    return kind, frozenset(w for w in re.split(r"[|\s]+", words) if w)


def _same_event(a: frozenset[str], b: frozenset[str], within: bool) -> bool:
    """Two events of one kind are one when their words agree: within a document one shared word that is not a
    country code will do ('Istanbul grain deal', 'Black Sea Grain Initiative'); across documents two shared
    words, or the one word each has ('EU summit')."""
    shared = a & b
    if a == b:
        return True
    if within:
        return any(not (w.isupper() and len(w) == 2) for w in shared)
    return len(shared) >= 2 or (len(shared) == 1 and min(len(a), len(b)) == 1 and not next(iter(shared)).isupper())


def _join_events(clusters: list[DocCluster], within: bool) -> list[DocCluster]:
    """Union the event clusters that _same_event says are one; blocking by word keeps the pairs few."""
    if len(clusters) < 2:
        return clusters
    parts = [_event_parts(c.key) for c in clusters]
    uf = _UnionFind()
    by_word: dict[tuple[str, str], list[int]] = defaultdict(list)
    for n, (kind, words) in enumerate(parts):
        for w in words:
            by_word[(kind, w)].append(n)
    for ns in by_word.values():
        for x_i, x in enumerate(ns):
            for y in ns[x_i + 1:]:
                if uf.find(x) != uf.find(y) and _same_event(parts[x][1], parts[y][1], within):
                    uf.union(x, y)
    if not within:
        return clusters  # the caller groups by root (see _events_across)
    merged: dict[int, DocCluster] = {}
    for n, c in enumerate(clusters):
        root = uf.find(n)
        home = merged.get(root)
        if home is None:
            merged[root] = c
            continue
        home.members += c.members
        for a, r in c.reasons.items():
            home.reasons.setdefault(a, f"the same {parts[n][0]} as {next(iter(home.reasons))} in the same document")
        kind, words = _event_parts(home.key)
        home.key = f"event:{kind}:" + "|".join(sorted(words | parts[n][1]))
    return list(merged.values())


def _events_across(cs: list[DocCluster]) -> list[list[DocCluster]]:
    parts = [_event_parts(c.key) for c in cs]
    uf = _UnionFind()
    by_word: dict[tuple[str, str], list[int]] = defaultdict(list)
    for n, (kind, words) in enumerate(parts):
        for w in words:
            by_word[(kind, w)].append(n)
        if not words:
            by_word[(kind, "")].append(n)
    for ns in by_word.values():
        for x_i, x in enumerate(ns):
            for y in ns[x_i + 1:]:
                if uf.find(x) != uf.find(y) and _same_event(parts[x][1], parts[y][1], within=False):
                    uf.union(x, y)
    groups: dict[int, list[DocCluster]] = defaultdict(list)
    for n, c in enumerate(cs):
        groups[uf.find(n)].append(c)
    return list(groups.values())


def _reversed(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """'Kishida Fumio' and 'Fumio Kishida': a two-word name written family name first (East Asian order)."""
    return len(a) == len(b) == 2 and a == b[::-1]


def _fullest(c: DocCluster) -> str:
    """The fullest way a document wrote the person of a cluster (the most name words); a cluster an incremental
    build read without its texts carries it (`fullest`)."""
    known = getattr(c, "fullest", None)
    if known is not None:
        return known
    return max(c.reasons, key=lambda t: (len(person_key(t)), len(t), t)) if c.reasons else ""


def surname_tokens(c: DocCluster) -> list[str]:
    """The words of a full name a one-word name may join it by: not a father's name in its patronymic."""
    fathers = set(patronyms(_fullest(c)))
    kt = c.key_tuple  # type: ignore[attr-defined]
    return [tok for tok in kt if not (tok in fathers and tok != kt[0])]


def _initials_differ(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Both names write middle initials, and not the same ones: two people (George H. W. / George W. Bush)."""
    ia = [w for w in a[1:-1] if len(w) == 1]
    ib = [w for w in b[1:-1] if len(w) == 1]
    return bool(ia) and bool(ib) and ia != ib


def _is_subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    it = iter(long)
    return len(short) < len(long) and all(any(x == y for y in it) for x in short)


def _org_name(text: str) -> str:
    name = fold(text)
    if name.startswith("the "):
        name = name[4:]
    return name


_NICKNAME_QUOTE = re.compile("[\"\u201c\u201d]|(?:^|\\s)['\u2018\u2019]|['\u2018\u2019](?:\\s|$)")  # not O'Brien's


def _canonical_person(surfaces: Counter) -> str:
    """The fullest name the articles wrote most, as written: never words joined anew ("Hamad bin Nasser
    al-Mansouri", not "Hamad bin Nasser al Mansouri"), without the titles and suffixes around it."""
    def score(s: str) -> tuple[int, int, int, str]:
        words = name_tokens(s)
        return (min(len(words), 3), surfaces[s], -abs(len(words) - 3), s)
    ranked = sorted(surfaces, key=score, reverse=True)
    best = ranked[0]
    if len(name_tokens(best)) < 2:
        return best
    # Of the spellings as full as the best, the surest one without a nickname in quotes; else the best as written.
    for s in ranked:
        if score(s)[0] != score(best)[0]:
            break
        written = _without_titles(s)
        if not _NICKNAME_QUOTE.search(written):
            return written
    return _without_titles(best)


def _without_titles(text: str) -> str:
    """`text` less the whole words before and after the name that name_tokens leaves out (titles, suffixes)."""
    words = name_tokens(text)
    parts = text.split()
    while len(parts) > 1 and name_tokens(" ".join(parts[1:])) == words:
        parts = parts[1:]
    while len(parts) > 1 and name_tokens(" ".join(parts[:-1])) == words:
        parts = parts[:-1]
    return " ".join(parts)


def _canonical_name(surfaces: Counter, label: str) -> str:
    def score(s: str) -> tuple[int, int, int, str]:
        # "NATO", "U.N." and "MoD" are short forms: a full name of the same thing wins over them.
        short = len(s) <= 6 and " " not in s and is_acronym(s.replace(".", ""), mixed_case=True)
        return (not short, surfaces[s], len(s), s)
    best = max(surfaces, key=score)
    return best[4:] if best.lower().startswith("the ") else best


def resolve_mentions(extractions: Iterable[DocExtraction], rules: Iterable[AliasRule] = ()) -> Resolution:
    return Resolver(rules).resolve(extractions)
