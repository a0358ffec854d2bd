"""Themes stage: dictionary validation, matching (phrases, variants, abbreviations), aggregation, NMF stability."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import sentences_of
from vnnews import themes as th
from vnnews.corpus import counted
from vnnews.errors import ParameterError
from vnnews.study import Study
from vnnews.tokens import term_tokens

DICTIONARY = """
themes:
  - id: pandemic
    label_en: Pandemic
    label_vi: Đại dịch
    keywords: [vaccine, Sputnik V, phòng chống dịch, chống dịch]
  - id: unsc
    label_en: UN Security Council
    label_vi: Hội đồng Bảo an
    keywords: [Hội đồng Bảo an]
  - id: energy
    label_en: Energy
    label_vi: Năng lượng
    keywords: [dầu khí]
"""


@pytest.fixture
def dictionary(tmp_path):
    path = tmp_path / "themes.yaml"
    path.write_text(DICTIONARY, encoding="utf-8")
    return th.load_themes(path)


def test_shipped_dictionary_is_valid_and_bilingual():
    themes = th.load_themes()
    table = th.dictionary_table(themes)
    assert len(table) >= 8
    assert {"pandemic", "un_security_council", "energy", "party_parliament"} <= set(table.theme)
    assert table.label_vi.str.len().gt(0).all() and table.label_en.str.len().gt(0).all()
    assert {"HĐBA", "Hội đồng Bảo an"} & set(themes.keyword) and "Sputnik V" in set(themes.keyword)


@pytest.mark.parametrize("yaml_text, message", [
    ("themes: [", "is not valid YAML"),
    ("topics: []", "expected a top-level 'themes:' list"),
    ("themes:\n  - id: a\n    label_en: A\n    label_vi: A\n", r"theme #1 \('a'\): missing keywords"),
    ("themes:\n  - id: a b\n    label_en: A\n    label_vi: A\n    keywords: [x]\n", "id must be letters"),
    ("themes:\n  - {id: a, label_en: A, label_vi: A, keywords: [x]}\n"
     "  - {id: a, label_en: B, label_vi: B, keywords: [y]}",
     r"theme #2 \('a'\): id 'a' is used twice"),
    ("themes:\n  - {id: a, label_en: A, label_vi: A, keywords: []}", "keywords must be a non-empty list"),
    ("themes:\n  - {id: a, label_en: A, label_vi: A, keywords: [x, 3]}", "keyword 3 must be a non-empty text"),
    ("themes:\n  - {id: a, label_en: A, label_vi: A, keywords: [x], colour: red}", "unknown colour"),
])
def test_malformed_dictionaries_name_the_entry(tmp_path, yaml_text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ParameterError, match=message):
        th.load_themes(path)


def test_missing_theme_file_is_a_clear_error(tmp_path):
    with pytest.raises(ParameterError, match="does not exist"):
        th.load_themes(tmp_path / "nope.yaml")


def test_matching_phrases_variants_abbreviations_and_word_boundaries(dictionary):
    sents = sentences_of({"a": [
        ["Hai", "bên", "bàn", "về", "vắc-xin", "Sputnik", "V", "."],        # variant + a two-word phrase
        ["Việt Nam", "là", "Ủy viên", "HĐBA", "."],                        # abbreviation
        ["công tác", "phòng", "chống", "dịch", "được", "đẩy mạnh", "."],   # phrase split into three words
        ["Nga", "bán", "vũ khí", "cho", "khách hàng", "."],                # "khí" inside a word is not "dầu khí"
        ["hợp tác", "dầu", "khí", "."],                                    # "dầu khí" split in two words
    ]})
    hits = th.match(term_tokens(sents), dictionary)
    found = hits[["sid", "theme", "keyword"]].values.tolist()
    assert found == [[0, "pandemic", "vaccine"], [0, "pandemic", "Sputnik V"], [1, "unsc", "Hội đồng Bảo an"],
                     [2, "pandemic", "phòng chống dịch"], [4, "energy", "dầu khí"]]


def test_per_document_share_presence_and_period_aggregation(dictionary):
    sents = sentences_of({
        "a": [["vaccine", "đến", "."], ["vaccine", "Sputnik V", "."], ["Hai", "bên", "điện đàm", "."]],
        "b": [["Hội đồng Bảo an", "họp", "."]],
        "c": [["vaccine", "vaccine", "."]],
    })
    corpus = pd.DataFrame({"file": ["a.txt", "b.txt", "c.txt"], "doc_id": ["a", "b", "c"], "status": "loaded",
                           "date": ["2021-01-10", "2021-03-02", "2021-03-20"], "duplicate_of": ["", "", "a.txt"]})
    hits = th.match(term_tokens(sents), dictionary)
    table = th.by_document(hits, sents, corpus, dictionary, min_hits=2).set_index(["doc_id", "theme"])
    assert table.loc[("a", "pandemic"), ["hits", "sentences", "present"]].tolist() == [3, 2, True]
    assert table.loc[("a", "pandemic"), "share"] == pytest.approx(2 / 3)
    assert table.loc[("b", "unsc"), ["hits", "present"]].tolist() == [1, False]
    assert len(table) == 9  # every document × every theme
    trend = th.trends(counted(corpus), table.reset_index(), "M").set_index(["period", "theme"])
    assert trend.loc[("2021-01", "pandemic"), ["n_docs", "docs_with_theme", "prevalence"]].tolist() == [1, 1, 1.0]
    assert trend.loc[("2021-02", "pandemic"), "n_docs"] == 0
    assert pd.isna(trend.loc[("2021-02", "pandemic"), "prevalence"])
    assert trend.loc[("2021-03", "pandemic"), ["n_docs", "docs_with_theme"]].tolist() == [1, 0]  # c is a duplicate
    with_copies = th.trends(counted(corpus, drop_duplicates=False), table.reset_index(), "M")
    with_copies = with_copies.set_index(["period", "theme"])
    assert with_copies.loc[("2021-03", "pandemic"), ["n_docs", "docs_with_theme"]].tolist() == [2, 1]


def test_cooccurrence_within_sentences_and_documents(dictionary):
    sents = sentences_of({"a": [["vaccine", "và", "Hội đồng Bảo an", "."], ["vaccine", "."]],
                          "b": [["dầu khí", "và", "vaccine", "."]]})
    corpus = pd.DataFrame({"file": ["a.txt", "b.txt"], "doc_id": ["a", "b"], "status": "loaded",
                           "date": ["2021-01-10", "2021-03-02"], "duplicate_of": ""})
    hits = th.match(term_tokens(sents), dictionary)
    table = th.by_document(hits, sents, corpus, dictionary, min_hits=1)
    pairs = th.cooccurrence(counted(corpus), hits, table).set_index(["level", "theme_a", "theme_b"])
    assert pairs.loc[("sentence", "pandemic", "unsc"), ["count", "jaccard"]].tolist() == [1, pytest.approx(1 / 3)]
    assert pairs.loc[("document", "pandemic", "energy"), ["count", "jaccard"]].tolist() == [1, 0.5]
    assert pairs.loc[("document", "unsc", "energy"), "count"] == 0


@pytest.fixture(scope="module")
def seed_themes(seeds):
    study = Study(seeds)
    return study.corpus, study.sentences, study.tokens, study.dictionary, study.theme_hits


def test_seed_themes_with_evidence(seed_themes):
    corpus, sentences, tokens, dictionary, hits = seed_themes
    table = th.by_document(hits, sentences, corpus, dictionary).set_index(["doc_id", "theme"])
    assert table.loc[("003_63f7455e758c090b", "pandemic"), "present"]
    assert table.loc[("001_df604d269652025b", "un_security_council"), "hits"] == 17
    proof = th.evidence(hits, sentences, corpus)
    sputnik = proof[(proof.theme == "pandemic") & (proof.file == "003_63f7455e758c090b.txt")]
    assert any("Sputnik V" in s for s in sputnik.sentence)
    unsc = proof[(proof.theme == "un_security_council") & (proof.file == "001_df604d269652025b.txt")]
    assert unsc.sentence.iloc[0].startswith("Chiều 29/5, Bộ trưởng Ngoại giao Phạm Bình Minh")
    assert table.loc[("004_1ff07973a5484962", "pandemic"), "duplicate_of"] == "003_63f7455e758c090b.txt"


def test_no_theme_hit_comes_from_boilerplate(seed_themes):
    _, sentences, _, _, hits = seed_themes
    matched = " ".join(sentences.loc[sorted(set(hits.sid)), "text"])
    for chrome in ["Gaza", "Bính Ngọ", "Tô Lâm", "2026", "Phản hồi"]:
        assert chrome not in matched


def test_nmf_topics_are_identical_across_runs(seed_themes):
    _, _, tokens, dictionary, hits = seed_themes
    first = th.topics(tokens, hits, dictionary, n_topics=6)
    second = th.topics(tokens, hits, dictionary, n_topics=6)
    pd.testing.assert_frame_equal(first, second)
    assert len(first) == 6 and first.n_sentences.sum() > 0
    assert "pandemic" in set(first.best_theme)


def test_coverage_reports_uncovered_words(seed_themes):
    _, _, tokens, dictionary, hits = seed_themes
    share, gaps = th.coverage(tokens, hits, dictionary)
    assert 0 < share < 0.2
    assert list(gaps.columns) == ["term", "count", "doc_freq"]
    assert not set(gaps.term.str.casefold()) & {"vaccine", "hội đồng bảo an"}


def test_busiest_documents_keep_the_most_hits_in_document_order():
    table = pd.DataFrame({"doc_id": ["a", "a", "b", "b", "c", "c"], "theme": ["x", "y"] * 3,
                          "hits": [1, 0, 5, 2, 3, 3]})
    grid = th.busiest_documents(table, 2)
    assert grid.index.tolist() == ["b", "c"] and grid.columns.tolist() == ["x", "y"]
    assert grid.to_numpy().tolist() == [[5, 2], [3, 3]]


def test_wilson_interval_by_hand():
    low, high = th.wilson_interval([0, 5], [10, 10])
    z2 = th.Z_95**2
    assert low[0] == pytest.approx(0) and high[0] == pytest.approx((z2 / 10) / (1 + z2 / 10))
    # 5 of 10: centred on 0.5, half-width z·sqrt(0.025 + z²/400)/(1 + z²/10)
    half = th.Z_95 * (0.025 + z2 / 400) ** 0.5 / (1 + z2 / 10)
    assert (low[1], high[1]) == (pytest.approx(0.5 - half), pytest.approx(0.5 + half))
    assert np.isnan(th.wilson_interval([0], [0])[0][0])


def test_prevalence_by_outlet_with_its_type_and_interval(dictionary):
    table = pd.DataFrame({"doc_id": ["a", "a", "b", "b", "c", "c"], "theme": ["pandemic", "unsc"] * 3,
                          "present": [True, False, True, True, False, False], "date": "2021-01-01",
                          "duplicate_of": ""})
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["Nhân Dân", "Nhân Dân", "Znews"],
                         "outlet_type": ["party_state", "party_state", "commercial_online"], "date": "2021-01-01"})
    out = th.prevalence_by(docs, table, "outlet").set_index(["outlet", "theme"])
    assert out.loc[("Nhân Dân", "pandemic"), ["outlet_type", "n_docs", "docs_with_theme", "prevalence"]].tolist() == [
        "party_state", 2, 2, 1.0]
    assert out.loc[("Znews", "unsc"), ["n_docs", "docs_with_theme", "prevalence"]].tolist() == [1, 0, 0.0]
    assert out.loc[("Nhân Dân", "unsc"), "ci_low"] == pytest.approx(th.wilson_interval([1], [2])[0][0])
    assert list(out.index.get_level_values(0).unique()) == ["Nhân Dân", "Znews"]  # largest group first
    by_type = th.prevalence_by(docs, table, "outlet_type")
    assert by_type.columns.tolist() == ["outlet_type", "theme", "n_docs", "docs_with_theme", "prevalence", "ci_low",
                                        "ci_high"]
    with pytest.raises(ParameterError, match="no column 'section'"):
        th.prevalence_by(docs, table, "section")
