"""Cutting what reps may see into passages an answer can quote."""

from enablement.search import passages


def test_a_passage_is_whole_sentences_within_the_word_limit():
    paragraph = " ".join(f"Sentence number {n} has five words." for n in range(40))
    found = passages.chunks(paragraph, max_words=20)
    assert all(len(chunk.split()) <= 20 for chunk in found)
    assert all(chunk.endswith("words.") for chunk in found)
    assert " ".join(found) == paragraph


def test_a_sentence_longer_than_a_passage_is_cut_at_words():
    found = passages.chunks("word " * 250, max_words=80)
    assert [len(chunk.split()) for chunk in found] == [80, 80, 80, 10]


def test_abbreviations_and_decimals_do_not_end_a_sentence():
    assert passages.sentences("Uptime is 99.9 percent, e.g. in March. Then it rose.") == [
        "Uptime is 99.9 percent, e.g. in March.", "Then it rose."]


def test_attached_documents_are_cut_page_by_page_and_never_across_pages():
    text = "Page one words. Page two words. Page three words."
    starts = [0, 16, 32]
    found = passages.from_attachment(5, "a.pdf", text, starts)
    assert [(p.page, p.text) for p in found] == [
        (1, "Page one words."), (2, "Page two words."), (3, "Page three words.")]
    assert passages.page_at(starts, 20) == 2
    unknown = passages.from_attachment(5, "a.docx", text, None)
    assert [p.page for p in unknown] == [None]
