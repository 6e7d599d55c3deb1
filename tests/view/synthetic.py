"""A synthetic news graph of a chosen size, shaped like kgbuild's own (same labels, types and properties).

People belong to a country; most meetings are between people of one country or of two neighbouring
ones, so the graph has the clusters and the many small groups of a real corpus. Everything is drawn
from a seeded random generator: the same call gives the same graph.
"""
from __future__ import annotations

import json
import random
from datetime import date, timedelta

import networkx as nx

FIRST = ("Ana", "Bram", "Chiara", "Dmytro", "Efua", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kemal", "Lena",
         "Marek", "Nadia", "Omar", "Paula", "Quentin", "Rania", "Sven", "Tomás", "Uma", "Viktor", "Wen", "Yara", "Zoltán")
SYLLABLES = ("ba", "ko", "ri", "ten", "mar", "lu", "sho", "vik", "an", "del", "oru", "pes", "qui", "sta", "ne", "zar")


def _surname(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def news_graph(entities: int = 5000, *, seed: int = 1, documents: int | None = None) -> nx.MultiDiGraph:
    """`entities` entity nodes (people, countries, places, ministries, organisations) plus Document nodes."""
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    n_countries = max(3, entities // 35)
    n_places = entities // 8
    n_ministries = entities // 20
    n_orgs = entities // 25
    n_people = entities - n_countries - n_places - n_ministries - n_orgs
    n_docs = documents or max(4, entities // 3)
    start = date(2024, 1, 1)

    def node(nid: str, label: str, name: str, aliases: list[str] | None = None, country: str | None = None) -> None:
        props = {"id": nid, "name": name, "aliases": aliases or [name]}
        if country:
            props["country"] = country
        props["merge_reasons"] = json.dumps({a: {"reason": "full name" if a == name else f"surname of {name}",
                                                 "documents": []} for a in props["aliases"]})
        g.add_node(nid, label=label, properties=props)

    docs = []
    for d in range(n_docs):
        doc_id = f"wire-{d:05d}"
        published = (start + timedelta(days=rng.randrange(366))).isoformat()
        g.add_node(f"doc:{doc_id}", label="Document", properties={
            "id": f"doc:{doc_id}", "doc_id": doc_id, "title": f"Synthetic wire story {d}", "source": f"{doc_id}.txt",
            "published": published})
        docs.append((doc_id, published))

    countries = [f"C{c:03d}" for c in range(n_countries)]
    for c in countries:
        node(c, "Country", f"Country {c}")
    places = []
    for p in range(n_places):
        pid, country = f"place:p{p}", rng.choice(countries)
        node(pid, "Place", f"Place {p}", country=country)
        g.add_edge(pid, country, key=f"LOCATED_IN|{pid}|{country}", type="LOCATED_IN",
                   properties={"key": f"LOCATED_IN|{pid}|{country}", "source": "gazetteer"})
        places.append(pid)
    ministries = []
    for m in range(n_ministries):
        mid, country = f"ministry:m{m}", rng.choice(countries)
        node(mid, "Ministry", f"Ministry of Affairs {m}", country=country)
        g.add_edge(mid, country, key=f"PART_OF|{mid}|{country}", type="PART_OF",
                   properties={"key": f"PART_OF|{mid}|{country}", "source": "gazetteer"})
        ministries.append(mid)
    orgs = []
    for o in range(n_orgs):
        node(f"org:o{o}", "Organization", f"Organisation {o}")
        orgs.append(f"org:o{o}")

    people: list[tuple[str, str, str]] = []
    for k in range(n_people):
        first, last = rng.choice(FIRST), _surname(rng)
        name = f"{first} {last} {k}"  # unique, and the surname alone is an alias
        pid = f"person:{k}"
        country = countries[min(int(rng.paretovariate(1.2)) - 1, n_countries - 1) if rng.random() < 0.5
                            else rng.randrange(n_countries)]
        node(pid, "Person", name, [name, f"{last} {k}"], country=country)
        people.append((pid, name, country))
    by_country: dict[str, list[int]] = {}
    for k, (_, _, c) in enumerate(people):
        by_country.setdefault(c, []).append(k)

    count = 0

    def rel(a: str, b: str, rel_type: str, sentence: str, **extra) -> None:
        nonlocal count
        doc_id, published = rng.choice(docs)
        props = {"doc_id": doc_id, "evidence": sentence, "sent_start": 0, "sent_end": len(sentence),
                 "trigger": sentence.split()[3] if len(sentence.split()) > 3 else "", "rule": "synthetic",
                 "confidence": round(rng.uniform(0.6, 0.95), 2), "status": "stated", **extra}
        if rng.random() < 0.4:
            props["date"] = (date.fromisoformat(published) - timedelta(days=rng.randrange(7))).isoformat()
        key = f"{rel_type}|{a}|{b}|{doc_id}|{count}"
        props["key"] = key
        g.add_edge(a, b, key=key, type=rel_type, properties=props)
        for end in (a, b):
            g.add_edge(f"doc:{doc_id}", end, key=f"MENTIONS|{doc_id}|{end}", type="MENTIONS",
                       properties={"doc_id": doc_id, "count": 1})
        count += 1

    for k, (pid, name, country) in enumerate(people):
        for _ in range(rng.choice((0, 1, 1, 1, 2, 2, 3))):
            group = by_country[country] if rng.random() < 0.8 else by_country[rng.choice(list(by_country))]
            j = rng.choice(group)
            if j == k:
                continue
            other, other_name, _ = people[j]
            if rng.random() < 0.85:
                rel(pid, other, "MET", f"{name} met {other_name} on Tuesday to discuss trade and security, "
                                       f"officials said after the talks.", place=f"Place {rng.randrange(n_places)}")
            else:
                rel(pid, other, "TALKED_TO", f"{name} spoke by phone with {other_name} about the grain corridor "
                                             f"and the coming summit.")
        if rng.random() < 0.6:
            body = rng.choice(ministries) if rng.random() < 0.5 else country
            rel(pid, body, "HOLDS_ROLE", f"The foreign minister {name} told reporters the talks had gone well.",
                title="Foreign Minister")
        if rng.random() < 0.35:
            rel(pid, rng.choice(places), "VISITED", f"{name} arrived in the capital on Monday for a two-day visit.")
        if rng.random() < 0.05:
            rel(pid, rng.choice(orgs), "HOLDS_ROLE", f"{name}, the secretary general, opened the meeting.",
                title="Secretary General")
    return g
