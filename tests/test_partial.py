"""Results while a document is read: snapshots of the pages read so far, paced, and never wrong in kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.analyze import analyze, review_extraction
from checks.engine import run_pack
from checks.model import Review
from checks.partial import PartialReviews, is_partial, pages_read
from checks.rules import default_pack
from extractors.model import Document
from extractors.pdf import read_document
from extractors.pipeline import understand
from extractors.plain import document_from_text


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _text_doc() -> Document:
    return document_from_text("1. Support. We respond quickly to every request.")


def _review(doc: Document) -> Review:
    return review_extraction(understand(doc), partial=True)


def test_snapshots_are_paced_by_time_and_growth_and_skip_the_last_third() -> None:
    clock = FakeClock()
    got: list[Review] = []
    built: list[int] = []
    pacer = PartialReviews(_review, got.append, interval=1.0, growth=3.0, clock=clock)

    def offer(done: int, total: int = 300) -> None:
        pacer.offer(done, total, lambda: built.append(done) or _text_doc())

    offer(5)  # no time has passed: nothing
    clock.now = 1.0
    offer(6)  # the first snapshot
    clock.now = 1.5
    offer(30)  # grown enough, but within the interval
    clock.now = 2.5
    offer(17)  # past the interval, but not grown three times
    offer(18)  # 3 x 6 pages: taken
    clock.now = 9.0
    offer(201)  # grown and in time, but in the last third: the whole review is near
    offer(300)
    assert built == [6, 18]
    assert [pages_read(r) for r in got] == [(6, 300), (18, 300)]
    assert all(is_partial(r) for r in got)


def test_snapshots_stay_within_their_share_of_the_reading_time() -> None:
    clock = FakeClock()
    got: list[Review] = []

    def costly(doc: Document) -> Review:  # each snapshot costs 0.01 s per page read
        clock.now += 0.01 * pages_now[0]
        return _review(doc)

    pages_now = [0]
    pacer = PartialReviews(costly, got.append, interval=1.0, growth=2.0, budget=0.25, clock=clock)
    for done in range(1, 1001):  # reading: 0.02 s per page
        clock.now += 0.02
        pages_now[0] = done
        pacer.offer(done, 1000, _text_doc)
    taken = [pages_read(r)[0] for r in got]
    # the first at 1 s (50 pages, 0.5 s); 100 pages would cost ~1 s more: 1.5 s > 25% of 2 s of reading, and so on
    assert taken[0] == 50
    reading = 0.02 * 1000
    assert 0.01 * sum(taken) <= 0.25 * reading + 0.01 * taken[-1]  # within budget, the last estimate aside
    assert len(taken) < 5


def test_a_failing_snapshot_stops_the_previews_but_not_the_reading(caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock()
    got: list[Review] = []
    calls: list[int] = []

    def broken(doc: Document) -> Review:
        calls.append(1)
        raise ValueError("bug in a preview")

    pacer = PartialReviews(broken, got.append, interval=0.0, growth=1.0, budget=float("inf"), clock=clock)
    for done in range(1, 10):
        pacer.offer(done, 100, _text_doc)
    assert calls == [1] and got == []
    assert "partial review of 1/100 pages" in caplog.text


def test_a_cancel_stops_a_snapshot_between_its_stages() -> None:
    cancelled = [False]
    built: list[int] = []
    checked: list[int] = []
    got: list[Review] = []

    def build() -> Document:
        built.append(1)
        cancelled[0] = True  # the user presses Cancel while the pages are laid out
        return _text_doc()

    pacer = PartialReviews(lambda doc: checked.append(1) or _review(doc), got.append, interval=0.0, growth=1.0,
                           budget=float("inf"), is_cancelled=lambda: cancelled[0])
    pacer.offer(1, 10, build)
    assert built == [1] and checked == [] and got == []
    pacer.offer(2, 10, build)
    assert built == [1]  # nothing more is started once cancelled


def test_no_snapshot_while_no_page_read_has_text() -> None:
    got: list[Review] = []
    scanned = Document(path="scan.pdf", sha256="", pages=(), words=(), word_starts=(), text="")
    pacer = PartialReviews(_review, got.append, interval=0.0, growth=1.0, budget=float("inf"))
    pacer.offer(1, 10, lambda: scanned)
    assert got == []


def test_a_snapshot_holds_only_the_pages_read_so_far(problem_sample: Path) -> None:
    seen: list[tuple[int, tuple[int, ...], set[int]]] = []

    def on_snapshot(done: int, total: int, build) -> None:
        doc = build()
        seen.append((done, tuple(p.number for p in doc.pages), {w.page for w in doc.words}))

    whole = read_document(problem_sample, on_snapshot=on_snapshot)
    assert [done for done, _, _ in seen] == list(range(1, len(whole.pages) + 1))
    for done, numbers, word_pages in seen:
        assert numbers == tuple(range(1, done + 1))
        assert word_pages and max(word_pages) <= done


def test_partial_reviews_carry_no_document_level_findings_and_agree_with_the_whole(problem_sample: Path) -> None:
    pack = default_pack()
    got: list[Review] = []
    pacer = PartialReviews(lambda doc: review_extraction(understand(doc), pack, partial=True), got.append,
                           interval=0.0, growth=1.0, budget=float("inf"))
    whole = review_extraction(understand(read_document(problem_sample, on_snapshot=pacer.offer)), pack)
    assert [pages_read(r)[0] for r in got] == [1, 2, 3]  # 5 pages: none in the last third
    document_rules = {r.id for r in pack.rules if r.scope == "document"}
    assert any(f.rule_id in document_rules for f in whole.findings)
    whole_keys = {f.key for f in whole.findings}
    for review in got:
        done, _ = pages_read(review)
        assert not any(f.rule_id in document_rules for f in review.findings)
        assert all(f.page <= done for f in review.findings if f.span)
        # what was found on the pages before the last one read stands in the whole review
        settled = [f for f in review.findings if f.span and f.page < done]
        assert {f.key for f in settled} <= whole_keys
    assert got[-1].findings, "three pages of the problem sample already hold findings"


def test_run_pack_partial_runs_only_sentence_and_clause_rules(problem_sample: Path) -> None:
    pack = default_pack()
    ex = understand(read_document(problem_sample))
    full = {f.rule_id for f in run_pack(pack, ex)}
    part = {f.rule_id for f in run_pack(pack, ex, partial=True)}
    scopes = {r.id: r.scope for r in pack.rules}
    assert part == {rid for rid in full if scopes[rid] != "document"}
    assert part != full


def test_analyze_returns_the_whole_review_and_no_partial_for_a_short_file(problem_sample: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import functools

    from checks import analyze as analyze_module

    clock = FakeClock()  # time stands still: the file is read "within the interval", whatever the machine's load
    monkeypatch.setattr(analyze_module, "PartialReviews", functools.partial(PartialReviews, clock=clock))
    got: list[Review] = []
    review = analyze(problem_sample, on_partial=got.append)
    assert not is_partial(review)
    assert pages_read(review) == (5, 5)
    assert got == []
