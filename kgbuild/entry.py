"""The `kgbuild` command (and `python -m kgbuild`): Ctrl-C is handled first, then the click CLI runs.

Until a command starts, Ctrl-C only sets kgbuild.interrupt's flag, so one that lands while Python imports
click and the CLI is acted on (one line, exit status 130), not printed as a traceback or lost.
"""
from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading

from . import interrupt


def _asks_for_workers(args: list[str]) -> bool:
    """Whether the command line is a build or an extraction with more than one worker process (read ahead of click,
    which parses it again: a wrong guess only starts the workers' server early, or when it is first needed)."""
    if not args or args[0] not in ("build", "extract") or "--help" in args \
            or any(a == "--dask" or a.startswith("--dask=") for a in args):
        return False
    for i, a in enumerate(args):
        value = a[len("--workers="):] if a.startswith("--workers=") else \
            args[i + 1] if a == "--workers" and i + 1 < len(args) else None
        if value is not None:
            return value.isdigit() and int(value) > 1
    return False


def run() -> None:
    """The `kgbuild` command: handle Ctrl-C first, then import and run the click CLI. Until a command starts,
    Ctrl-C only sets the flag (so a Ctrl-C while Python imports click is acted on, not lost)."""
    interrupt.install(defer=True)
    if _asks_for_workers(sys.argv[1:]):
        interrupt.protect_workers()  # their server starts importing spaCy now, while this process imports the CLI
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
            if isinstance(e.__context__, KeyboardInterrupt) or interrupt.requested():
                code = _interrupted("interrupted.")
            else:
                click.echo("Aborted!", err=True)
                code = 1
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except KeyboardInterrupt:
        code = _interrupted("interrupted.")
    if interrupt.requested() and code != 130:  # Ctrl-C came as the command finished: its work is done
        code = _interrupted("interrupted as the command finished; what it did is complete.")
    _leave(code)


def _leave(code: int) -> None:
    """End the process once the command is done, without the interpreter's teardown: that frees every object
    one by one, 0.3 to 0.5 s after a large build for nothing. What an exit must do is still done: the exit
    handlers run (multiprocessing's finalizers, logging's flush) and the output is flushed. The usual exit is
    kept while another (non-daemon) thread runs, which it waits for, under a profiler or a tracer (`python -m
    cProfile -m kgbuild ...` writes its figures after the command returns), and when the output cannot be flushed."""
    if any(t is not threading.main_thread() and not t.daemon and t.is_alive() for t in threading.enumerate()) \
            or sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    try:
        atexit._run_exitfuncs()  # CPython's own call at exit (it clears the handlers it ran)
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:  # noqa: BLE001 (e.g. a closed pipe: the usual exit reports it as it always has)
        sys.exit(code)
    os._exit(code)


def _interrupted(message: str) -> int:
    with contextlib.suppress(OSError):
        sys.stderr.write(f"kgbuild: {message}\n")
        sys.stderr.flush()
    return 130
