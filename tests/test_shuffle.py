"""The shuffle on disk: every row of a key in one bucket, read back a bucket at a time."""

import pickle

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


def chunks_in(shuffle: Shuffle, bucket: int) -> int:
    with shuffle.path(bucket).open("rb") as file:
        count = 0
        while True:
            try:
                pickle.load(file)
            except EOFError:
                return count
            count += 1


def test_held_rows_are_written_together_and_read_the_same_as_rows_written_at_once(tmp_path):
    adds = [(pd.DataFrame({"key": [4, 5, 7], "v": ["a", "b", "c"]}), np.array([4, 5, 7])),
            (pd.DataFrame({"key": [7, 3], "v": ["d", "e"]}), np.array([7, 3])),
            (pd.DataFrame({"key": [1, 4], "v": ["f", "g"]}), np.array([1, 4]))]
    empty = pd.DataFrame({"key": pd.Series(dtype=np.int64), "v": pd.Series(dtype=object)})
    shuffles = {held: Shuffle(tmp_path / str(held), buckets=3, rows_held=held) for held in (1, 5, 100)}
    for shuffle in shuffles.values():
        for table, keys in adds:
            shuffle.add(table, keys)
    assert chunks_in(shuffles[1], 1) == 3  # every add wrote its rows of bucket 1 (4 and 7, 7, then 1 and 4)
    assert chunks_in(shuffles[5], 1) == 1  # the first two adds (5 rows) at once; the third is held
    assert not shuffles[100].path(0).exists()  # nothing written until read
    read = {held: [table.to_dict("list") for table in shuffle.tables(empty)] for held, shuffle in shuffles.items()}
    assert read[1] == read[5] == read[100] == [{"key": [3], "v": ["e"]}, {"key": [4, 7, 7, 1, 4], "v": ["a", "c", "d", "f", "g"]},
                                               {"key": [5], "v": ["b"]}]
    assert [chunks_in(shuffles[held], 1) for held in (1, 5, 100)] == [3, 2, 1]


def test_a_bucket_no_row_reached_reads_as_the_empty_table(tmp_path):
    shuffle = Shuffle(tmp_path, buckets=2)
    shuffle.add(pd.DataFrame({"key": [2]}), np.array([2]))
    empty = pd.DataFrame({"key": pd.Series(dtype=np.int64)})
    assert shuffle.read(1, empty) is empty and shuffle.read(0, empty)["key"].tolist() == [2]


def test_a_shuffle_holds_enough_rows_for_chunks_of_rows_per_chunk_and_at_most_rows_held(tmp_path):
    from analysis.shuffle import ROWS_HELD, ROWS_PER_CHUNK

    assert Shuffle(tmp_path / "a", buckets=3).rows_held == 3 * ROWS_PER_CHUNK
    assert Shuffle(tmp_path / "b", buckets=10**6).rows_held == ROWS_HELD


def test_buckets_are_sized_for_the_rows():
    assert [buckets_for(rows, 100) for rows in (0, 1, 100, 101, 1000)] == [1, 1, 1, 2, 10]
