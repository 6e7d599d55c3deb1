"""How the `kgbuild` command ends: it skips the interpreter's teardown (kgbuild.entry._leave) and its workers keep
the memory they free (kgbuild.workers), yet everything an exit owes the user still happens: the output arrives
whole, the exit status is the command's, exit handlers run, nothing is reported on stderr, no process outlives
the command, and a reader that stops early gets no traceback."""
import platform
import pstats
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 600  # seconds: a bound for a busy machine, not an expected duration


def kgbuild(*args: object, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kgbuild", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=LIMIT, **kw)


HOSTS = ["Marr", "Tovey", "Quill", "Abney", "Sorrel", "Wexby", "Pellam", "Gorst", "Fenwick", "Ulden"]
GUESTS = ["Brink", "Casho", "Dobre", "Elkin", "Farrow", "Hebden", "Ivory", "Jessop", "Keel", "Lomax"]


def corpus(root: Path) -> Path:
    """Ten articles, ten meetings."""
    d = root / "corpus"
    d.mkdir()
    for i, (host, guest) in enumerate(zip(HOSTS, GUESTS)):
        (d / f"t{i:03d}.txt").write_text(
            f"Talks in Oslo\n\nForeign Minister Lena {host} met Trade Minister Ole {guest} in Oslo on Monday. "
            f"{host} later spoke by phone with the press.\n", encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    root = tmp_path_factory.mktemp("exit")
    store = root / "kg"
    p = subprocess.Popen([sys.executable, "-m", "kgbuild", "build", corpus(root), "--store", store, "--workers", "2"],
                         cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    out, err = p.communicate(timeout=LIMIT)
    deadline = time.monotonic() + LIMIT  # the forkserver and its workers end as the command does
    while subprocess.run(["pgrep", "-g", str(p.pid)], capture_output=True).returncode == 0:
        assert time.monotonic() < deadline, "worker processes outlived the build"
        time.sleep(0.05)
    return subprocess.CompletedProcess(p.args, p.returncode, out, err), store


def test_a_two_worker_build_ends_cleanly_and_says_what_it_did(built):
    p, _ = built
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("10 documents read (10 extracted"), p.stdout  # the summary arrived
    assert "leaked" not in p.stderr and "Traceback" not in p.stderr and "Exception ignored" not in p.stderr, p.stderr


def test_the_output_of_a_query_arrives_whole_and_its_status_is_kept(built):
    _, store = built
    whole = kgbuild("query", "who-met-whom", "--store", store, "--json")
    assert whole.returncode == 0, whole.stderr
    rows = whole.stdout.strip().splitlines()
    assert len(rows) == 10 and all(f"Lena {h}" in whole.stdout for h in HOSTS)  # one row per meeting
    missing = kgbuild("query", "who-met-whom", "--store", store.parent / "no-such-store")
    assert missing.returncode != 0 and missing.stderr.startswith("kgbuild: ")


def test_a_reader_that_stops_early_gets_no_traceback(built):
    _, store = built
    many = "UNWIND range(1, 200000) AS i RETURN i"  # more than a pipe holds: the writer meets the closed end
    p = subprocess.Popen([sys.executable, "-m", "kgbuild", "query", many, "--store", store, "--json"],
                         cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.readline()
    p.stdout.close()  # as `| head -1` does
    err = p.stderr.read().decode()
    assert p.wait(timeout=LIMIT) in (0, 120) and "Traceback" not in err, err


def test_exit_handlers_still_run():
    code = ("import atexit, sys; from kgbuild.entry import run; atexit.register(print, 'handler ran'); "
            "sys.argv = ['kgbuild', 'queries']; run()")
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=LIMIT)
    assert p.returncode == 0 and "who-met-whom" in p.stdout and p.stdout.rstrip().endswith("handler ran"), p.stderr


def test_a_profiler_still_gets_its_figures(tmp_path):
    out = tmp_path / "kgbuild.prof"
    p = subprocess.run([sys.executable, "-m", "cProfile", "-o", out, "-m", "kgbuild", "queries"], cwd=ROOT,
                       capture_output=True, text=True, timeout=LIMIT)
    assert p.returncode == 0 and "who-met-whom" in p.stdout, p.stderr
    assert pstats.Stats(str(out)).total_calls > 0


def test_workers_can_keep_the_memory_they_free():
    """Run in a child: the settings are for worker processes, not this one."""

    code = "from kgbuild.extract import keep_freed_memory; print(keep_freed_memory())"
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=LIMIT)
    assert p.stdout.strip() == str(platform.libc_ver()[0] == "glibc"), p.stderr


def test_a_build_with_workers_leaves_the_model_to_them(tmp_path):
    """The building process of a two-worker build never imports spaCy (the workers parse): it holds less memory, and
    gets ready to resolve and write while the workers start."""
    code = (f"import sys; from kgbuild import api; r = api.build([{str(corpus(tmp_path))!r}], "
            f"store={str(tmp_path / 'kg')!r}, workers=2); "
            "print(r.documents_extracted, r.relationships['MET'], 'spacy' in sys.modules)")
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=LIMIT)
    assert p.stdout.split() == ["10", "10", "False"], p.stderr


def test_a_rerun_with_nothing_new_does_not_load_the_model(tmp_path):
    """Every article unchanged since the last build: the re-run does not import spaCy, so it takes a fraction of a
    second instead of the model's loading time."""
    articles = corpus(tmp_path)
    first = kgbuild("build", articles, "--store", tmp_path / "kg", "-q")
    assert first.returncode == 0, first.stderr
    code = (f"import sys; from kgbuild import api; r = api.build([{str(articles)!r}], "
            f"store={str(tmp_path / 'kg')!r}); "
            "print(r.documents_extracted, r.documents_unchanged, r.relationships['MET'], 'spacy' in sys.modules)")
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=LIMIT,
                       check=False)
    assert p.stdout.split() == ["0", "10", "10", "False"], p.stderr
