"""Ctrl-C on the command line: a flag the SIGINT handler sets, checked at safe points.

The `kgbuild` command installs the handler before it imports anything heavy (`run`). While a build or an
extraction runs (`deferred()`), Ctrl-C only sets the flag, and the long loops call `check()` at points
where stopping leaves everything as it was (between documents, before a commit): no library can swallow
the interrupt (spaCy's model loader has a bare `except:`), and the command ends with one line and exit
status 130. Elsewhere (a query, an export) Ctrl-C raises KeyboardInterrupt at once, which the CLI turns
into the same line. A second Ctrl-C during a deferred stretch raises KeyboardInterrupt as well.

Without `install()` (kgbuild used as a library, in a notebook) nothing changes: `check()` never raises.
Extraction worker processes ignore SIGINT (`protect_workers`): the parent decides, and ends them.
"""
from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

from .errors import Interrupted

_installed = False
_pending = 0  # Ctrl-Cs received
_deferring = 0  # depth of deferred() blocks


def _handler(signum, frame) -> None:  # noqa: ARG001 (the signal module's signature)
    global _pending
    _pending += 1
    if not _deferring or _pending > 1:
        raise KeyboardInterrupt


def install() -> None:
    """Handle SIGINT from now on (the CLI's first act). A SIGINT the parent blocked is delivered now."""
    global _installed
    signal.signal(signal.SIGINT, _handler)
    _installed = True
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def requested() -> bool:
    """Whether Ctrl-C was pressed (and not yet acted on by ending the command)."""
    return _pending > 0


def check(message: str | None = None) -> None:
    """A safe point: stop here (Interrupted, exit status 130) if Ctrl-C was pressed."""
    if _pending:
        raise Interrupted(message) if message else Interrupted()


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Within this block Ctrl-C sets the flag only; the code inside calls check() at its safe points."""
    global _deferring
    _deferring += 1
    try:
        yield
    finally:
        _deferring -= 1


@contextlib.contextmanager
def immediate() -> Iterator[None]:
    """Within this block Ctrl-C raises KeyboardInterrupt at once (commands with no long loop of their own)."""
    global _deferring
    saved, _deferring = _deferring, 0
    try:
        if _pending:
            raise KeyboardInterrupt
        yield
    finally:
        _deferring = saved


def protect_workers() -> None:
    """Worker processes started from now on (multiprocessing's forkserver) ignore SIGINT: a Ctrl-C in a terminal
    reaches the whole process group, and only the parent should act on it (it ends the workers as it stops).
    The forkserver imports kgbuild.workers first, so the SIGINT disposition its workers inherit is 'ignore'."""
    import multiprocessing as mp

    if "forkserver" in mp.get_all_start_methods():
        mp.get_context("forkserver").set_forkserver_preload(["__main__", "kgbuild.workers"])


def run() -> None:
    """The `kgbuild` command: handle Ctrl-C first, then import and run the click CLI. Until a command starts,
    Ctrl-C only sets the flag (so a Ctrl-C while Python imports click is acted on, not lost)."""
    global _deferring
    _deferring += 1
    install()
    import sys

    try:
        import click

        from .cli import main

        try:
            code = main.main(prog_name="kgbuild", standalone_mode=False)
            code = code if isinstance(code, int) else 0
        except click.exceptions.Exit as e:
            code = e.exit_code
        except click.ClickException as e:
            e.show()
            code = e.exit_code
        except click.exceptions.Abort as e:
            if isinstance(e.__context__, KeyboardInterrupt) or _pending:
                code = _interrupted("interrupted.")
            else:
                click.echo("Aborted!", err=True)
                code = 1
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except KeyboardInterrupt:
        code = _interrupted("interrupted.")
    if _pending and code != 130:  # Ctrl-C came as the command finished: its work is done
        code = _interrupted("interrupted as the command finished; what it did is complete.")
    sys.exit(code)


def _interrupted(message: str) -> int:
    import sys

    with contextlib.suppress(OSError):
        sys.stderr.write(f"kgbuild: {message}\n")
        sys.stderr.flush()
    return 130
