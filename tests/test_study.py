"""A study: stages keyed explicitly from the inputs' content, computed when asked, safe to hand out."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from helpers import SEED_FILES, SHARED
from vnnews import text
from vnnews.corpus import load_corpus
from vnnews.study import Study


def test_an_edit_in_place_cannot_reach_a_later_load(seeds):
    corpus = load_corpus(seeds)
    with pytest.raises(AttributeError):  # paragraphs are tuples: no append
        corpus.at[0, "paragraphs"].append("X")
    corpus.at[0, "paragraphs"] = ("X",)  # copy-on-write: the cached original is not written to
    corpus.loc[1, "title"] = "X"
    with pytest.raises(ValueError):
        Study(seeds).tokens["sid"].to_numpy()[0] = 99  # arrays handed out are read-only views
    again = load_corpus(seeds)
    assert again.at[0, "paragraphs"][0].startswith("Bộ trưởng Ngoại giao Bùi Thanh Sơn")
    assert again.at[1, "title"].startswith("PTT Phạm Bình Minh")


def test_keys_chain_from_the_inputs_content_and_each_stages_own_parameters(seeds, tmp_path):
    study = Study(seeds)
    same = Study(seeds)
    assert study.key("tokens") == same.key("tokens")
    stopped = Study(seeds, extra_stopwords=["Nga"])
    assert stopped.key("tokens") != study.key("tokens") and stopped.key("sentences") == study.key("sentences")
    kept = Study(seeds, drop_duplicates=False)
    assert kept.key("tokens") == study.key("tokens") and kept.key("counted_tokens") != study.key("counted_tokens")
    copy = tmp_path / "copy"
    shutil.copytree(seeds, copy)
    assert Study(copy).key("corpus") == study.key("corpus")  # content, not paths
    (copy / SEED_FILES[0]).write_bytes((copy / SEED_FILES[0]).read_bytes() + b"\nThem mot cau.")
    assert Study(copy).key("corpus") != study.key("corpus")
    assert Study(copy).key("mentions") != study.key("mentions")


def test_keys_need_no_computation(seeds, monkeypatch):
    monkeypatch.setattr(text, "segment_paragraphs", lambda _: pytest.fail("segmented to make a key"))
    study = Study(seeds, extra_stopwords=["không ai dùng"])
    assert len(study.key("theme_hits")) == 64 and len(study.key("counted_mentions")) == 64


def test_the_duplicates_policy_is_applied_in_one_place(seeds):
    study, kept = Study(seeds), Study(seeds, drop_duplicates=False)
    assert set(study.documents.file) == set(SEED_FILES)
    assert set(study.counted.file) == set(SEED_FILES[:4])  # 004 repeats 003
    assert set(kept.counted.file) == set(SEED_FILES)
    assert set(study.counted_tokens.doc_id) == {f.removesuffix(".txt") for f in SEED_FILES[:4]}
    assert len(study.counted_mentions) < len(study.mentions) == len(kept.counted_mentions)


def test_an_unknown_stage_names_the_stages(seeds):
    with pytest.raises(KeyError, match="no stage .topics.; the stages are records, selection, corpus, documents"):
        Study(seeds)["topics"]


DANTRI = SHARED / "corpora" / "dantri-unc"
WOMEN_NAMED_NGA = ["news_business_004.txt", "news_entertainment_026.txt", "news_health_191.txt",
                   "news_travel_202.txt"]
RUSSIA_ONLY = ["news_entertainment_177.txt"]
NO_RUSSIA = ["news_business_001.txt", "news_business_003.txt"]


@pytest.mark.skipif(not DANTRI.is_dir(), reason="../shared/corpora/dantri-unc is not beside the project")
def test_vietnam_russia_selects_the_seeds_and_no_woman_named_nga(seeds, tmp_path):
    for path in [*seeds.glob("*.txt"), *(DANTRI / f for f in WOMEN_NAMED_NGA + RUSSIA_ONLY + NO_RUSSIA)]:
        (tmp_path / path.name).symlink_to(path)
    study = Study(tmp_path, select="vietnam-russia")
    chosen = study.corpus.set_index("file")["selected"]
    assert chosen[SEED_FILES].tolist() == ["true"] * 5
    assert set(chosen[WOMEN_NAMED_NGA + RUSSIA_ONLY + NO_RUSSIA]) == {"false"}
    evidence = study.corpus.set_index("file")["select_evidence"]
    assert all("personal name" in evidence[f] for f in WOMEN_NAMED_NGA)
    assert set(study.documents.file) == set(SEED_FILES)  # the others are left out of every analysis


def test_a_stage_reads_only_the_columns_it_names_and_the_tokens_are_stored_as_parquet(seeds, tmp_path, monkeypatch):
    from vnnews import cache, tokens

    monkeypatch.setenv("VNNEWS_CACHE", str(tmp_path))
    study = Study(seeds)
    whole = study.tokens
    assert whole["term"].dtype == "category" and whole["term"].cat.codes.dtype == "int16"  # ids into a vocabulary
    (entry,) = (tmp_path / "stages" / "vnnews.tokens.term_tokens").glob("*.pkl")
    assert cache.read_entry(entry)[:4] == b"PAR1"
    cache._MEMORY.clear()
    part = study.columns_of("tokens", ("term", "sid"))  # from disk: those two columns are read, nothing else
    assert part.columns.tolist() == ["term", "sid"] and not cache._MEMORY  # a part is not kept as the whole
    assert part.equals(whole[["term", "sid"]]) and part["term"].cat.categories.equals(whole["term"].cat.categories)
    assert tokens.size(study) == len(study.counted_tokens) == 1374  # reads one column of the counted tokens


def test_sums_read_a_row_group_at_a_time_give_the_tables_of_the_whole_table(seeds, tmp_path, monkeypatch):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from vnnews import cache, terms, tokens

    def tables(folder: str, row_group: int) -> list:
        monkeypatch.setenv("VNNEWS_CACHE", str(tmp_path / folder))
        monkeypatch.setattr(cache, "ROW_GROUP", row_group)
        cache._MEMORY.clear()
        study = Study(seeds)
        assert len(study.counted_tokens) == 1374  # stored; the analyses read it back from disk in chunks
        cache._MEMORY.clear()
        groups = terms.document_groups(study, "year")
        return [terms.frequency(study, 10), terms.collocations(study, 1), terms.keyness(study, groups, "2020", "2021"),
                terms.trends(study, ["Nga", "hợp tác"], "M"), terms.group_sizes(study, groups), tokens.size(study)]

    whole, parts = tables("whole", 1_000_000), tables("parts", 200)
    (entry,) = (tmp_path / "parts" / "stages" / "vnnews.tokens.of_documents").glob("*.pkl")
    file = pq.ParquetFile(pa.py_buffer(cache.read_entry(entry)))
    assert file.num_row_groups == 4  # 1,374 tokens of 4 documents in groups of ≥ 200, cut where one starts
    docs = [set(file.read_row_group(g, columns=["doc_id"]).column("doc_id").to_pylist())
            for g in range(file.num_row_groups)]
    assert all(len(d) == 1 for d in docs) and len(set().union(*docs)) == 4  # no document spans two groups
    for a, b in zip(whole, parts):
        assert a.equals(b) if isinstance(a, (pd.DataFrame, pd.Series)) else a == b


def test_kwic_and_evidence_read_back_only_the_sentences_they_show(seeds, tmp_path, monkeypatch):
    from vnnews import cache, terms, themes

    monkeypatch.setenv("VNNEWS_CACHE", str(tmp_path))
    study = Study(seeds)
    expected = terms.kwic(study.term_index, study.sentences, study.documents, ["Nga"])
    evidence = themes.evidence(study.theme_hits, study.sentences, study.documents)
    assert len(study.sentence_texts) == len(study.sentences)  # stored as Parquet, groups of text.TEXT_ROWS
    cache._MEMORY.clear()
    taken = []
    monkeypatch.setattr(cache.Rows, "take", lambda self, rows, take=cache.Rows.take: taken.append(
        isinstance(self.source, memoryview)) or take(self, rows))
    assert terms.kwic(study, ["Nga"]).equals(expected) and len(expected) > 10
    cache._MEMORY.clear()
    assert themes.evidence(study).equals(evidence) and taken == [True, True]  # from the stored entry, by row
