"""Ctrl-C at any moment of a build or an extraction: one line, exit status 130, the store (or shards folder) as it
was, and no worker process left behind.

Each test waits for a state of the running command (a file appears, the lock names the process, a shard holds a
record), never for a time, with a generous bound so a busy machine is only slower, not flaky.
"""
import json
import os
import runpy  # noqa: F401  (the child below runs kgbuild as `python -m kgbuild` does)
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
LIMIT = 600  # seconds: a bound for a busy machine, not an expected duration


def corpus(root: Path, n: int = 400) -> Path:
    d = root / "corpus"
    d.mkdir()
    for i in range(n):
        (d / f"g{i:04d}.txt").write_text(
            f"Talks {i}\n\nForeign Minister Mira Vale{i} met Defence Minister Ivo Dunn{i} in Lisbon on Monday. "
            f"Vale{i} later spoke by phone with President Ana Reis{i}.\n", encoding="utf-8")
    return d


def kgbuild(*args, blocked: bool = False, group: bool = False) -> subprocess.Popen:
    """`python -m kgbuild ARGS`; with `blocked`, started with SIGINT blocked, so a SIGINT sent at once waits for
    the very first moment kgbuild can take it."""
    pre = (lambda: signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})) if blocked else None
    return subprocess.Popen([sys.executable, "-m", "kgbuild", *map(str, args)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=pre, start_new_session=group)


def wait_for(p: subprocess.Popen, state, what: str) -> None:
    deadline = time.monotonic() + LIMIT
    while not state():
        if p.poll() is not None:
            pytest.fail(f"kgbuild ended ({p.returncode}) before {what}: {p.stderr.read()[-2000:]}")
        if time.monotonic() > deadline:
            p.kill()
            pytest.fail(f"{what} did not happen within {LIMIT} s")
        time.sleep(0.01)


def interrupted(p: subprocess.Popen, group: bool = False) -> str:
    (os.killpg if group else os.kill)(p.pid, signal.SIGINT)
    try:
        _, err = p.communicate(timeout=LIMIT)
    except subprocess.TimeoutExpired:
        p.kill()
        pytest.fail("Ctrl-C did not stop kgbuild")
    assert p.returncode == 130, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1 and "interrupted" in err, err
    return err


def snapshot(store: Path):
    """The store as a user sees it: the manifest, and every shard and graph file it names."""
    if not (store / "manifest.json").exists():
        return None
    state = json.loads((store / "manifest.json").read_text(encoding="utf-8"))
    files = [store / state["graph"]] + [store / "shards" / s for s in state["shards"]]
    return state, {f.name: f.read_bytes() for f in files}


def has_record(store: Path) -> bool:
    shards = store / "shards"
    return shards.is_dir() and any(f.stat().st_size > 0 for f in shards.glob("*.jsonl.tmp"))


def lock_taken(store: Path, pid: int) -> bool:
    return (store / ".lock").exists() and (store / ".lock").read_text().startswith(f"pid {pid} ")


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A store built from the examples, copied by each test."""
    store = tmp_path_factory.mktemp("base") / "kg"
    p = kgbuild("build", EXAMPLES, "--store", store, "-q")
    assert p.wait(timeout=LIMIT) == 0, p.stderr.read()
    return store


@pytest.fixture
def store(base, tmp_path) -> Path:
    shutil.copytree(base, tmp_path / "kg")
    return tmp_path / "kg"


def test_ctrl_c_at_the_first_moment(store, tmp_path):
    before = snapshot(store)
    p = kgbuild("build", corpus(tmp_path), "--store", store, "-q", blocked=True)
    interrupted(p)  # sent before Python has run a line of kgbuild
    assert snapshot(store) == before


def test_ctrl_c_while_spacy_loads(store, tmp_path):
    before = snapshot(store)
    p = kgbuild("build", corpus(tmp_path), "--store", store, "-q")
    wait_for(p, lambda: lock_taken(store, p.pid), "the build took the store's lock")  # next: spaCy and the model load
    interrupted(p)
    assert snapshot(store) == before


SPACY_SWALLOWS = """
import os, signal, sys, runpy
import spacy.util
real = spacy.util.importlib_metadata.distribution
def distribution(name):  # Ctrl-C inside spaCy's model look-up, whose bare `except:` swallows KeyboardInterrupt
    if name.startswith("en_core_web"):
        os.kill(os.getpid(), signal.SIGINT)
    return real(name)
spacy.util.importlib_metadata.distribution = distribution
sys.argv = ["kgbuild", "build", sys.argv[1], "--store", sys.argv[2], "-q"]
runpy.run_module("kgbuild", run_name="__main__")
"""


def test_ctrl_c_inside_spacy_is_not_swallowed(store, tmp_path):
    before = snapshot(store)
    p = subprocess.run([sys.executable, "-c", SPACY_SWALLOWS, str(corpus(tmp_path)), str(store)], cwd=ROOT,
                       capture_output=True, text=True, timeout=LIMIT)
    assert p.returncode == 130 and "interrupted" in p.stderr and len(p.stderr.strip().splitlines()) == 1, p.stderr
    assert snapshot(store) == before


def test_ctrl_c_during_extraction(store, tmp_path):
    before = snapshot(store)
    p = kgbuild("build", corpus(tmp_path), "--store", store, "-q")
    wait_for(p, lambda: has_record(store), "the build wrote its first record")
    interrupted(p)
    assert snapshot(store) == before and not list((store / "shards").glob("*.tmp"))


def test_ctrl_c_in_a_terminal_reaches_the_workers_too_and_none_is_left(store, tmp_path):
    before = snapshot(store)
    p = kgbuild("build", corpus(tmp_path), "--store", store, "-q", "--workers", "2", group=True)
    wait_for(p, lambda: has_record(store), "the workers extracted a record")
    interrupted(p, group=True)  # as a terminal does: the whole process group
    deadline = time.monotonic() + LIMIT
    while subprocess.run(["pgrep", "-g", str(p.pid)], capture_output=True).returncode == 0:
        assert time.monotonic() < deadline, "worker processes outlived the build"
        time.sleep(0.05)
    assert snapshot(store) == before


def test_ctrl_c_during_the_commit_leaves_the_store_as_before_or_complete(store, tmp_path):
    before = snapshot(store)
    graphs = {f.name for f in store.iterdir()}
    p = kgbuild("build", corpus(tmp_path, 30), "--store", store, "-q")
    wait_for(p, lambda: any(f.name.startswith("graph-") and f.name not in graphs for f in store.iterdir()),
             "the build started writing its graph")
    err = interrupted(p)
    after = snapshot(store)
    if after != before:  # the signal came after the commit point: the build is whole, and the line says so
        assert "holds its result" in err and len(json.loads((store / "manifest.json").read_text())["shards"]) == 2
    assert not [f for f in store.iterdir() if f.name.endswith(".tmp")]


def test_ctrl_c_during_extract_leaves_the_shards_folder_as_it_was(tmp_path):
    shards = tmp_path / "shards"
    p = kgbuild("extract", EXAMPLES, "--shards", shards, "-q")
    assert p.wait(timeout=LIMIT) == 0
    before = {f.name: f.read_bytes() for f in shards.iterdir()}
    p = kgbuild("extract", corpus(tmp_path), "--shards", shards, "-q", "--shard-size", "1")
    wait_for(p, lambda: any((shards / ".part.new").glob("part-*.jsonl")), "the first new shard was written")
    interrupted(p)
    assert {f.name: f.read_bytes() for f in shards.iterdir()} == before


def test_ctrl_c_while_waiting_for_another_writer(store, tmp_path):
    from kgbuild.stores.embedded import EmbeddedStore

    with EmbeddedStore(store).writing():
        p = kgbuild("build", corpus(tmp_path, 3), "--store", store, "-q", "--wait")
        wait_for(p, lambda: _is_waiting(p.pid), "the build waited for the lock")
        interrupted(p)


def _is_waiting(pid: int) -> bool:
    """The process sleeps in its lock-polling loop (it has imported what it needs and opened the lock file)."""
    try:
        return any(os.readlink(f"/proc/{pid}/fd/{fd}").endswith(".lock") for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return False
