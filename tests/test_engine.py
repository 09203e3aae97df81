"""The same tables whatever runs the per-article work: one process, local processes, or a Dask cluster."""

import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis.config import PROJECT_ROOT, SEEDS_DIR
from analysis.engine import SCHEDULER_VARIABLE, Engine, map_partitions, map_reduce, partitions
from analysis.parted import PartitionOnDisk, column_on_disk
from analysis.pipeline import run

SECOND = PROJECT_ROOT / "tests" / "fixtures" / "bridge_toll"


def files_under(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_partitions_keep_corpus_order():
    articles = pd.DataFrame({"article_id": list("abcde")})
    assert [list(part["article_id"]) for part in partitions(articles, 2)] == [["a", "b"], ["c", "d"], ["e"]]
    assert [len(part) for part in partitions(articles, 200)] == [5]


def double(frame):
    return frame.assign(x=frame["x"] * 2)


def test_results_come_back_in_partition_order_from_local_processes():
    parts = partitions(pd.DataFrame({"x": range(7)}), 2)
    results = map_partitions(double, parts, Engine(workers=2))
    assert pd.concat(results)["x"].tolist() == [0, 2, 4, 6, 8, 10, 12]


def part_sums(frame):
    return {"doubled": frame["x"] * 2, "total": int(frame["x"].sum()), "numbers": int(frame["x"].sum())}


class Total:
    """A reducer that sums its partials."""

    def __init__(self):
        self.sum = 0

    def add(self, number, partial):
        self.sum += partial

    def total(self):
        return self.sum


class Arrivals:
    """A reducer that records which partition each partial came from."""

    def __init__(self):
        self.seen = {}

    def add(self, number, partial):
        self.seen[number] = partial

    def total(self):
        return self.seen


@pytest.mark.parametrize("workers", [1, 2])
def test_map_reduce_returns_each_partition_without_the_folded_entry_and_the_corpus_total(workers):
    parts = partitions(pd.DataFrame({"x": range(25)}), 2)  # 13 partitions: two levels of folding
    results, totals = map_reduce(part_sums, parts, Engine(workers=workers), {"total": Total(), "numbers": Arrivals()})
    assert [sorted(result) for result in results] == [["doubled"]] * 13
    assert pd.concat([result["doubled"] for result in results]).tolist() == [2 * x for x in range(25)]
    assert totals["total"] == 300
    assert totals["numbers"] == {number: int(part["x"].sum()) for number, part in enumerate(parts)}  # each with its partition's number


def as_received(frame):
    return frame


def lazy_partitions(articles, folder, size):
    """The articles' partitions (of ``size``) with their bodies on disk in ``folder``, as the pipeline sends them."""
    bodies = column_on_disk((part["body"] for part in partitions(articles, size)), folder)
    place = articles.columns.get_loc("body")
    return [PartitionOnDisk(part, bodies, number, place) for number, part in enumerate(partitions(articles.drop(columns="body"), size))]


ARTICLES = pd.DataFrame({"article_id": list("abcde"), "body": pd.Series(["one", "two", "three", "four", "five"], dtype="str"),
                         "outlet": list("XYXYX")})


@pytest.mark.parametrize("workers", [1, 2])
def test_partitions_kept_on_disk_arrive_whole_with_their_bodies_back_in_place(tmp_path, workers):
    lazy = lazy_partitions(ARTICLES, tmp_path, 2)
    assert [len(part) for part in lazy] == [2, 2, 1] and "body" not in lazy[0].rows
    results = map_partitions(as_received, lazy, Engine(workers=workers))
    for result, part in zip(results, partitions(ARTICLES, 2), strict=True):
        pd.testing.assert_frame_equal(result, part)


def test_the_scheduler_address_can_come_from_the_environment(monkeypatch):
    monkeypatch.setenv(SCHEDULER_VARIABLE, "tcp://10.1.2.3:8786")
    assert Engine.from_environment().scheduler == "tcp://10.1.2.3:8786"
    assert Engine.from_environment(scheduler="tcp://127.0.0.1:1").scheduler == "tcp://127.0.0.1:1"


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local.scheduler_address


@pytest.mark.parametrize("corpus", [SEEDS_DIR, SECOND], ids=["seeds", "bridge_toll"])
def test_outputs_are_byte_identical_on_one_process_local_processes_and_a_cluster(tmp_path, corpus, cluster):
    engines = {
        "one process": Engine(workers=1),
        "two local processes, two articles a partition": Engine(workers=2, articles_per_partition=2),
        "a LocalCluster of two workers": Engine(scheduler=cluster, articles_per_partition=3),
    }
    outputs = {}
    for name, engine in engines.items():
        run(corpus, tmp_path / name, engine=engine, whole_article_contrast=True, warn=lambda message: None)
        outputs[name] = files_under(tmp_path / name)
    first, *others = outputs.values()
    assert len(first) > 40
    for name, produced in zip(list(outputs)[1:], others):
        assert produced == first, name


def test_partitions_kept_on_disk_are_read_here_and_sent_to_a_cluster(tmp_path, cluster):
    results = map_partitions(as_received, lazy_partitions(ARTICLES, tmp_path, 3), Engine(scheduler=cluster))
    pd.testing.assert_frame_equal(pd.concat(results), ARTICLES)


def test_map_reduce_on_a_cluster_folds_the_same_total(cluster):
    parts = partitions(pd.DataFrame({"x": range(25)}), 2)
    results, totals = map_reduce(part_sums, parts, Engine(scheduler=cluster), {"total": Total(), "numbers": Arrivals()})
    assert pd.concat([result["doubled"] for result in results]).tolist() == [2 * x for x in range(25)]
    assert totals["total"] == 300 and totals["numbers"] == {number: int(part["x"].sum()) for number, part in enumerate(parts)}


def test_work_shorter_than_starting_the_workers_runs_in_this_process():
    engine = Engine()
    assert engine.chooses_workers and engine.sized_for(1.0, partitions=10) == Engine(workers=1)  # a rerun's framing
    if engine.local_workers(10) > 1:
        assert engine.sized_for(600.0, partitions=10) is engine  # a first run
    assert Engine(workers=2).sized_for(1.0, 10) == Engine(workers=2)  # the user's choice stands
    assert Engine(scheduler="tcp://x:8786").sized_for(1.0, 10).scheduler == "tcp://x:8786"


WORKERS_FOREVER = """
import time
import pandas as pd
from analysis.engine import Engine, map_partitions, partitions


def wait(frame):
    time.sleep(120)
    return frame


if __name__ == "__main__":
    map_partitions(wait, partitions(pd.DataFrame({"x": range(24)}), 1), Engine(workers=2))  # Dask sends tasks 6 at a time
"""


def worker_processes(parent: int) -> list[int]:
    """The local worker processes ``parent`` started (multiprocessing's spawned children, not its resource tracker)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            command = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == parent and b"spawn_main" in command:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the workers end with their parent on Linux only (prctl)")
def test_local_workers_end_when_the_run_is_killed(tmp_path):
    script = tmp_path / "forever.py"
    script.write_text(WORKERS_FOREVER)
    driver = subprocess.Popen([sys.executable, str(script)], cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60
        while len(workers := worker_processes(driver.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(workers) == 2
    finally:
        driver.kill()  # SIGKILL: the driver cannot tell its workers anything
        driver.wait()
    deadline = time.monotonic() + 15
    while [pid for pid in workers if Path(f"/proc/{pid}").exists()] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]
