"""Where per-document work runs: the scheduler address, and a Dask cluster giving the local results, in order, or a
clear error when it is not there."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import dask
import nbformat
import pandas as pd
import pytest
from distributed import Client, LocalCluster, get_task_stream
from nbformat.v4 import new_code_cell, new_notebook

from vnnews import cli, text, workers
from vnnews.cache import Items
from vnnews.corpus.load import Inputs, corpus
from vnnews.errors import ClusterError


@pytest.mark.parametrize("flag, environ, address", [
    (None, {}, ""),
    (None, {"DASK_SCHEDULER_ADDRESS": "tcp://dask:8786"}, "tcp://dask:8786"),
    (None, {"DASK_SCHEDULER_ADDRESS": "tcp://dask:8786", "VNNEWS_SCHEDULER": "tcp://run:1"}, "tcp://run:1"),
    (None, {"DASK_SCHEDULER_ADDRESS": "tcp://dask:8786", "VNNEWS_SCHEDULER": ""}, ""),
    ("tcp://flag:2", {"DASK_SCHEDULER_ADDRESS": "tcp://dask:8786", "VNNEWS_SCHEDULER": "tcp://run:1"},
     "tcp://flag:2"),
    ("", {"DASK_SCHEDULER_ADDRESS": "tcp://dask:8786"}, ""),
    (" tcp://flag:2 ", {}, "tcp://flag:2"),
])
def test_the_flag_beats_the_environment_and_empty_means_this_machine(flag, environ, address):
    assert workers.scheduler_address(flag, environ) == address


@pytest.fixture
def short_timeouts():
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        yield
    workers.forget_client()


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0") as local:
        with Client(local) as probe:
            yield local, probe
        workers.forget_client()


def test_the_cluster_gives_the_local_results_in_order(cluster, seeds, tmp_path, monkeypatch):
    local_cluster, probe = cluster
    monkeypatch.setattr(workers, "CLUSTER_MIN_CHARS", 0)  # the seeds are small: send them anyway
    monkeypatch.setenv("VNNEWS_SCHEDULER", "")
    inputs = Inputs.find(seeds)
    here = corpus(inputs)
    docs = here[here["status"] == "loaded"]
    here_words = text.segment(docs, cache=Items("segment", text.versions(), tmp_path / "here"), workers=1)
    sentences = here_words["words"].tolist()[:40]
    here_tags = text.pos_tags(sentences, cache=Items("pos", text.versions(), tmp_path / "here"), workers=1)
    monkeypatch.setenv("VNNEWS_SCHEDULER", local_cluster.scheduler_address)
    with get_task_stream(client=probe) as stream:
        there = corpus(inputs)
        there_words = text.segment(docs, cache=Items("segment", text.versions(), tmp_path / "there"))
        there_tags = text.pos_tags(sentences, cache=Items("pos", text.versions(), tmp_path / "there"))
    assert there.to_csv(index=False) == here.to_csv(index=False)
    pd.testing.assert_frame_equal(there_words, here_words)
    assert there_tags == here_tags
    ran = {(task["key"].rsplit("-", 1)[0], task["worker"]) for task in stream.data}
    assert {name for name, _ in ran} == {"vnnews.read_record", "vnnews.segment_paragraphs", "vnnews.tag_words"}
    assert {worker for _, worker in ran} == set(probe.nthreads())  # both workers took some


def test_vnnews_run_hands_the_scheduler_to_its_kernel(cluster, seeds, tmp_path, monkeypatch):
    local_cluster, probe = cluster
    project = tmp_path / "project"
    probe_cell = ("import json, os, pathlib\nfrom vnnews.workers import parallel_map\n"
                  "result = [os.environ['VNNEWS_SCHEDULER'], list(parallel_map(len, ['ab', 'c', 'def'], 10**9))]\n"
                  "pathlib.Path(output_dir, 'probe.json').write_text(json.dumps(result))")
    nb = new_notebook(cells=[new_code_cell("output_dir = ''"), new_code_cell(probe_cell)],
                      metadata={"kernelspec": {"name": "vnnews", "display_name": "vnnews", "language": "python"}})
    nb.cells[0].metadata["tags"] = ["parameters"]
    (project / "notebooks").mkdir(parents=True)
    nbformat.write(nb, project / "notebooks" / "00_probe.ipynb")
    monkeypatch.setenv("VNNEWS_PROJECT", str(project))
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", "tcp://127.0.0.1:1")  # the flag wins
    with get_task_stream(client=probe) as stream:
        code = cli.main(["run", "--corpus", str(seeds), "--output", str(tmp_path / "out"),
                         "--scheduler", local_cluster.scheduler_address])
    assert code == 0
    assert json.loads((tmp_path / "out" / "probe.json").read_text()) == [local_cluster.scheduler_address, [2, 1, 3]]
    assert {task["key"].rsplit("-", 1)[0] for task in stream.data} == {"vnnews.len"}


def test_an_absent_scheduler_stops_the_run_before_any_notebook(seeds, tmp_path, capsys, short_timeouts):
    code = cli.main(["run", "--corpus", str(seeds), "--output", str(tmp_path / "out"), "--only", "corpus",
                     "--scheduler", "tcp://127.0.0.1:1"])
    assert code == 2
    assert "vnnews: no Dask scheduler answers at tcp://127.0.0.1:1" in capsys.readouterr().err
    assert not (tmp_path / "out" / "notebooks").exists()


def slow_upper(letters: str) -> str:
    time.sleep(0.2)
    return letters.upper()


def late_first(n: int) -> int:
    time.sleep(0.05 * (8 - n))
    return n * n


def test_results_come_back_in_input_order_whatever_finishes_first(monkeypatch):
    with LocalCluster(n_workers=1, processes=False, threads_per_worker=4, dashboard_address=":0") as local:
        monkeypatch.setenv("VNNEWS_SCHEDULER", local.scheduler_address)
        assert list(workers.parallel_map(late_first, list(range(8)), 10**9)) == [n * n for n in range(8)]
        workers.forget_client()


def test_a_cluster_that_goes_away_mid_run_is_a_clear_error(monkeypatch, short_timeouts, caplog):
    local = LocalCluster(n_workers=1, processes=False, threads_per_worker=1, dashboard_address=":0")
    monkeypatch.setenv("VNNEWS_SCHEDULER", local.scheduler_address)
    results = workers.parallel_map(slow_upper, list("abcdefgh"), 10**9)
    assert next(results) == "A"
    local.close()
    with pytest.raises(ClusterError, match="went away during the run .*next run resumes from them"):
        list(results)
    with pytest.raises(ClusterError, match="no Dask scheduler answers"):  # the next notebook's call
        list(workers.parallel_map(slow_upper, ["a"], 10**9))
    time.sleep(1.5)  # past the client's attempts to reconnect
    assert not [r for r in caplog.records if r.name == "distributed.client" and r.levelno >= logging.ERROR]


def test_a_scheduler_without_workers_is_a_clear_error(monkeypatch, short_timeouts):
    monkeypatch.setattr(workers, "POLL_SECONDS", 0.1)
    monkeypatch.setattr(workers, "NO_WORKERS_SECONDS", 0.5)
    with LocalCluster(n_workers=0, processes=False, dashboard_address=":0") as empty:
        monkeypatch.setenv("VNNEWS_SCHEDULER", empty.scheduler_address)
        with pytest.raises(ClusterError, match=r"has had no workers for \d+ s: start some"):
            list(workers.parallel_map(slow_upper, ["a"], 10**9))


def test_a_worker_that_cannot_read_the_corpus_says_where_it_must_be(cluster, tmp_path, monkeypatch):
    local_cluster, _ = cluster
    monkeypatch.setenv("VNNEWS_SCHEDULER", local_cluster.scheduler_address)
    with pytest.raises(ClusterError, match="cannot read .*gone.txt: .*same path on every machine"):
        list(workers.parallel_map(Path.read_text, [tmp_path / "gone.txt"], 10**9))
