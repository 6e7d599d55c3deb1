"""The `kgbuild` command (and `python -m kgbuild`): Ctrl-C is handled first, then the click CLI runs.

Until a command starts, Ctrl-C only sets kgbuild.interrupt's flag, so one that lands while Python imports
click and the CLI is acted on (one line, exit status 130), not printed as a traceback or lost.
"""
from __future__ import annotations

import contextlib
import sys

from . import interrupt


def run() -> None:
    """The `kgbuild` command: handle Ctrl-C first, then import and run the click CLI. Until a command starts,
    Ctrl-C only sets the flag (so a Ctrl-C while Python imports click is acted on, not lost)."""
    interrupt.install(defer=True)
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
    sys.exit(code)


def _interrupted(message: str) -> int:
    with contextlib.suppress(OSError):
        sys.stderr.write(f"kgbuild: {message}\n")
        sys.stderr.flush()
    return 130
