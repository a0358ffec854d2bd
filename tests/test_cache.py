"""The cache: verified entries, stages keyed explicitly, results that callers cannot change, derived code version."""

from __future__ import annotations

import struct

import numpy as np
import pandas as pd
import pytest

from vnnews import cache
from vnnews.cache import Stages, stage


def test_entries_are_verified_and_damage_reads_as_missing(tmp_path):
    path = tmp_path / "e.bin"
    cache.write_entry(path, b"payload")
    assert cache.read_entry(path) == b"payload"
    for damaged in (b"garbage", path.read_bytes()[:-1] + b"X", b"", path.read_bytes()[:40]):
        path.write_bytes(damaged)
        assert cache.read_entry(path) is None
    assert cache.read_entry(tmp_path / "missing") is None


def test_a_result_is_computed_once_then_read_back_and_a_damaged_one_recomputed(tmp_path, monkeypatch):
    monkeypatch.setenv("VNNEWS_CACHE", str(tmp_path))
    calls = []

    def compute():
        calls.append(1)
        return pd.DataFrame({"a": [1, 2]})

    first = cache.cached("demo", "key-1", compute)
    first["b"] = 0  # a caller adding a column does not change the cached value
    assert list(cache.cached("demo", "key-1", compute).columns) == ["a"] and calls == [1]
    cache._MEMORY.clear()
    assert cache.cached("demo", "key-1", compute)["a"].tolist() == [1, 2] and calls == [1]  # from disk
    (entry,) = (tmp_path / "stages" / "demo").glob("*.pkl")
    entry.write_bytes(b"garbage")
    cache._MEMORY.clear()
    assert cache.cached("demo", "key-1", compute)["a"].tolist() == [1, 2] and calls == [1, 1]
    assert cache.read_entry(entry) is not None  # rewritten


def test_cells_a_caller_could_change_in_place_are_refused():
    with pytest.raises(TypeError, match="column 'p' holds mutable cells"):
        cache.cached("demo", "key-2", lambda: pd.DataFrame({"p": [["a"], ["b"]]}))


def test_keys_follow_content_not_identity():
    assert cache.content_key(["a", "b"], b"x") == cache.content_key(["a", "b"], b"x")
    assert cache.content_key(["a", "b"]) != cache.content_key(["b", "a"])
    assert cache.content_key(pd.DataFrame({"a": [True, False]})) != cache.content_key(pd.DataFrame({"a": [1, 0]}))


def test_the_code_version_covers_every_module_a_stage_imports():
    files = {p.relative_to(p.parents[1]).as_posix() if p.parent.name == "corpus" else p.name
             for p in cache.modules("vnnews.study")}
    assert {"study.py", "cache.py", "lexicons.py", "letters.py", "workers.py", "tokens.py", "officials.py",
            "corpus/clean.py", "corpus/dates.py", "corpus/load.py"} <= files
    assert not {"run.py", "cli.py", "report.py", "plots.py"} & files  # the runner and figures change no stage
    assert "terms.py" in {p.name for p in cache.modules("vnnews.terms")}
    assert len(cache.code_version("vnnews.terms")) == 16


class Toy(Stages):
    """Two named stages, `numbers` (from a parameter) and `doubled` (from numbers), with computation counts."""

    def __init__(self, n: int):
        self.n, self.keys, self.calls = n, {}, []

    def key(self, name):
        return cache.content_key(name, self.n)

    def __getitem__(self, name):
        self.calls.append(name)
        return pd.DataFrame({"x": range(self.n)})

    def memo(self, key, compute):
        return compute()


@stage("numbers")
def total(numbers: pd.DataFrame, scale: int = 1) -> int:
    return int(numbers["x"].sum()) * scale


def test_a_declared_stage_is_cached_on_a_study_and_plain_on_frames(tmp_path, monkeypatch):
    monkeypatch.setenv("VNNEWS_CACHE", str(tmp_path))
    toy = Toy(4)
    assert total(toy) == 6 and total(toy, scale=2) == 12 and total(toy, 1) == 6
    assert toy.calls == ["numbers", "numbers"]  # scale=1 by keyword or position, or by default: one key
    assert total(Toy(5)) == 10  # another input, another key
    assert total(pd.DataFrame({"x": [1, 2]})) == 3  # called on a frame: computed, not cached


def test_an_entry_holds_columns_out_of_band_and_reads_them_back_aligned(tmp_path, monkeypatch):
    monkeypatch.setenv("VNNEWS_CACHE", str(tmp_path))
    frame = pd.DataFrame({"n": np.arange(5, dtype=np.int32), "x": np.linspace(0, 1, 5), "s": list("abcde"),
                          "t": [("a", "b"), ("c",), (), ("d",), ("e", "f")]})
    cache.cached("demo", "key-3", lambda: frame)
    (entry,) = (tmp_path / "stages" / "demo").glob("*.pkl")
    payload = cache.read_entry(entry)
    count, main_size = struct.unpack_from("<2Q", payload)
    assert count >= 2 and main_size < len(payload) - 5 * (4 + 8)  # the numbers are not in the pickle
    cache._MEMORY.clear()
    back = cache.cached("demo", "key-3", lambda: pytest.fail("recomputed"))
    pd.testing.assert_frame_equal(back, frame)
    assert back["n"].to_numpy().ctypes.data % 8 == 0 and back["x"].to_numpy().ctypes.data % 8 == 0
    assert back["t"].tolist()[4] == ("e", "f")


def test_a_frame_of_numbers_flags_and_coded_strings_is_stored_as_parquet_with_its_vocabulary(tmp_path, monkeypatch):
    import pyarrow as pa
    import pyarrow.parquet as pq

    monkeypatch.setenv("VNNEWS_CACHE", str(tmp_path))
    terms = pd.Categorical.from_codes([2, 0, 2, 1], dtype=pd.CategoricalDtype(pd.Index(["Nga", "hợp tác", "ô"],
                                                                                          dtype=str)))
    frame = pd.DataFrame({"term": terms, "sid": np.array([0, 0, 1, 1], dtype=np.int32),
                          "is_content": [True, False, True, True]}, index=[3, 5, 8, 9])
    cache.cached("demo", "key-4", lambda: frame)
    (entry,) = (tmp_path / "stages" / "demo").glob("*.pkl")
    table = pq.read_table(pa.py_buffer(cache.read_entry(entry)))  # a Parquet file any tool reads
    assert table.column("term").to_pylist() == [2, 0, 2, 1] and table.column("__index__").to_pylist() == [3, 5, 8, 9]
    assert table.schema.field("sid").type == pa.int32()
    cache._MEMORY.clear()
    back = cache.cached("demo", "key-4", lambda: pytest.fail("recomputed"))
    pd.testing.assert_frame_equal(back, frame)  # codes, vocabulary in order (unused entries too), index, dtypes
    assert back["term"].cat.categories.tolist() == ["Nga", "hợp tác", "ô"]
    entry.write_bytes(entry.read_bytes()[:-9] + b"XXXXXXXXX")  # a damaged Parquet footer is recomputed
    cache._MEMORY.clear()
    assert cache.cached("demo", "key-4", lambda: frame)["sid"].tolist() == [0, 0, 1, 1]
    assert cache._columnar(frame) and not cache._columnar(frame.assign(text="a"))  # strings stay pickled


def test_arrow_memory_is_handed_back_when_freed():
    import pyarrow as pa

    if "jemalloc" not in pa.supported_memory_backends():
        pytest.skip("pyarrow built without jemalloc")
    # string columns are allocated from it (pandas' Arrow strings)
    before = pa.default_memory_pool().bytes_allocated()
    column = pd.Series([f"doc-{i}" for i in range(100_000)], dtype="str").str.upper()
    assert pa.default_memory_pool().backend_name == "jemalloc"
    assert pa.default_memory_pool().bytes_allocated() > before
    del column


def test_rows_are_taken_from_a_stored_frame_decoding_only_the_row_groups_that_hold_them(tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    monkeypatch.setenv("VNNEWS_CACHE", str(tmp_path))
    frame = pd.DataFrame({"doc_id": pd.Categorical([f"d{i // 3}" for i in range(10)]),
                          "text": [f"câu {i}" for i in range(10)]})
    cache.cached("demo", "key-5", lambda: frame, row_group=4)  # groups of ≥ 4 rows of whole documents: 0–5, 6–9
    cache._MEMORY.clear()
    read = []
    original = pq.ParquetFile.read_row_groups
    monkeypatch.setattr(pq.ParquetFile, "read_row_groups",
                        lambda self, groups, **kw: read.append(list(groups)) or original(self, groups, **kw))
    rows = cache.cached("demo", "key-5", lambda: pytest.fail("recomputed"), ("doc_id", "text"), "rows")
    taken = rows.take(np.array([9, 7, 9, 6]))
    assert taken["text"].tolist() == ["câu 9", "câu 7", "câu 9", "câu 6"] and taken.index.tolist() == [9, 7, 9, 6]
    assert taken["doc_id"].tolist() == ["d3", "d2", "d3", "d2"] and read == [[1]]  # the first group not decoded
    assert rows.take(np.array([0, 9]))["text"].tolist() == ["câu 0", "câu 9"] and read[-1] == [0, 1]
    assert cache.take(frame, np.array([9, 1]), ["text"])["text"].tolist() == ["câu 9", "câu 1"]  # a frame: by label
    assert rows.take(np.array([], dtype=int)).empty
