#!/usr/bin/env python3
"""Resolve-only bench: time kgbuild.resolve.resolve_mentions on synthetic DocExtraction records.

    python benchmarks/bench_resolve.py                          # 100,000 mentions of 10,000 entities, then x10
    python benchmarks/bench_resolve.py --mentions 200000 --entities 20000 --scales 1,5

No spaCy: documents are made of Mention records directly, the way extraction would write them.
Each document names a handful of entities drawn with Zipf-like popularity (a few recur everywhere,
most are rare): a person in full first and then by surname, "Mr" + surname or a transliterated
spelling (Zelensky/Zelenskyy, Sergei/Sergey) in some documents; an organisation by name then
acronym; countries with their ISO key; places by name; ministries by portfolio and country.
With --scales 1,10 the second run has ten times the mentions *and* ten times the entities (the same
corpus, ten times longer), and the bench prints the ratio of the times (linear growth: about 10).
"""
from __future__ import annotations

import argparse
import gc
import random
import resource
import sys
import time

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))

from kgbuild.records import DocExtraction, Document, Mention

COUNTRIES = ["US", "GB", "FR", "DE", "UA", "RU", "PL", "IT", "ES", "TR", "EG", "SA", "AE", "QA", "IN", "CN", "JP",
             "KR", "BR", "MX", "NG", "KE", "ZA", "SE", "NO", "FI", "NL", "BE", "GR", "IL", "IR", "IQ", "AU", "CA"]
COUNTRY_NAME = {"US": "United States", "GB": "Britain", "FR": "France", "DE": "Germany", "UA": "Ukraine",
                "RU": "Russia", "PL": "Poland", "IT": "Italy", "ES": "Spain", "TR": "Turkey", "EG": "Egypt",
                "SA": "Saudi Arabia", "AE": "United Arab Emirates", "QA": "Qatar", "IN": "India", "CN": "China",
                "JP": "Japan", "KR": "South Korea", "BR": "Brazil", "MX": "Mexico", "NG": "Nigeria", "KE": "Kenya",
                "ZA": "South Africa", "SE": "Sweden", "NO": "Norway", "FI": "Finland", "NL": "Netherlands",
                "BE": "Belgium", "GR": "Greece", "IL": "Israel", "IR": "Iran", "IQ": "Iraq", "AU": "Australia",
                "CA": "Canada"}
ONSETS = ["b", "ch", "d", "f", "g", "h", "k", "kh", "l", "m", "n", "p", "r", "s", "sh", "t", "v", "y", "z", "br",
          "dr", "gr", "kr", "st", "tr", "zh"]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ia", "ou"]
CODAS = ["", "n", "r", "s", "l", "k", "v", "m"]
ENDINGS = ["", "ov", "enko", "sky", "ini", "ez", "son", "uki", "adi", "berg", "ani", "ski", "ich"]
GIVEN = ["John", "Helen", "Sergei", "Mohammed", "Olena", "Daniel", "Amina", "Wei", "Carlos", "Ingrid", "Kofi",
         "Yuki", "Taras", "Layla", "Pierre", "Rahul", "Grace", "Omar", "Lars", "Maria", "Dmytro", "Fatima", "Kenji"]
GIVEN_VARIANT = {"Sergei": "Sergey", "Mohammed": "Muhammad", "Dmytro": "Dmitry", "Olena": "Elena"}
SURNAME_VARIANT = {"sky": "skyy", "enko": "enko", "ov": "ow", "ich": "ych"}
PORTFOLIOS = ["Foreign Affairs", "Defence", "Finance", "Trade", "Energy", "Agriculture", "Health", "Interior",
              "Justice", "Transport", "Education", "Environment", "Industry", "Labour", "Culture"]
ORG_WORDS = ["International", "Northern", "Global", "Atlantic", "Grain", "Energy", "Security", "Trade", "Shipping",
             "Council", "Forum", "Union", "Alliance", "Agency", "Institute", "Fund", "Commission", "Bank"]
LABEL_SHARE = [("Person", 0.5), ("Organization", 0.2), ("Place", 0.12), ("Ministry", 0.1), ("Country", 0.08)]


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(syllables)).capitalize()


class Population:
    """`n` distinct entities of each label share, with their surface forms."""

    def __init__(self, rng: random.Random, n: int) -> None:
        self.rng = rng
        self.entities: list[tuple[str, dict]] = []
        seen: set[str] = set()
        for label, share in LABEL_SHARE:
            for _ in range(max(1, int(n * share))):
                for _try in range(100):
                    e = self._make(label)
                    if e["name"] not in seen:
                        break
                seen.add(e["name"])
                self.entities.append((label, e))
        rng.shuffle(self.entities)
        self.fresh = 0
        # Zipf-like popularity: entity i is drawn with weight 1 / (i + 10).
        self.cum: list[float] = []
        total = 0.0
        for i in range(len(self.entities)):
            total += 1.0 / (i + 10)
            self.cum.append(total)

    def _make(self, label: str) -> dict:
        r = self.rng
        if label == "Person":
            surname = _word(r, r.choice([2, 2, 3])) + r.choice(ENDINGS)
            return {"name": f"{r.choice(GIVEN)} {surname}", "country": r.choice(COUNTRIES) if r.random() < 0.6 else None}
        if label == "Organization":
            words = [r.choice(ORG_WORDS[:9]), _word(r, 2), r.choice(ORG_WORDS[9:])]
            return {"name": " ".join(words), "acronym": "".join(w[0] for w in words).upper()}
        if label == "Place":
            return {"name": _word(r, r.choice([2, 3])), "country": r.choice(COUNTRIES)}
        if label == "Ministry":
            c = r.choice(COUNTRIES)
            return {"name": f"Ministry of {r.choice(PORTFOLIOS)} of {COUNTRY_NAME[c]}", "country": c}
        c = r.choice(COUNTRIES)
        return {"name": COUNTRY_NAME[c] + ("" if r.random() < 0.9 else " "), "code": c}

    def draw(self, p_new: float) -> tuple[str, dict]:
        """With probability p_new the next entity not yet named (so every one appears), else a Zipf draw."""
        import bisect

        if self.fresh < len(self.entities) and self.rng.random() < p_new:
            self.fresh += 1
            return self.entities[self.fresh - 1]
        x = self.rng.random() * self.cum[-1]
        return self.entities[min(bisect.bisect_left(self.cum, x), len(self.entities) - 1)]


def make_documents(n_mentions: int, n_entities: int, seed: int) -> list[DocExtraction]:
    rng = random.Random(seed)
    pop = Population(rng, n_entities)
    docs: list[DocExtraction] = []
    total = 0
    p_new = min(1.0, 1.15 * n_entities / (n_mentions / 2.0))  # about 2 mentions per draw
    named: set[tuple[str, str]] = set()
    while total < n_mentions:
        doc_id = f"d{len(docs):07d}"
        ms: list[Mention] = []
        pos = 0
        cluster = 0

        def add(text: str, label: str, key=None, canonical=None, country=None, cl=-1, reason="ner",
                ms: list[Mention] = ms, doc_id: str = doc_id) -> None:
            nonlocal pos
            ms.append(Mention(doc_id=doc_id, text=text, label=label, start=pos, end=pos + len(text),
                              sent=len(ms) // 3, key=key, canonical=canonical, country=country, cluster=cl,
                              reason=reason))
            pos += len(text) + 40

        for _ in range(rng.randint(4, 8)):
            label, e = pop.draw(p_new)
            named.add((label, e["name"]))
            if label == "Person":
                given, surname = e["name"].split(" ", 1)
                if rng.random() < 0.1:
                    given = GIVEN_VARIANT.get(given, given)
                    for end, alt in SURNAME_VARIANT.items():
                        if surname.endswith(end):
                            surname = surname[: -len(end)] + alt
                            break
                add(f"{given} {surname}", "Person", country=e["country"])
                for _ in range(rng.randint(0, 3)):
                    add(surname if rng.random() < 0.8 else f"Mr {surname}", "Person")
            elif label == "Organization":
                add(e["name"], "Organization", cl=cluster)
                if rng.random() < 0.5:
                    add(e["acronym"], "Organization", cl=cluster)
                cluster += 1
            elif label == "Place":
                for _ in range(rng.randint(1, 2)):
                    add(e["name"], "Place", country=e["country"])
            elif label == "Ministry":
                add(e["name"], "Ministry", country=e["country"])
            else:
                for _ in range(rng.randint(1, 3)):
                    add(e["name"].strip(), "Country", key=e["code"], canonical=e["name"].strip(), country=e["code"])
        total += len(ms)
        docs.append(DocExtraction(document=Document(doc_id=doc_id, text="", title=None), mentions=ms))
    return docs, len(named)


def run(n_mentions: int, n_entities: int, seed: int) -> dict:
    from kgbuild.resolve import resolve_mentions

    t = time.perf_counter()
    docs, named = make_documents(n_mentions, n_entities, seed)
    gen = time.perf_counter() - t
    mentions = sum(len(d.mentions) for d in docs)
    resolve_mentions(docs[:10])  # gazetteer and data files load once, outside the timing
    gc.collect()
    t = time.perf_counter()
    res = resolve_mentions(docs)
    secs = time.perf_counter() - t
    return {"mentions": mentions, "documents": len(docs), "entities_made": named,
            "entities_resolved": len(res.entities), "seconds": secs, "generate_seconds": gen}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="time resolve_mentions on synthetic mentions")
    ap.add_argument("--mentions", type=int, default=100_000)
    ap.add_argument("--entities", type=int, default=10_000)
    ap.add_argument("--scales", default="1,10", help="multiples of --mentions and --entities to run")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    first = None
    for s in (float(x) for x in args.scales.split(",")):
        r = run(int(args.mentions * s), int(args.entities * s), args.seed)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        line = (f"x{s:g}: {r['mentions']:,} mentions in {r['documents']:,} documents, {r['entities_made']:,} "
                f"distinct entities named -> {r['entities_resolved']:,} after resolution, resolve_mentions {r['seconds']:.2f} s "
                f"({r['mentions'] / r['seconds']:,.0f} mentions/s), peak RSS so far {rss:,.0f} MiB")
        if first is None:
            first = r
        else:
            ratio = r["seconds"] / first["seconds"]
            line += f"; time x{ratio:.1f} for x{r['mentions'] / first['mentions']:.1f} the mentions"
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
