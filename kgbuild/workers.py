"""Imported first by the process that starts extraction workers (see kgbuild.interrupt.protect_workers):
the workers it forks ignore SIGINT. A Ctrl-C in a terminal reaches every process of the command; the
parent alone acts on it, and ends its workers as it stops.

It also imports the extraction code (spaCy with it) and reads the compiled gazetteer once, there: every
worker forked from this process starts with them instead of importing and reading them again, which
saves about a second of CPU per worker and shares those pages between workers. The model itself is
loaded by each worker (the command names it)."""
import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)

try:  # a failure here only costs each worker the time to do this itself
    import kgbuild.extract  # noqa: F401
    from kgbuild.gazetteer import get_gazetteer

    get_gazetteer()
except Exception:  # noqa: BLE001
    pass
