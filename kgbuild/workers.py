"""Imported first by the process that starts extraction workers (see kgbuild.interrupt.protect_workers):
the workers it forks ignore SIGINT. A Ctrl-C in a terminal reaches every process of the command; the
parent alone acts on it, and ends its workers as it stops."""
import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)
