"""Imported first by the process that starts extraction workers (see kgbuild.interrupt.protect_workers):
the workers it forks ignore SIGINT. A Ctrl-C in a terminal reaches every process of the command; the
parent alone acts on it, and ends its workers as it stops.

It also imports the extraction code (spaCy with it) and reads the compiled gazetteer once, there: every
worker forked from this process starts with them instead of importing and reading them again, which
saves about a second of CPU per worker and shares those pages between workers. The model itself is
loaded by each worker (the command names it).

The workers keep the memory they free (glibc's malloc, see kgbuild.extract.keep_freed_memory): a worker
parses a batch, sends its records away and frees the rest, and by default glibc then hands the freed pages
back to the system, only to fault them in again for the next batch (about 150,000 page faults and 8 % of
the CPU of 150,000 words). Kept, each worker holds what its largest batch needed.

When the parent ends, the forkserver leaves without tearing down what it imported (0.2 s of freeing objects
one by one, which a caller reading the command's output through a pipe would wait for: the forkserver holds
the same stderr). Its workers never run exit handlers (multiprocessing ends them with os._exit)."""
import atexit
import gc
import os
import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)
atexit.register(os._exit, 0)

# What is imported and read here lives as long as the process: the cyclic collector is held off meanwhile (its walks
# over the growing heap were a tenth of the import) and then told to leave it alone (gc.freeze), so the workers'
# collections neither walk those objects nor write to the pages they share with this process.
gc.disable()
try:  # a failure here only costs each worker the time to do this itself
    import kgbuild.extract.extractor  # noqa: F401 (spaCy and the extraction code)
    from kgbuild.extract import keep_freed_memory
    from kgbuild.gazetteer import get_gazetteer

    keep_freed_memory()
    get_gazetteer()
except Exception:  # noqa: BLE001
    pass
finally:
    gc.freeze()
    gc.enable()
