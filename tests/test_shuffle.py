"""The shuffle on disk: every row of a key in one bucket, read back a bucket at a time."""

import numpy as np
import pandas as pd

from analysis.shuffle import Shuffle, buckets_for


def test_rows_of_one_key_land_in_one_bucket_and_come_back_in_the_order_added(tmp_path):
    shuffle = Shuffle(tmp_path / "s", buckets=3)
    shuffle.add(pd.DataFrame({"key": [4, 5, 7], "v": ["a", "b", "c"]}), np.array([4, 5, 7]))
    shuffle.add(pd.DataFrame({"key": [7, 3], "v": ["d", "e"]}), np.array([7, 3]))
    empty = pd.DataFrame({"key": pd.Series(dtype=np.int64), "v": pd.Series(dtype=object)})
    buckets = [table.to_dict("list") for table in shuffle.tables(empty)]
    # 3 % 3 = 0; 4 and 7 % 3 = 1; 5 % 3 = 2
    assert buckets == [{"key": [3], "v": ["e"]}, {"key": [4, 7, 7], "v": ["a", "c", "d"]}, {"key": [5], "v": ["b"]}]


def test_a_bucket_no_row_reached_reads_as_the_empty_table(tmp_path):
    shuffle = Shuffle(tmp_path, buckets=2)
    shuffle.add(pd.DataFrame({"key": [2]}), np.array([2]))
    empty = pd.DataFrame({"key": pd.Series(dtype=np.int64)})
    assert shuffle.read(1, empty) is empty and shuffle.read(0, empty)["key"].tolist() == [2]


def test_buckets_are_sized_for_the_rows():
    assert [buckets_for(rows, 100) for rows in (0, 1, 100, 101, 1000)] == [1, 1, 1, 2, 10]
