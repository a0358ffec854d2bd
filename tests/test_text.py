"""Text stage: underthesea segmentation, the on-disk cache and the parallel path."""

from __future__ import annotations

import pandas as pd
from underthesea import pos_tag, word_tokenize

from vnnews import text, workers
from vnnews.cache import Items
from vnnews.corpus import load_corpus

SENTENCE = "Bộ trưởng Ngoại giao Bùi Thanh Sơn điện đàm với Ngoại trưởng Nga Sergei Lavrov."


def one_doc(tmp_path, body: str, title: str = "Tiêu đề bài báo") -> pd.DataFrame:
    (tmp_path / "a.txt").write_text(f"{title}\n{body}\n", encoding="utf-8")
    return load_corpus(tmp_path)


def test_multi_syllable_words_are_whole(tmp_path):
    sentences = text.segment(one_doc(tmp_path, SENTENCE))
    body = sentences[sentences.part == "body"]
    assert body.words.iloc[0] == ("Bộ trưởng", "Ngoại giao", "Bùi Thanh Sơn", "điện đàm", "với", "Ngoại trưởng",
                                  "Nga", "Sergei Lavrov", ".")
    assert body.text.iloc[0] == SENTENCE
    assert text.word_counts(sentences).to_dict() == {"a": 8 + 3}  # body without the full stop + 3 title words


def test_headline_is_a_sentence_unless_it_is_a_url_slug(tmp_path):
    sentences = text.segment(one_doc(tmp_path, SENTENCE))
    assert sentences[["part", "para", "sent"]].values.tolist() == [["title", 0, 0], ["body", 1, 0]]
    slug = text.segment(one_doc(tmp_path, SENTENCE, title="bo truong ngoai giao dien dam"))
    assert slug.part.tolist() == ["body"]


def test_seeds_segment_into_sentences_with_original_text(seeds):
    sentences = text.segment(load_corpus(seeds))
    assert sentences.groupby("doc_id").size().to_dict() == {
        "000_8029fa2526a562f7": 13, "001_df604d269652025b": 12, "002_878f7d2422501cef": 11,
        "003_63f7455e758c090b": 16, "004_1ff07973a5484962": 26}
    words = {w for ws in sentences.words for w in ws}
    assert {"Bộ trưởng", "Liên bang", "hợp tác", "Bùi Thanh Sơn", "Hội đồng"} <= words
    lavrov = sentences[sentences.text.str.startswith("Tại cuộc điện đàm, Ngoại trưởng Sergei Lavrov")]
    assert lavrov.doc_id.tolist() == ["000_8029fa2526a562f7"]


def test_the_cache_is_reused_and_keyed_by_text_and_versions(tmp_path, monkeypatch):
    corpus = one_doc(tmp_path, SENTENCE)
    cache = Items("segment", text.versions(), tmp_path / "cache")
    first = text.segment(corpus, cache=cache)
    assert len(list((tmp_path / "cache" / "segment").rglob("*.json"))) == 1

    def fail(paragraphs):
        raise AssertionError("segmented again despite the cache")

    monkeypatch.setattr(text, "segment_paragraphs", fail)
    pd.testing.assert_frame_equal(text.segment(corpus, cache=cache), first)

    other = Items("segment", text.versions() + ";underthesea=next", tmp_path / "cache")
    assert other.key(["a"]) != cache.key(["a"])
    assert cache.key(["a"]) != cache.key(["b"])


def test_cache_location_follows_vnnews_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("VNNEWS_CACHE", str(tmp_path / "elsewhere"))
    text.segment(one_doc(tmp_path, SENTENCE))
    assert len(list((tmp_path / "elsewhere" / "segment").rglob("*.json"))) == 1


def test_run_on_sentences_are_cut_into_pieces_for_the_tagger():
    sentence = " ".join(["hợp tác"] * 1000)
    pieces = text._pieces(sentence)
    assert max(len(p) for p in pieces) <= text.MAX_SENTENCE_CHARS
    assert " ".join(pieces) == sentence


def test_parallel_workers_give_the_same_result(seeds, tmp_path, monkeypatch):
    corpus = load_corpus(seeds)
    serial = text.segment(corpus, workers=1, cache=Items("segment", text.versions(), tmp_path / "serial"))
    monkeypatch.setattr(workers, "PARALLEL_MIN_CHARS", 0)
    parallel = text.segment(corpus, workers=2, cache=Items("segment", text.versions(), tmp_path / "parallel"))
    pd.testing.assert_frame_equal(serial, parallel)


def test_pos_tags_one_sentence_at_a_time_and_cached(tmp_path, monkeypatch):
    cache = Items("pos", text.versions(), tmp_path / "cache")
    words = [tuple(word_tokenize(SENTENCE)), ("Hai", "bên", "trao đổi", ".")]
    tagged = text.pos_tags(words, cache=cache)
    assert tagged[0][:3] == [["Bộ trưởng", "N"], ["Ngoại giao", "N"], ["Bùi Thanh Sơn", "Np"]]
    assert [tag for _, tag in tagged[1]] == ["M", "N", "V", "CH"]
    monkeypatch.setattr(text, "tag_words", lambda s: (_ for _ in ()).throw(AssertionError("tagged again")))
    assert text.pos_tags(words[:1], cache=cache)[0] == tagged[0]


def test_tagging_segmented_words_gives_underthesea_pos_tag_on_the_text(seeds):
    """Our one-pass features must be underthesea's: every seed sentence, long ones included, tags identically."""
    sentences = text.segment(load_corpus(seeds))
    assert sentences["text"].str.len().max() > 400
    for sentence, words in sentences[["text", "words"]].itertuples(index=False):
        assert text.tag_words(list(words)) == [[word, tag] for word, tag in pos_tag(sentence)]
