"""Scratch folders are named for their host and process; those of ended processes are removed, no others."""

import os
import subprocess
import sys

from analysis.scratch import host, left_behind, scratch_folder, scratch_path


def ended_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_only_this_hosts_folders_of_ended_processes_are_left_behind(tmp_path):
    dead = ended_pid()
    names = {
        "ended": f"shuffle-{host()}-{dead}-abc",
        "live": f"shuffle-{host()}-{os.getpid()}-abc",
        "other host": f"shuffle-elsewhere.example-{dead}-abc",
        "other kind": f"analysis-table-{host()}-{dead}-abc",
        "unnamed": "shuffle-abc",
    }
    for name in names.values():
        (tmp_path / name).mkdir()
    (tmp_path / f"shuffle-{host()}-{dead}-file").write_text("a file, not a folder")
    assert [path.name for path in left_behind(tmp_path, "shuffle-")] == [names["ended"]]


def test_a_new_scratch_folder_first_removes_what_ended_runs_left(tmp_path):
    dead = ended_pid()
    (tmp_path / f"shuffle-{host()}-{dead}-abc" / "bucket").mkdir(parents=True)
    with scratch_folder("shuffle-", tmp_path) as folder:
        assert [path.name for path in tmp_path.iterdir()] == [os.path.basename(folder)]
        assert os.path.basename(folder).startswith(f"shuffle-{host()}-{os.getpid()}-")
    assert not any(tmp_path.iterdir())
    made = scratch_path("analysis-table-", tmp_path)
    assert made.is_dir() and made.name.startswith(f"analysis-table-{host()}-{os.getpid()}-")
