"""Ctrl-C on the command line: a flag the SIGINT handler sets, checked at safe points.

The `kgbuild` command installs the handler before it imports anything heavy (kgbuild.entry). While a build or an
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

_pending = 0  # Ctrl-Cs received
_deferring = 0  # depth of deferred() blocks


def _handler(signum, frame) -> None:  # noqa: ARG001 (the signal module's signature)
    global _pending
    _pending += 1
    if not _deferring or _pending > 1:
        raise KeyboardInterrupt


def install(defer: bool = False) -> None:
    """Handle SIGINT from now on (the CLI's first act), with `defer` only setting the flag until a block says
    otherwise (`immediate()`). A SIGINT the parent blocked is delivered now."""
    global _deferring
    if defer:
        _deferring += 1
    signal.signal(signal.SIGINT, _handler)
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
    The forkserver imports kgbuild.workers first, so the SIGINT disposition its workers inherit is 'ignore'.
    The forkserver starts here, at once."""
    import multiprocessing as mp

    if "forkserver" in mp.get_all_start_methods():
        mp.get_context("forkserver").set_forkserver_preload(["__main__", "kgbuild.workers"])
        # Started now, the forkserver imports spaCy and reads the gazetteer while this process imports and
        # reads what it needs itself (about 0.4 s sooner to the first worker), instead of after.
        from multiprocessing import forkserver

        forkserver.ensure_running()
