"""Readers always see the old or the new graph, never a missing file, while builds commit beside them."""
import subprocess
import sys
import threading
from pathlib import Path

from kgbuild.stores.embedded import EmbeddedStore
from tests.stores.graphs import custom_graph, small_graph

COMMITS = 40
READERS = 4
WRITER = """
import sys
from kgbuild.stores.embedded import EmbeddedStore
from tests.stores.graphs import custom_graph, small_graph
store = EmbeddedStore(sys.argv[1])
for n in range(int(sys.argv[2])):
    store.write_graph(small_graph() if n % 2 else custom_graph(), wait=True)
    print(n, flush=True)
"""


def test_reads_while_builds_commit_see_the_old_or_the_new_graph(tmp_path):
    store = EmbeddedStore(tmp_path / "kg")
    store.write_graph(small_graph())
    counts = {store.query("MATCH (n) RETURN count(n) AS n").rows[0][0]}
    store.write_graph(custom_graph())
    counts.add(store.query("MATCH (n) RETURN count(n) AS n").rows[0][0])
    root = Path(__file__).resolve().parents[2]
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(store.path), str(COMMITS)], cwd=root,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    errors: list[str] = []
    seen: list[int] = []
    reads = [0] * READERS

    def read(i: int) -> None:
        # Until the writer has committed every graph (a state, not a time), read as fast as possible.
        while writer.poll() is None:
            try:
                n = EmbeddedStore(store.path).query("MATCH (n) RETURN count(n) AS n").rows[0][0]
                seen.append(n)
            except Exception as e:  # noqa: BLE001 (any failure is what this test looks for)
                errors.append(f"{type(e).__name__}: {e}")
            reads[i] += 1

    threads = [threading.Thread(target=read, args=(i,)) for i in range(READERS)]
    for t in threads:
        t.start()
    out, err = writer.communicate(timeout=900)
    for t in threads:
        t.join(600)
    assert writer.returncode == 0, err
    assert len(out.split()) == COMMITS
    assert sum(reads) >= COMMITS, f"only {sum(reads)} reads overlapped {COMMITS} commits"
    assert not errors, f"{len(errors)} of {sum(reads)} reads failed, e.g. {errors[0]}"
    assert set(seen) <= counts  # every read saw one whole graph or the other
