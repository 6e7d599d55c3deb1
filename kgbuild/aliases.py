"""User alias rules: the merges and splits only an analyst knows.

A CSV file (header optional)::

    rule,name,other,type
    same,Bongbong Marcos,Ferdinand Marcos Jr.,Person
    different,Washington,George Washington

or a YAML file::

    same:
      - [Bongbong Marcos, Ferdinand Marcos Jr.]
    different:
      - [Paris Hilton, Paris]

`same` joins the entities known by the two names (of one type); `different` keeps
them apart even where automatic resolution would join them. Names are compared
case- and accent-insensitively against every alias. The rules win over automatic
resolution, and the reason recorded on the merged aliases names the file and line.
"""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import KgbuildError
from .names import fold
from .schema import ENTITY_LABELS


class AliasFileError(KgbuildError):
    def __init__(self, where: str, problem: str):
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class AliasRule:
    kind: str  # same | different
    name: str
    other: str
    label: str | None  # restrict to one entity type, or None for any
    where: str  # "FILE line N", shown as the reason

    def to_json(self) -> dict:
        return {"kind": self.kind, "name": self.name, "other": self.other, "label": self.label, "where": self.where}

    @classmethod
    def from_json(cls, d: dict) -> AliasRule:
        return cls(d["kind"], d["name"], d["other"], d.get("label"), d["where"])


def load_alias_rules(path: str | Path) -> list[AliasRule]:
    """Read a CSV or YAML alias file; every problem names the file, the line and what to fix."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise AliasFileError(str(p), f"cannot read the alias file ({e.strerror or e})") from None
    except UnicodeDecodeError:
        raise AliasFileError(str(p), "the alias file is not UTF-8 text") from None
    if p.suffix.lower() in (".yaml", ".yml"):
        return _from_yaml(p, text)
    return _from_csv(p, text)


def _check(p: Path, line: int, kind: str, name: str, other: str, label: str | None) -> AliasRule:
    where = f"{p.name} line {line}"
    kind = kind.strip().lower()
    if kind not in ("same", "different"):
        raise AliasFileError(f"{p}:{line}", f"the rule is {kind!r}; write 'same' or 'different'")
    name, other = name.strip(), other.strip()
    if not name or not other:
        raise AliasFileError(f"{p}:{line}", "a rule needs two names")
    if fold(name) == fold(other):
        raise AliasFileError(f"{p}:{line}", f"both names are {name!r}; a rule joins or splits two different names")
    label = (label or "").strip() or None
    if label is not None:
        match = [lab for lab in ENTITY_LABELS if lab.lower() == label.lower()]
        if not match:
            raise AliasFileError(f"{p}:{line}", f"unknown type {label!r}; use one of {', '.join(ENTITY_LABELS)}")
        label = match[0]
    return AliasRule(kind, name, other, label, where)


def _from_csv(p: Path, text: str) -> list[AliasRule]:
    rules = []
    for n, row in enumerate(csv.reader(io.StringIO(text)), 1):
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        if n == 1 and row[0].strip().lower() in ("rule", "kind", "relation"):
            continue  # header
        if len(row) < 3 or len(row) > 4:
            raise AliasFileError(f"{p}:{n}", f"expected 3 or 4 columns (rule,name,other[,type]), found {len(row)}")
        rules.append(_check(p, n, row[0], row[1], row[2], row[3] if len(row) == 4 else None))
    return rules


def _from_yaml(p: Path, text: str) -> list[AliasRule]:
    try:
        import yaml
    except ImportError:
        raise AliasFileError(str(p), "reading YAML needs PyYAML (pip install pyyaml), or write the rules as CSV") from None
    try:
        nodes = yaml.compose(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise AliasFileError(f"{p}{line}", f"not valid YAML ({getattr(e, 'problem', e)})") from None
    if nodes is None:
        return []
    if not isinstance(nodes, yaml.MappingNode):
        raise AliasFileError(f"{p}:{nodes.start_mark.line + 1}", "expected keys 'same:' and/or 'different:'")
    rules = []
    for key, value in nodes.value:
        line = key.start_mark.line + 1
        if not isinstance(value, yaml.SequenceNode):
            raise AliasFileError(f"{p}:{line}", f"'{key.value}:' must hold a list of [name, other] pairs")
        for item in value.value:
            iline = item.start_mark.line + 1
            if not isinstance(item, yaml.SequenceNode) or len(item.value) not in (2, 3) \
                    or not all(isinstance(x, yaml.ScalarNode) for x in item.value):
                raise AliasFileError(f"{p}:{iline}", "each entry is a list of two names, optionally with a type: [A, B, Person]")
            vals = [x.value for x in item.value]
            rules.append(_check(p, iline, key.value, vals[0], vals[1], vals[2] if len(vals) == 3 else None))
    return rules


def unused_names(rules: Iterable[AliasRule], spellings: Iterable[tuple[str, str]]) -> list[tuple[AliasRule, str]]:
    """(rule, name) for each name of a rule that no spelling matches, compared as resolution compares them
    (case- and accent-insensitively; of the rule's type, when it names one). `spellings` are (label, text)
    pairs: the mentions of a corpus, or the aliases of a stored graph. Such a rule joins or splits nothing."""
    seen: dict[str | None, set[str]] = defaultdict(set)
    for label, text in spellings:
        seen[label].add(fold(text))
        seen[None].add(fold(text))
    out = []
    for rule in rules:
        for name in (rule.name, rule.other):
            if fold(name) not in seen[rule.label]:
                out.append((rule, name))
    return out


def unused_warning(rule: AliasRule, name: str) -> str:
    """The build's warning about a rule name no article uses."""
    kind = f" {rule.label}" if rule.label else ""
    return (f"alias rule {rule.where} ({rule.kind}: {rule.name!r}, {rule.other!r}) names {name!r}, which no{kind} "
            "mention in the articles uses: the rule has no effect (check the spelling; `kgbuild explain` shows "
            "the spellings an entity has)")
