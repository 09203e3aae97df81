"""Tables kept on disk in parts: read part by part in order, whole only when asked for by name."""

import gc
import tracemalloc

import numpy as np
import pandas as pd
import pytest

from analysis.parted import (
    PartedTable,
    PartitionOnDisk,
    PartitionParts,
    PartWriter,
    Tables,
    column_on_disk,
    table_parts,
    without_rows,
)


def parted(home, *parts, empty=None):
    writer = PartWriter(home, empty if empty is not None else parts[0])
    for part in parts:
        writer.add(part)
    return writer.table()


def test_parts_come_back_in_order_and_whole_with_a_fresh_index(tmp_path):
    table = parted(tmp_path / "t", pd.DataFrame({"term": ["a", "b"]}), pd.DataFrame({"term": ["c"]}, index=[7]))
    assert [part["term"].tolist() for part in table.parts()] == [["a", "b"], ["c"]]
    assert len(table) == 3 and table.frame().to_dict("list") == {"term": ["a", "b", "c"]}
    assert table.frame().index.tolist() == [0, 1, 2]


def test_a_part_without_rows_is_left_out_and_a_table_without_rows_is_its_empty_table(tmp_path):
    empty = pd.DataFrame({"count": pd.Series(dtype="int32")})
    table = parted(tmp_path / "t", empty.iloc[:0], empty=empty)
    assert table.count == 0 and len(table) == 0
    assert table.frame()["count"].dtype == "int32" and [len(part) for part in table.parts()] == [0]
    one = parted(tmp_path / "u", empty, pd.DataFrame({"count": [3]}).astype("int32"), empty=empty)
    assert one.count == 1 and one.frame()["count"].tolist() == [3]


def test_a_map_applies_to_every_part_as_read_and_leaves_the_files_alone(tmp_path):
    table = parted(tmp_path / "t", pd.DataFrame({"n": [1]}), pd.DataFrame({"n": [2]}))
    doubled = table.map(lambda part: part.assign(n=part["n"] * 2)).map(lambda part: part.assign(n=part["n"] + 1))
    assert doubled.frame()["n"].tolist() == [3, 5] and table.frame()["n"].tolist() == [1, 2]


def test_a_temporary_table_is_removed_when_no_longer_used_and_a_missing_part_is_noticed(tmp_path):
    table = parted(None, pd.DataFrame({"n": [1]}))
    folder = table.folder
    mapped = table.map(lambda part: part)
    del table
    gc.collect()
    assert folder.is_dir()  # the mapped table still reads it
    del mapped
    gc.collect()
    assert not folder.exists()
    kept = parted(tmp_path / "kept", pd.DataFrame({"n": [1]}), pd.DataFrame({"n": [2]}))
    assert kept.complete()
    (kept.folder / "part-00001.pickle").unlink()
    assert not kept.complete()


def test_tables_read_a_parted_table_whole_by_name_and_part_by_part_on_request(tmp_path):
    table = parted(tmp_path / "t", pd.DataFrame({"n": [1]}), pd.DataFrame({"n": [2]}))
    tables = Tables({"small": pd.DataFrame({"n": [0]}), "large": table})
    assert list(tables) == ["small", "large"] and len(tables) == 2
    assert tables["large"]["n"].tolist() == [1, 2] and tables.stored("large") is table
    assert [part["n"].tolist() for part in table_parts(tables, "large")] == [[1], [2]]
    assert [part["n"].tolist() for part in table_parts({"large": pd.DataFrame({"n": [5]})}, "large")] == [[5]]


def test_a_writer_into_a_folder_replaces_what_a_killed_run_left_there(tmp_path):
    home = tmp_path / "t"
    home.mkdir()
    (home / "part-00003.pickle").write_bytes(b"left over")
    table = parted(home, pd.DataFrame({"n": [1]}))
    assert sorted(p.name for p in home.iterdir()) == ["part-00000.pickle"] and isinstance(table, PartedTable)


def test_partitions_arriving_in_any_order_are_parts_in_partition_order_empty_ones_kept(tmp_path):
    spill = PartitionParts(tmp_path / "s")
    spill.add(2, pd.DataFrame({"id": ["e"]}))
    spill.add(0, pd.DataFrame({"id": ["a", "b"]}))
    spill.add(1, pd.DataFrame({"id": pd.Series([], dtype=object)}))
    table = spill.total()
    assert table.count == 3 and len(table) == 3
    assert [part["id"].tolist() for part in table.parts()] == [["a", "b"], [], ["e"]]
    assert list(table.empty.columns) == ["id"] and table.empty.empty


def test_a_table_without_rows_keeps_the_types_and_lets_the_rows_go():
    tracemalloc.start()
    try:
        table = pd.DataFrame({"n": np.arange(1_000_000), "term": "x"})  # 8 MB of numbers
        kept, view = without_rows(table), table.iloc[:0]
        del table
        gc.collect()
        held_with_view = tracemalloc.get_traced_memory()[0]
        del view
        gc.collect()
        assert held_with_view - tracemalloc.get_traced_memory()[0] > 7_000_000  # the view alone kept the rows
    finally:
        tracemalloc.stop()
    assert list(kept.columns) == ["n", "term"] and kept["n"].dtype == np.int64 and kept.empty


def test_a_column_on_disk_reads_rows_by_number_a_part_at_a_time(tmp_path):
    pieces = [pd.Series(values, name="body", dtype="str") for values in (["a", "b"], [], ["c"])]
    column = column_on_disk(pieces, tmp_path)
    assert len(column) == 3 and list(column) == ["a", "b", "c"] and column.table.count == 2  # the empty piece is no part
    assert [column[2], column[0], column[1]] == ["c", "a", "b"]
    assert column.take([2, 0]).tolist() == ["c", "a"] and column.take([]).dtype == "str"
    assert column.series().tolist() == ["a", "b", "c"]
    with pytest.raises(IndexError):
        column[3]
    folder = column.table.folder
    assert folder.parent == tmp_path and folder.is_dir()
    del column
    gc.collect()
    assert not folder.exists()  # a temporary folder goes with the column


def test_a_partition_whose_part_on_disk_has_other_rows_is_refused(tmp_path):
    column = column_on_disk([pd.Series(["a", "b"], name="body", dtype="str")], tmp_path)
    assert PartitionOnDisk(pd.DataFrame({"id": [7, 8]}, index=[5, 6]), column, 0, 0).load().to_dict("list") == {"body": ["a", "b"], "id": [7, 8]}
    with pytest.raises(ValueError, match="has 2 rows, the partition 1"):
        PartitionOnDisk(pd.DataFrame({"id": [7]}), column, 0, 1).load()
