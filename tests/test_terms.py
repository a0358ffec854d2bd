"""Terms: counts, keyness, collocations and KWIC against values computed by hand; the seeds' top terms."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers import sentences_of
from vnnews import terms as vt
from vnnews import tokens as tk
from vnnews.study import Study

# a = 2020 article, b = 2021 article
HAND = sentences_of({
    "a": [["Hợp tác", "với", "Nga", "và", "hợp tác", "vaccine", "."]],
    "b": [["Nga", "Nga", "vắc-xin", "kinh tế", "hợp tác", "Nga", "."]],
})
HAND_CORPUS = pd.DataFrame({"doc_id": ["a", "b"], "status": "loaded", "date": ["2020-05-29", "2021-04-27"],
                            "duplicate_of": ""})


def test_term_tokens_normalise_variants_case_and_stopwords():
    tokens = tk.term_tokens(HAND)
    assert tokens.term.tolist() == ["hợp tác", "với", "Nga", "và", "hợp tác", "vaccine",
                                    "Nga", "Nga", "vaccine", "kinh tế", "hợp tác", "Nga"]
    assert tokens[~tokens.is_content].term.tolist() == ["với", "và"]
    assert tokens.variant.tolist()[8] and tokens.word.tolist()[8] == "vắc-xin"


def test_frequency_counts_by_hand():
    table = vt.frequency(tk.term_tokens(HAND), HAND, top_n=10)
    # 12 words in all (punctuation excluded): hợp tác 3, Nga 4, vaccine 2, kinh tế 1
    assert table[["term", "count", "doc_freq"]].values.tolist() == [
        ["Nga", 4, 2], ["hợp tác", 3, 2], ["vaccine", 2, 2], ["kinh tế", 1, 1]]
    assert table.per_10k.tolist() == pytest.approx([4 / 12 * 1e4, 3 / 12 * 1e4, 2 / 12 * 1e4, 1 / 12 * 1e4])


def test_keyness_by_hand():
    tokens = tk.term_tokens(HAND)
    groups = vt.document_groups(HAND_CORPUS.assign(title="", paragraphs=[[], []], audit=[[], []]))
    assert groups.to_dict() == {"a": "2020", "b": "2021"}
    key = vt.keyness(tokens, groups, "2020", "2021").set_index("term")
    # sizes: 2020 has 6 words, 2021 has 6 words. "hợp tác": 2 vs 1.
    e = 3 * 6 / 12
    g2 = 2 * (2 * math.log(2 / e) + 1 * math.log(1 / e))
    assert key.loc["hợp tác", "g2"] == pytest.approx(g2)
    assert key.loc["hợp tác", "log_ratio"] == pytest.approx(math.log2((2 / 6) / (1 / 6)))
    assert key.loc["hợp tác", "key_for"] == "2020"
    # "kinh tế" only in 2021: the zero count is taken as 0.5 for the log ratio
    assert key.loc["kinh tế", "log_ratio"] == pytest.approx(math.log2((0.5 / 6) / (1 / 6)))
    assert key.loc["kinh tế", "g2"] == pytest.approx(2 * 1 * math.log(1 / 0.5))
    # chi-square tail with 1 d.f. = erfc(sqrt(G²/2))
    assert key.loc["kinh tế", "p_value"] == pytest.approx(math.erfc(math.sqrt(math.log(2))))
    assert key.loc["Nga", "key_for"] == "2021"
    assert list(key.key_for) == sorted(key.key_for)  # 2020's key terms first


def test_collocations_by_hand():
    sents = sentences_of({"a": [["quan hệ", "đối tác", "chiến lược"], ["quan hệ", "đối tác"], ["đối tác", "Nga"]]})
    table = vt.collocations(tk.term_tokens(sents), min_count=2).set_index("collocation")
    assert list(table.index) == ["quan hệ đối tác"]
    # pairs: quan hệ|đối tác ×2, đối tác|chiến lược, đối tác|Nga: N = 4; O11 = 2, R1 = 2, C1 = 2, E11 = 1
    o = [2, 0, 0, 2]
    e = [1, 1, 1, 1]
    assert table.loc["quan hệ đối tác", "g2"] == pytest.approx(2 * sum(x * math.log(x / y) for x, y in zip(o, e) if x))
    assert table.loc["quan hệ đối tác", "pmi"] == pytest.approx(1.0)


def test_stopwords_break_collocation_adjacency():
    sents = sentences_of({"a": [["hợp tác", "và", "phát triển"]] * 3})
    assert vt.collocations(tk.term_tokens(sents), min_count=1).empty


def test_kwic_shows_the_original_text_around_each_hit():
    sents = sentences_of({"a": [["Việt Nam", "là", "Ủy viên", "HĐBA", "LHQ", "."]]})
    sents.loc[0, "text"] = "Việt Nam là Ủy viên HĐBA LHQ."
    hits = vt.kwic(tk.term_tokens(sents), sents, HAND_CORPUS, ["Hội đồng Bảo an", "ủy viên"], window=10)
    assert hits[["query", "left", "match", "right"]].values.tolist() == [
        ["Hội đồng Bảo an", "à Ủy viên", "HĐBA", "LHQ."], ["ủy viên", "ệt Nam là", "Ủy viên", "HĐBA LHQ."]]


def test_trends_fill_empty_periods_with_zero():
    table = vt.trends(tk.term_tokens(HAND), HAND_CORPUS, ["Nga"], "Q")
    assert table.period.tolist() == ["2020Q2", "2020Q3", "2020Q4", "2021Q1", "2021Q2"]
    assert table["count"].tolist() == [1, 0, 0, 0, 3]
    assert table.per_10k.tolist() == pytest.approx([1 / 6 * 1e4, 0, 0, 0, 3 / 6 * 1e4])


def test_case_folding_keeps_names_apart_from_common_words():
    sents = sentences_of({"a": [["Bộ trưởng", "nói"], ["ông", "bộ trưởng", "nói"], ["Ông", "Sơn", "nói", "sơn"],
                                ["Nam", "đến"], ["đi", "Nam"]]})
    terms = tk.term_tokens(sents).term.tolist()
    assert terms.count("bộ trưởng") == 2  # multi-syllable: one word, in its form inside sentences
    assert terms.count("ông") == 2  # "Ông" opens a sentence and "ông" exists
    assert terms.count("Sơn") == 1 and terms.count("sơn") == 1  # a name inside a sentence stays a name
    assert terms.count("Nam") == 2  # no common "nam" in the corpus: nothing to fold into


def test_bad_group_parameters_are_clear_errors():
    groups = pd.Series({"a": "2020", "b": "2021"})
    assert vt.choose_groups(groups, []) == ("2020", "2021")
    with pytest.raises(vt.ParameterError, match="keyness_groups must name two of the groups 2020, 2021"):
        vt.choose_groups(groups, ["2019", "2021"])
    with pytest.raises(vt.ParameterError, match="no column 'section'"):
        vt.document_groups(HAND_CORPUS.assign(title=""), "section")


# --- the seeds -----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_terms(seeds):
    study = Study(seeds)
    return study.corpus, study.sentences, study.counted_tokens


def test_seed_top_terms_are_whole_vietnamese_words(seed_terms):
    corpus, sentences, tokens = seed_terms
    top = vt.frequency(tokens, sentences, top_n=40)
    assert top.term.head(5).tolist() == ["Bộ trưởng", "Việt Nam", "Nga", "Bùi Thanh Sơn", "Liên bang Nga"]
    assert top.set_index("term").loc["Bộ trưởng", "count"] == 39  # 004 (a duplicate of 003) not counted
    assert {"hợp tác", "Hội đồng Bảo an", "vaccine", "COVID-19", "Ngoại trưởng"} <= set(top.term)
    assert not {"và", "của", "các", "đã", "bộ", "trưởng", "liên", "bang"} & set(top.term.str.lower())


def test_no_term_comes_from_site_boilerplate(seed_terms):
    _, _, tokens = seed_terms
    every_term = set(tokens.term)
    assert not {"Tô Lâm", "Bính Ngọ", "Gaza", "Donald Trump", "PNTĐ", "Phản hồi", "Quốc Đạt"} & every_term


def test_seed_keyness_2020_against_2021(seed_terms):
    corpus, _, tokens = seed_terms
    key = vt.keyness(tokens, vt.document_groups(corpus), "2020", "2021")
    top_2020 = key[key.key_for == "2020"].term.head(2).tolist()
    assert top_2020 == ["Phó Thủ tướng", "Phạm Bình Minh"]  # equal G², then by term
    assert key[key.key_for == "2021"].term.iloc[0] == "Bùi Thanh Sơn"


def test_group_sizes_and_keyness_with_a_missing_group():
    tokens = tk.term_tokens(HAND)
    groups = pd.Series({"a": "2020", "b": "2021"})
    assert vt.group_sizes(tokens, groups).to_dict("index") == {"2020": {"documents": 1, "words": 6},
                                                               "2021": {"documents": 1, "words": 6}}
    empty = vt.keyness(tokens, groups, "2020", "2019")
    assert empty.empty and empty.columns.tolist() == vt.KEYNESS_COLUMNS


def test_dispersion_places_each_occurrence_in_its_document_by_hand():
    table = vt.dispersion(tk.term_tokens(HAND), HAND_CORPUS, ["hợp tác"])
    # a: hợp tác · với · Nga · và · hợp tác · vaccine (6 words); b: Nga · Nga · vaccine · kinh tế · hợp tác · Nga
    assert table[["doc_id", "date", "word", "doc_words"]].values.tolist() == [
        ["a", "2020-05-29", 0, 6], ["a", "2020-05-29", 4, 6], ["b", "2021-04-27", 4, 6]]
    assert table["position"].tolist() == pytest.approx([0, 4 / 6, 4 / 6])
    assert vt.dispersion(tk.term_tokens(HAND), HAND_CORPUS, []).columns.tolist() == vt.DISPERSION_COLUMNS


def test_one_group_is_compared_with_all_the_others():
    groups = pd.Series({"a": "party_state", "b": "commercial_online", "c": "provincial"})
    labels, pair = vt.compare_groups(groups, ["party_state"])
    assert pair == ("party_state", "not party_state")
    assert labels.to_dict() == {"a": "party_state", "b": "not party_state", "c": "not party_state"}
    assert vt.compare_groups(groups, [])[1] == ("commercial_online", "party_state")
    with pytest.raises(vt.ParameterError, match="no group 'rfa'"):
        vt.compare_groups(groups, ["rfa"])


def test_the_word_list_holds_every_content_term(seed_terms):
    _, sentences, tokens = seed_terms
    table = vt.frequency(tokens, sentences, top_n=40)
    content = tokens.loc[tokens.is_content, "term"].value_counts()
    content = content[content > 0]  # terms are a Categorical: its counts list every category of the vocabulary
    assert len(table) == 276 and table["term"].is_unique  # hundreds of terms on five articles, not 40
    missing = content[~content.index.isin(table.term)]  # only terms tagged as function words are left out
    assert len(missing) and (missing >= content.sort_values(ascending=False).iloc[3 * 40 - 1]).all()
    assert table["pos"].head(40).ne("").all() and table["pos"].iloc[-1] == ""  # tagged where a candidate
    assert (table["count"].diff().dropna() <= 0).all()


def test_term_tokens_are_the_same_whatever_the_batch_of_sentences(monkeypatch):
    sents = sentences_of({"a": [["Ông", "Sơn", "nói"], ["HĐBA LHQ", "họp", "."]],
                          "b": [["ông", "Sơn", "đến", "Liên Hợp Quốc"], ["Nga", "2021", "."]]})
    whole = tk.term_tokens(sents, ("họp",))
    monkeypatch.setattr(tk, "TOKEN_BATCH", 1)  # every sentence a batch of its own
    pd.testing.assert_frame_equal(tk.term_tokens(sents, ("họp",)), whole)
    assert whole.sid.tolist() == [0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 3, 3]
    assert whole.term.tolist()[:2] == ["ông", "Sơn"]  # folded with the "ông" of another batch
    assert whole.term.tolist()[3:6] == ["Hội đồng Bảo an", "Liên Hợp Quốc", "họp"]  # an abbreviation split in two
    assert whole.is_content.tolist()[5] is False and whole.is_content.tolist()[11] is False  # stopword, number
    assert whole.sid.dtype == "int32" and whole.start.dtype == "int32"


def test_the_index_finds_the_same_in_tokens_out_of_order():
    tokens = tk.term_tokens(HAND)
    shuffled = tokens.sample(frac=1, random_state=0)
    index, other = tk.TermIndex(tokens), tk.TermIndex(shuffled)
    assert other.text == index.text == "hợp tác với nga và hợp tác vaccine\nnga nga vaccine kinh tế hợp tác nga"
    pd.testing.assert_frame_equal(other.find("hợp tác"), index.find("hợp tác"))
    assert index.find("hợp tác")["first"].tolist() == [0, 4, 10]


def test_the_index_keeps_only_what_searches_read_in_its_own_arrays():
    tokens = tk.term_tokens(HAND)
    index = tk.TermIndex(tokens)
    assert list(index.tokens.columns) == ["doc", "sid", "start", "end"]
    assert not any(np.shares_memory(index.tokens[c].to_numpy(), tokens[c].to_numpy()) for c in tk.INDEX_COLUMNS)
    assert index.doc_ids(np.array([0, 5, 6, 11])).tolist() == ["a", "a", "b", "b"]


def test_counted_tokens_are_the_same_frame_when_no_document_is_dropped():
    tokens = tk.term_tokens(HAND)
    docs = pd.DataFrame({"doc_id": sorted(set(tokens["doc_id"]))})
    assert tk.of_documents(tokens, docs) is tokens
    kept = tk.of_documents(tokens, docs.iloc[:1])
    assert set(kept["doc_id"]) == {docs["doc_id"].iloc[0]} and kept.index.tolist() == list(range(len(kept)))


def test_term_codes_number_terms_in_sorted_order():
    codes, names = tk.term_codes(pd.Series(["Nga", "hợp tác", "Nga", "Hợp tác", "vaccine"], dtype="str"))
    assert names.tolist() == ["Hợp tác", "Nga", "hợp tác", "vaccine"]
    assert codes.tolist() == [1, 2, 1, 0, 3]


def test_tfidf_with_term_codes_is_the_vectorizer_on_the_strings():
    from sklearn.feature_extraction.text import TfidfVectorizer

    tokens = tk.term_tokens(HAND)
    content = tokens[tokens["is_content"]]
    docs = content.groupby("doc_id")["term"].apply(list)
    matrix = TfidfVectorizer(analyzer=lambda terms: terms, lowercase=False).fit_transform(docs.tolist()).tocoo()
    table = vt.tfidf(tokens, top_n=100)
    expected = sorted(zip(docs.index[matrix.row], matrix.data))
    assert sorted(zip(table["doc_id"], table["tfidf"])) == expected  # the very same floats
