"""benchmarks/bench.py --quick on a tiny corpus: it runs both sides and writes the figures it prints (not timed)."""
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

ARTICLES = [
    "LISBON, May 4 (Meridian) - Portuguese Foreign Minister Ana Sarmento met her Spanish counterpart Luis Ortega "
    "in Lisbon on Monday, the ministry said.",
    "Prime Minister Tomas Varga spoke by phone with Chancellor Greta Lind on Friday. They discussed energy.",
]


def test_quick_bench_writes_every_figure_and_compares_with_the_last(tmp_path, capsys):
    corpus = tmp_path / "tiny.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"a{n}", "text": t}) + "\n" for n, t in enumerate(ARTICLES)))
    cmd = [sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--quick", "--corpus", str(corpus), "--tmp",
           str(tmp_path / "work"), "--no-workers", "--no-incremental"]
    first = subprocess.run(cmd + ["--json", str(tmp_path / "a.json")], capture_output=True, text=True, timeout=900)
    assert first.returncode == 0, first.stderr[-2000:]
    assert "kgbuild build, whole process" in first.stdout and "nlp.pipe only" in first.stdout
    data = json.loads((tmp_path / "a.json").read_text())
    s = data["summary"]
    assert s["words"] == sum(len(t.split()) for t in ARTICLES) and s["documents"] == 2
    whole = s["whole_process"]
    for key in ("stock_cpu_s", "kgbuild_pipeline_cpu_s", "kgbuild_build_cpu_s", "kgbuild_over_stock_throughput",
                "kgbuild_cpu_over_stock", "kgbuild_peak_rss_mb"):
        assert whole[key] > 0, key
    assert s["pipe_only"]["stock_cpu_s"] > 0 and s["pipe_only"]["kgbuild_pipeline_cpu_s"] > 0
    assert {"gazetteer load", "model + ruler load", "entities", "relations (all)"} <= set(s["stages_cpu_s"])
    assert any(k.startswith("nlp") for k in s["stages_cpu_s"])
    assert {"extract", "resolve", "assemble", "store"} <= set(s["stages_wall_s"])
    assert data["incremental"] == {"skipped": "--no-incremental"}
    assert data["runs"]["stock"][0]["pipeline"][:2] == ["tok2vec", "tagger"]  # the stock pipeline, no kgbuild part
    assert "kgbuild_ruler" in data["runs"]["kgpipe"][0]["pipeline"]


    # --compare: each figure of a new run against the last one's
    spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    now = json.loads(json.dumps(data))
    now["summary"]["whole_process"]["kgbuild_build_cpu_s"] = whole["kgbuild_build_cpu_s"] * 2
    bench.compare(now, str(tmp_path / "a.json"))
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if "whole_process.kgbuild_build_cpu_s" in ln)
    assert "+100.0%" in line
