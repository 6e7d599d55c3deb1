"""The map step on Dask (`kgbuild extract --dask`) writes the very shards a local `kgbuild extract` writes.

A LocalCluster of two worker processes, each loading the model once; needs the [dask] extra (under CI=true a
missing Dask fails the run instead of skipping).
"""
import json
import os

import pytest
from click.testing import CliRunner

from kgbuild import api
from kgbuild.cli import main
from kgbuild.dask_map import parse_scheduler
from kgbuild.errors import KgbuildError
from kgbuild.shards import partition_plan

ARTICLES = {  # our own small texts: people, roles, a meeting, a call, a visit
    "a-talks": "Healey meets Umerov\n\nLONDON - British Defence Secretary John Healey met Ukrainian Defence "
               "Minister Rustem Umerov in London on Tuesday. Healey said the talks were useful.\n",
    "b-call": "Kenya and Ukraine talk\n\nKenyan President Daniel Muriuki spoke by phone with Ukrainian Prime "
              "Minister Taras Bondar on Friday about grain exports.\n",
    "c-visit": "Minister in Oslo\n\nOSLO - Finnish Foreign Minister Aino Virtanen visited Norway on Monday and "
               "met Norwegian Prime Minister Erik Solvang.\n",
    "d-summit": "Leaders gather\n\nBRUSSELS - NATO Secretary General Mark Rutte met Polish President Andrzej Duda "
                "in Brussels. Rutte later spoke with Duda by phone.\n",
    "e-trade": "Trade deal\n\nIndian Commerce Minister Piyush Goyal met Australian Trade Minister Don Farrell in "
               "New Delhi on Thursday.\n",
}


def _corpus(tmp_path):
    src = tmp_path / "articles"
    src.mkdir()
    for name, text in ARTICLES.items():
        (src / f"{name}.txt").write_text(text, encoding="utf-8")
    jsonl = src / "feed.jsonl"  # a JSONL feed too: its lines are documents of their own
    jsonl.write_text("".join(json.dumps({"id": f"w{n}", "title": f"Wire {n}", "text": text}) + "\n"
                             for n, text in enumerate(["Chinese Foreign Minister Wang Yi met Brazilian Foreign "
                                                       "Minister Mauro Vieira in Beijing.",
                                                       "Kenyan President Daniel Muriuki visited Ghana."])),
                     encoding="utf-8")
    return src


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def distributed():
    try:
        import distributed
    except ImportError:
        why = "Dask's distributed scheduler is not installed (pip install '.[dask]')"
        if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
            pytest.fail(f"CI=true, so this cannot be skipped: {why}", pytrace=False)
        pytest.skip(why)
    return distributed


def test_partition_plan_cuts_runs_of_documents_in_reading_order():
    parts = list(partition_plan(iter(range(7)), 3))
    assert parts == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(partition_plan(iter([]), 3)) == []


@pytest.mark.parametrize("spec,want", [("local:2", ("local", 2)), ("local", ("local", 2)),
                                       ("tcp://10.0.0.5:8786", ("address", "tcp://10.0.0.5:8786"))])
def test_scheduler_specs(spec, want):
    assert parse_scheduler(spec) == want


@pytest.mark.parametrize("spec", ["local:0", "local:x", "local:99", "", "tcp://a b"])
def test_bad_scheduler_specs_are_one_line_errors(spec):
    with pytest.raises(KgbuildError, match="--dask"):
        parse_scheduler(spec)


def test_dask_shards_are_byte_identical_to_a_local_extract(tmp_path, distributed):
    src = _corpus(tmp_path)
    local = api.extract([src], tmp_path / "local", docs_per_shard=2)
    res = CliRunner().invoke(main, ["extract", str(src), "--shards", str(tmp_path / "dask"), "--shard-size", "2",
                                    "--dask", "local:2"])
    assert res.exit_code == 0, res.output
    assert "7 documents read, 7 extracted into 4 shards" in res.output
    assert local.documents_extracted == 7
    got, want = _files(tmp_path / "dask"), _files(tmp_path / "local")
    assert list(got) == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl", "part-00003.jsonl"]
    assert got == want
    # and the reduce step reads them like any shards
    built = api.build([], tmp_path / "kg", from_shards=[tmp_path / "dask"])
    assert built.documents_total == 7 and built.nodes["Person"] >= 10


def test_a_scheduler_that_cannot_be_reached_is_a_one_line_error_and_the_folder_stays(tmp_path, distributed):
    src = _corpus(tmp_path)
    (tmp_path / "shards").mkdir()
    (tmp_path / "shards" / "part-00000.jsonl").write_text("{}\n", encoding="utf-8")
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        res = CliRunner().invoke(main, ["extract", str(src), "--shards", str(tmp_path / "shards"),
                                        "--dask", "tcp://127.0.0.1:9"])
    assert res.exit_code == 2 and "Dask scheduler" in res.output and "Traceback" not in res.output
    assert _files(tmp_path / "shards") == {"part-00000.jsonl": b"{}\n"}
