"""Is a Cypher text one read-only query? The check `kgbuild query` runs before any Cypher without --write.

    check_read_query("MATCH (p:Person) RETURN p.name AS load")   # passes
    check_read_query("RETURN 1 AS x; CHECKPOINT")        # NotReadOnly: a second statement at line 1, column 16

It works on tokens, never on raw text: string literals (either quote, backslash escapes) and backtick-quoted
names (a doubled backtick escapes one) are read before comments, so `//`, `/*` or `;` inside them hide
nothing, and a keyword counts only where Cypher's grammar could start a clause with it. Words after `AS`,
after a `.`, as `$parameters` or in backticks are names, so `RETURN d.source AS load`, `$drop` and
`` `CREATE` `` pass. What a read-only query may contain is an allow-list:

- exactly one statement (a trailing `;` and comments are fine), optionally after EXPLAIN or PROFILE;
- the clauses MATCH, OPTIONAL MATCH, WHERE, WITH, RETURN, ORDER BY, SKIP, LIMIT, OFFSET, UNWIND, UNION [ALL],
  with DISTINCT, CASE ... END, path modifiers (SHORTEST, ALL SHORTEST, TRAIL, ACYCLIC, ...), and the
  subqueries EXISTS { }, COUNT { }, COLLECT { } and CALL { } whose bodies follow these same rules;
- CALL of the read-only procedures in READ_PROCEDURES only;
- functions: any plain name, except one that names a statement keyword or contains a part in
  DENIED_FUNCTION_PARTS (load, export, file, nextval, ...); a namespaced name (`x.y(...)`) only in Neo4j's
  built-in namespaces FUNCTION_NAMESPACES (date, duration, point, ...), so apoc.*, gds.* and every other
  plug-in function is refused.

Everything else is refused with `NotReadOnly`, which names the word and its line and column: writes
(CREATE, MERGE, SET, DELETE, ...), schema changes, files (LOAD, COPY, EXPORT, IMPORT), extensions (INSTALL,
LOAD EXTENSION), CHECKPOINT, transactions, other databases (ATTACH, USE), administration (SHOW, ...), and
characters the check does not know. Text no server would parse either (an unclosed string or bracket, a `)`
that closes nothing, OPTIONAL without MATCH) raises QueryFailed, also with line and column.
Standard library only, so importing it costs nothing.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .errors import NotReadOnly, QueryFailed, QueryTooCostly

# Clauses that may start a statement or a subquery body.
CLAUSE_STARTS = frozenset({"MATCH", "OPTIONAL", "WITH", "RETURN", "UNWIND", "CALL"})
# Words that may follow a complete expression or pattern: read clauses, operators, modifiers.
AFTER_OPERAND = frozenset({
    "MATCH", "OPTIONAL", "WHERE", "WITH", "RETURN", "ORDER", "SKIP", "LIMIT", "OFFSET", "UNWIND", "UNION", "CALL",
    "YIELD", "AS", "AND", "OR", "XOR", "IN", "IS", "CONTAINS", "STARTS", "ENDS", "ASC", "ASCENDING", "DESC",
    "DESCENDING", "WHEN", "THEN", "ELSE", "END", "ALL", "ANY", "SHORTEST", "WSHORTEST", "GROUPS", "TRAIL", "ACYCLIC",
})
# Keywords inside an expression that are not names.
IN_EXPRESSION = frozenset({"NOT", "CASE", "WHEN", "THEN", "ELSE", "DISTINCT", "WHERE"})
# Keywords that must be followed by one particular word.
NEEDS_NEXT = {"OPTIONAL": "MATCH", "ORDER": "BY", "STARTS": "WITH", "ENDS": "WITH"}
# Keywords after which an operand is complete (the next word is a clause or an operator).
ENDS_OPERAND = frozenset({"END", "ASC", "ASCENDING", "DESC", "DESCENDING"})
SUBQUERY_WORDS = frozenset({"EXISTS", "COUNT", "COLLECT"})

_WRITES = "it changes the graph"
_SCHEMA = "it changes the schema"
_FILES = "it reads or writes files"
REFUSED = {
    "CREATE": _WRITES, "MERGE": _WRITES, "SET": _WRITES, "DELETE": _WRITES, "REMOVE": _WRITES, "FOREACH": _WRITES,
    "INSERT": _WRITES, "DETACH": "it deletes nodes or detaches a database",
    "DROP": _SCHEMA, "ALTER": _SCHEMA, "RENAME": _SCHEMA, "COMMENT": _SCHEMA, "ANALYZE": "it rewrites statistics",
    "COPY": _FILES, "LOAD": "it reads files or loads an extension (arbitrary code)", "EXPORT": _FILES, "IMPORT": _FILES,
    "INSTALL": "it installs an extension", "UNINSTALL": "it removes an extension",
    "CHECKPOINT": "it writes the database files", "ATTACH": "it opens another database", "USE": "it switches database",
    "BEGIN": "it controls transactions", "COMMIT": "it controls transactions", "ROLLBACK": "it controls transactions",
    "SHOW": "it is an administration command", "TERMINATE": "it is an administration command",
    "GRANT": "it is an administration command", "REVOKE": "it is an administration command",
    "DENY": "it is an administration command", "START": "it is an administration command",
    "STOP": "it is an administration command", "ENABLE": "it is an administration command",
    "PROJECT": "it creates a projected graph", "FINISH": "it is not a read clause kgbuild allows",
}

# Procedures (Neo4j) and table functions (LadybugDB, used as `CALL f(...)`) that only read; compared ignoring case.
READ_PROCEDURES = (
    "db.labels", "db.relationshipTypes", "db.propertyKeys", "db.index.fulltext.queryNodes",
    "db.index.fulltext.queryRelationships", "db.awaitIndexes", "db.awaitIndex", "db.schema.visualization",
    "db.schema.nodeTypeProperties", "db.schema.relTypeProperties", "dbms.components",
    "show_tables", "table_info", "show_connection", "show_indexes", "show_functions", "show_macros",
    "show_sequences", "show_warnings", "db_version", "current_setting",
)
_READ_PROCEDURES = frozenset(p.lower() for p in READ_PROCEDURES)
# Namespaced functions are allowed only in Neo4j's own namespaces.
FUNCTION_NAMESPACES = frozenset({"date", "datetime", "localdatetime", "localtime", "time", "duration", "point",
                                 "vector"})
# A plain function name containing one of these is refused (file access, extensions, code, sequences).
DENIED_FUNCTION_PARTS = ("load", "export", "import", "copy", "write", "file", "read_", "install", "checkpoint",
                         "attach", "cypher", "nextval", "setval")

# Where a `//` comment could end for some server: ending it at the first of these is the cautious reading.
_LINE_ENDS = "\n\r\x0b\x0c\x85\u2028\u2029"
_PUNCT2 = ("..", "::", "<>", "<=", ">=", "!=", "=~", "+=", "->", "<-")
_PUNCT1 = frozenset("()[]{},.:;=<>+-*/%^|&!")
_NUMBER = re.compile(r"0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|[0-9][0-9_]*(?:\.[0-9][0-9_]*)?(?:[eE][+-]?[0-9]+)?")


@dataclass(frozen=True)
class Token:
    kind: str  # "word", "name" (backtick-quoted), "string", "number", "param", "punct"
    text: str  # a word or punctuation as written; a name's or parameter's text unescaped
    start: int  # offset in the query text
    end: int


def _where(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _refuse(text: str, offset: int, what: str, why: str) -> NotReadOnly:
    line, column = _where(text, offset)
    return NotReadOnly(what, line, column, why)


def _broken(text: str, offset: int, what: str, problem: str) -> QueryFailed:
    """Cypher no server would run (the check cannot follow it either): a syntax error, reported as one."""
    line, column = _where(text, offset)
    return QueryFailed(f"{what} at line {line}, column {column} {problem}")


def _name_chars(text: str, i: int) -> int:
    """The end of the name continuing at i: letters, digits, `_` and combining marks (Unicode's identifier
    characters, less any a server might not count, such as superscript digits)."""
    n = len(text)
    while i < n and (text[i].isalpha() or text[i] in "0123456789_"
                     or unicodedata.category(text[i]) in ("Nd", "Mn", "Mc", "Pc")):
        i += 1
    return i


def _backtick(text: str, i: int) -> tuple[str, int]:
    """The name quoted by the backtick at i (a doubled backtick is one backtick), and the offset after it."""
    j = i + 1
    while True:
        j = text.find("`", j)
        if j < 0:
            raise _broken(text, i, "the `name` starting", "has no closing backtick")
        if not text.startswith("``", j):
            return text[i + 1:j].replace("``", "`"), j + 1
        j += 2


def _ladybug_comment_end(text: str, i: int) -> int:
    """Where LadybugDB ends the /* comment at i, or -1. Its lexer (openCypher's `'/*' (~[*] | '*' ~[/])* '*/'`)
    takes a `*` together with the character after it, so `/* **/` is not closed there, as it is for Neo4j."""
    j, n = i + 2, len(text)
    while j < n:
        if text[j] == "*":
            if text.startswith("/", j + 1):
                return j + 2
            j += 2
        else:
            j += 1
    return -1


def tokenize(text: str, ladybug: bool = False) -> list[Token]:
    """The tokens of Cypher text, comments and blanks dropped, as Neo4j's lexer reads it, or with
    ladybug=True as LadybugDB's (their /* comments can end in different places). Raises QueryFailed for
    an unclosed string, name or comment, and NotReadOnly for a character the check does not know."""
    out: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "'\"":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            if j >= n:
                raise _broken(text, i, "the string starting", f"has no closing {c}")
            out.append(Token("string", text[i + 1:j], i, j + 1))
            i = j + 1
        elif c == "`":
            name, j = _backtick(text, i)
            out.append(Token("name", name, i, j))
            i = j
        elif text.startswith("//", i):
            while i < n and text[i] not in _LINE_ENDS:
                i += 1
        elif text.startswith("/*", i):
            if ladybug:
                j = _ladybug_comment_end(text, i)
            else:
                j = text.find("*/", i + 2)
                j = j + 2 if j >= 0 else -1
            if j < 0:
                raise _broken(text, i, "the /* comment starting", "has no closing */")
            i = j
        elif c == "$":
            if text.startswith("`", i + 1):
                name, j = _backtick(text, i + 1)
                out.append(Token("param", name, i, j))
                i = j
                continue
            j = _name_chars(text, i + 1)
            if j == i + 1:
                raise _broken(text, i, "the $", "is not followed by a parameter name")
            out.append(Token("param", text[i + 1:j], i, j))
            i = j
        elif c in "0123456789":
            m = _NUMBER.match(text, i)
            out.append(Token("number", m.group(), i, m.end()))
            i = m.end()
        elif c.isalpha() or c == "_":
            j = _name_chars(text, i)
            out.append(Token("word", text[i:j], i, j))
            i = j
        elif text.startswith(_PUNCT2, i):
            out.append(Token("punct", text[i:i + 2], i, i + 2))
            i += 2
        elif c in _PUNCT1:
            out.append(Token("punct", c, i, i + 1))
            i += 1
        else:
            raise _refuse(text, i, f"the character {c!r} (U+{ord(c):04X})",
                          "kgbuild's read-only check cannot tell what it means")
    return out


# Bounds on what any query may cost before it reaches a database (with or without --write). LadybugDB's parser
# and binder grow worse than linearly: 5,000 terms `1+1+...` take seconds, 24 nested CASE expressions over a
# minute, a few thousand nested brackets crash the process, and a 1.4 MB query took 7.8 GB.
MAX_QUERY_CHARS = 10_000
MAX_NESTING = 32  # brackets (), [], {} and CASE ... END inside one another
MAX_CASE_NESTING = 8


def check_query_cost(text: str) -> None:
    """Raise QueryTooCostly when `text` is longer than MAX_QUERY_CHARS or nests deeper than MAX_NESTING (brackets
    and CASE together) or MAX_CASE_NESTING (CASE alone). Strings and comments do not count."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryTooCostly(f"{len(text):,} characters long, more than the {MAX_QUERY_CHARS:,} kgbuild runs")
    try:
        marks = [("(" if t.text in "([{" else ")") if t.kind == "punct" else t.text.upper()
                 for t in tokenize(text) if t.kind == "punct" and t.text in "()[]{}"
                 or t.kind == "word" and t.text.upper() in ("CASE", "END")]
    except (QueryFailed, NotReadOnly):  # not Cypher the tokenizer follows: count every bracket
        marks = ["(" if c in "([{" else ")" for c in text if c in "()[]{}"]
    depth = cases = 0
    stack: list[str] = []
    for m in marks:
        if m in ("(", "CASE"):
            stack.append(m)
            depth = max(depth, len(stack))
            cases = max(cases, stack.count("CASE")) if m == "CASE" else cases
        elif stack and (m == ")") == (stack[-1] == "("):
            stack.pop()
        elif stack and m == "END":  # END closing a CASE inside brackets that are still open: a syntax error
            continue
    if depth > MAX_NESTING:
        raise QueryTooCostly(f"nested {depth} deep (brackets and CASE), more than the {MAX_NESTING} kgbuild runs",
                             "nest less (WITH clauses can split a query into steps)")
    if cases > MAX_CASE_NESTING:
        raise QueryTooCostly(f"{cases} CASE expressions deep, more than the {MAX_CASE_NESTING} kgbuild runs",
                             "nest less (one CASE can test many WHEN conditions)")


def _split(tokens: list[Token]) -> list[list[Token]]:
    parts: list[list[Token]] = [[]]
    for t in tokens:
        if t.kind == "punct" and t.text == ";":
            parts.append([])
        else:
            parts[-1].append(t)
    return [p for p in parts if p]


def statements(text: str) -> list[str]:
    """The statements of Cypher text: split at every `;` outside strings, names and comments; statements
    holding only blanks or comments are dropped (so a trailing `;` or comment adds none)."""
    out: list[str] = []
    start, filled = 0, False
    for t in tokenize(text) + [Token("punct", ";", len(text), len(text))]:
        if t.kind == "punct" and t.text == ";":
            if filled:
                out.append(text[start:t.start].strip())
            start, filled = t.end, False
        else:
            filled = True
    return out


def check_read_query(text: str) -> None:
    """Return if `text` is exactly one read-only statement (see the module's docstring); else raise
    NotReadOnly naming the first thing that is not allowed, with its line and column.

    The text is checked as Neo4j reads it and, where that differs, as LadybugDB reads it (their /* comments
    can end in different places): a refusal in either reading refuses it. A reading that is not even valid
    Cypher (QueryFailed) is one its server rejects; if no reading is valid, the first such error is raised."""
    passed = 0
    broken: list[QueryFailed] = []
    seen: list[list[Token]] = []
    for ladybug in (False, True):
        try:
            tokens = tokenize(text, ladybug=ladybug)
        except QueryFailed as e:
            broken.append(e)
            continue
        if tokens in seen:  # the same tokens as Neo4j's reading: checked already
            continue
        seen.append(tokens)
        try:
            _check_tokens(text, tokens)
            passed += 1
        except QueryFailed as e:
            broken.append(e)
        except NotReadOnly as e:
            if not ladybug:
                raise
            raise NotReadOnly(e.what, e.line, e.column, e.why + "; that is how LadybugDB reads the /* comments "
                              "here: for it, `**/` does not close one") from None
    if not passed:
        raise broken[0]


def _check_tokens(text: str, tokens: list[Token]) -> None:
    parts = _split(tokens)
    if not parts:
        raise QueryFailed("there is no statement in it, only blanks or comments")
    if len(parts) > 1:
        raise _refuse(text, parts[1][0].start, "a second statement",
                      "a query without --write is exactly one statement; `;` ends it")
    _Checker(text, parts[0]).run()


# ------------------------------------------------------------------ the checker
CLAUSE, EXPR, OPERAND_DONE, ALIAS, PROPERTY = "clause", "expr", "operand-done", "alias", "property"


@dataclass
class _Frame:
    kind: str  # "statement", "block" (a subquery body), "map", "paren", "bracket"
    opener: Token | None = None
    call_block: bool = False  # CALL { ... }
    call_scope: bool = False  # the (...) of CALL (...) { ... }


class _Checker:
    def __init__(self, text: str, tokens: list[Token]) -> None:
        self.text = text
        self.toks = tokens
        self.stack = [_Frame("statement")]
        self.state = CLAUSE
        self.expect: tuple[str, Token] | None = None  # the word that must come next, and what asked for it
        self.union_all = False  # ALL may follow UNION
        self.block_next = False  # the next `{` opens a subquery body
        self.call_block_next = False
        self.block_required: Token | None = None  # CALL (...) must be followed by `{`
        self.after_call_block = False

    def refuse(self, t: Token, what: str, why: str) -> NotReadOnly:
        return _refuse(self.text, t.start, what, why)

    def broken(self, t: Token, what: str, problem: str) -> QueryFailed:
        return _broken(self.text, t.start, what, problem)

    def peek(self, i: int) -> Token | None:
        return self.toks[i] if i < len(self.toks) else None

    def run(self) -> None:
        i = 0
        while i < len(self.toks):
            t = self.toks[i]
            after_call_block, self.after_call_block = self.after_call_block, False
            if self.block_required is not None and not (t.kind == "punct" and t.text == "{"):
                raise self.broken(t, repr(t.text), "comes where CALL (...) needs a subquery { ... }")
            if self.expect is not None:
                want, asker = self.expect
                if not (t.kind == "word" and t.text.upper() == want):
                    raise self.broken(t, repr(t.text), f"comes where {asker.text.upper()} needs {want}")
                self.expect = None
                self.state = EXPR
                i += 1
                continue
            if t.kind == "punct":
                i = self.punct(i, t)
            elif t.kind == "word":
                i = self.word(i, t, after_call_block)
            elif t.kind == "name":
                if self.state == CLAUSE:
                    raise self.broken(t, f"`{t.text}`", "comes where a clause such as MATCH or RETURN must start")
                if self.state in (ALIAS, PROPERTY):
                    self.state = OPERAND_DONE
                    i += 1
                else:
                    i = self.operand(i)
            else:  # string, number, parameter
                if self.state == CLAUSE:
                    raise self.broken(t, self.text[t.start:t.end],
                                      "comes where a clause such as MATCH or RETURN must start")
                self.state = OPERAND_DONE
                i += 1
        if len(self.stack) > 1:
            opener = self.stack[-1].opener
            raise self.broken(opener, repr(opener.text), "is never closed")
        end = Token("punct", "", len(self.text), len(self.text))
        if self.expect is not None:
            want, asker = self.expect
            raise self.broken(end, "the end of the query", f"comes where {asker.text.upper()} needs {want}")
        if self.block_required is not None:
            raise self.broken(end, "the end of the query", "comes where CALL (...) needs a subquery { ... }")

    # -------------------------------------------------------------- words
    def word(self, i: int, t: Token, after_call_block: bool) -> int:
        u = t.text.upper()
        if self.state in (ALIAS, PROPERTY):  # `AS load`, `n.set`: names, whatever they spell
            self.state = OPERAND_DONE
            return i + 1
        if u == "CALL" and self.state != EXPR:
            return self.call(i, t)
        if self.state == CLAUSE:
            first = i == 0
            if first and u in ("EXPLAIN", "PROFILE"):
                return i + 1
            if self.union_all and u == "ALL":
                self.union_all = False
                return i + 1
            self.union_all = False
            if u not in CLAUSE_STARTS:
                why = REFUSED.get(u, "a statement or subquery starts with MATCH, OPTIONAL MATCH, WITH, RETURN, "
                                     "UNWIND or CALL")
                raise self.refuse(t, t.text, why)
            return self.keyword(i, u)
        if self.state == OPERAND_DONE:
            if after_call_block and u == "IN":
                raise self.refuse(t, "CALL { ... } IN TRANSACTIONS", "it runs writes in batches")
            if u not in AFTER_OPERAND:
                raise self.refuse(t, t.text, REFUSED.get(u, "it is not a clause or operator a read-only query may use"))
            return self.keyword(i, u)
        # EXPR: a keyword of an expression, or an operand (a name, a function, a subquery)
        if u in IN_EXPRESSION:
            return i + 1
        nxt = self.peek(i + 1)
        if (u == "CALL" and nxt is not None and nxt.kind == "punct" and nxt.text in ("(", "{")
                and not self.is_label(self.toks[i - 1] if i else None)):
            return self.call(i, t)  # `call` is a name here (ORDER BY call), unless it reads as CALL (...) or CALL {
        return self.operand(i)

    def keyword(self, i: int, u: str) -> int:
        if u in NEEDS_NEXT:
            self.expect = (NEEDS_NEXT[u], self.toks[i])
        elif u == "UNION":
            self.state, self.union_all = CLAUSE, True
        elif u == "AS":
            self.state = ALIAS
        elif u in ENDS_OPERAND:
            self.state = OPERAND_DONE
        else:
            self.state = EXPR
        return i + 1

    def dotted(self, i: int) -> tuple[list[str], int]:
        """`a.b.c` from token i: its parts (a backtick name may hold dots too) and the index of its last token."""
        parts = self.toks[i].text.split(".") if self.toks[i].kind == "name" else [self.toks[i].text]
        j = i
        while (nxt := self.peek(j + 1)) is not None and nxt.kind == "punct" and nxt.text == "." \
                and (part := self.peek(j + 2)) is not None and part.kind in ("word", "name"):
            parts += part.text.split(".") if part.kind == "name" else [part.text]
            j += 2
        return parts, j

    def operand(self, i: int) -> int:
        t = self.toks[i]
        parts, j = self.dotted(i)
        nxt = self.peek(j + 1)
        prev = self.toks[i - 1] if i else None
        if nxt is not None and nxt.kind == "punct" and nxt.text == "(":
            self.check_function(t, parts)
        elif (nxt is not None and nxt.kind == "punct" and nxt.text == "{" and len(parts) == 1 and t.kind == "word"
              and t.text.upper() in SUBQUERY_WORDS and not self.is_label(prev)):
            self.block_next = True
        self.state = OPERAND_DONE
        return j + 1

    def is_label(self, prev: Token | None) -> bool:
        """A word after `:` inside a pattern's ( ) or [ ] is a label or type, not a keyword."""
        return (prev is not None and prev.kind == "punct" and prev.text in (":", "::")
                and self.stack[-1].kind in ("paren", "bracket"))

    def check_function(self, t: Token, parts: list[str]) -> None:
        name = ".".join(parts)
        low = name.lower()
        if len(parts) > 1 and parts[0].lower() not in FUNCTION_NAMESPACES:
            raise self.refuse(t, f"the function {name}", "functions outside Neo4j's built-in namespaces ("
                              + ", ".join(sorted(FUNCTION_NAMESPACES)) + "), such as apoc.* and gds.*, may write, "
                              "read files or run code")
        if low.upper() in REFUSED or any(p in low for p in DENIED_FUNCTION_PARTS):
            raise self.refuse(t, f"the function {name}", "it may read or write files, load code or change state")

    def call(self, i: int, t: Token) -> int:
        nxt = self.peek(i + 1)
        if nxt is None:
            raise self.broken(t, "CALL", "names no procedure")
        if nxt.kind == "punct" and nxt.text == "{":
            self.call_block_next = True
            self.state = EXPR
            return i + 1
        if nxt.kind == "punct" and nxt.text == "(":  # CALL (x, y) { ... }
            self.stack.append(_Frame("paren", nxt, call_scope=True))
            self.state = EXPR
            return i + 2
        if nxt.kind not in ("word", "name"):
            raise self.broken(nxt, repr(self.text[nxt.start:nxt.end]), "comes where CALL needs a procedure or { ... }")
        parts, j = self.dotted(i + 1)
        name = ".".join(parts)
        if name.lower() not in _READ_PROCEDURES:
            raise self.refuse(nxt, f"CALL {name}", "a query without --write may call only the read-only procedures "
                              + ", ".join(READ_PROCEDURES))
        self.state = OPERAND_DONE
        return j + 1

    # -------------------------------------------------------------- punctuation
    def punct(self, i: int, t: Token) -> int:
        p = t.text
        if self.state == CLAUSE and not (p in ("(", "{") and self.stack[-1].kind == "block"):
            raise self.broken(t, repr(p), "comes where a clause such as MATCH or RETURN must start")
        if p == "(":
            self.stack.append(_Frame("paren", t))
            self.state = EXPR
        elif p == "[":
            self.stack.append(_Frame("bracket", t))
            self.state = EXPR
        elif p == "{":
            self.block_required = None
            if self.block_next or self.call_block_next or self.looks_like_block(i):
                self.stack.append(_Frame("block", t, call_block=self.call_block_next))
                self.state = CLAUSE
            else:
                self.stack.append(_Frame("map", t))
                self.state = EXPR
            self.block_next = self.call_block_next = False
        elif p in (")", "]", "}"):
            want = {")": "paren", "]": "bracket", "}": ("block", "map")}[p]
            top = self.stack[-1]
            if top.kind == "statement" or top.kind not in (want if isinstance(want, tuple) else (want,)):
                raise self.broken(t, repr(p), "closes nothing that is open")
            self.stack.pop()
            if top.call_scope:
                self.block_required = t
                self.call_block_next = True
            self.after_call_block = top.call_block
            self.state = OPERAND_DONE
        elif p == ".":
            self.state = PROPERTY
        elif p == "*" and self.state in (EXPR, PROPERTY):  # RETURN *, count(*), [*1..2], n {.*}
            self.state = OPERAND_DONE
        else:
            self.state = EXPR
        return i + 1

    def looks_like_block(self, i: int) -> bool:
        """A `{` not after EXISTS/COUNT/COLLECT/CALL opens a subquery when a keyword starts it (`{ MATCH ...`);
        a map starts with a key (`{name: ...`), a projection (`{.name}`) or a quantifier (`{1,3}`)."""
        first, second = self.peek(i + 1), self.peek(i + 2)
        if first is None or first.kind != "word":
            return False
        if second is not None and second.kind == "punct" and second.text in (":", ","):
            return False
        u = first.text.upper()
        return u in REFUSED or (u in CLAUSE_STARTS and not (second is not None and second.text == "}"))
