"""The functions every front end calls: a PDF path in, a Review out (``analyze``), and the same for the pages
without text read by OCR first (``analyze_ocr``; the CLI's ``--ocr`` and the window's OCR button)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace

from checks.doc_kind import classify
from checks.engine import run_pack
from checks.model import Review
from checks.partial import PartialFn, PartialReviews
from checks.rules import RulePack, default_pack
from extractors.limits import Limits
from extractors.model import PartyChoice
from extractors.pdf import CancelFn, ProgressFn, read_document
from extractors.pipeline import understand
from extractors.plain import document_from_text


def review_extraction(ex, pack: RulePack | None = None, partial: bool = False) -> Review:
    """Check an Extraction; ``partial`` when it holds only the pages read so far (see ``run_pack``)."""
    pack = pack or default_pack()
    if ex.kind == "contract":  # the extractors leave the kind open: the checks' classifier names it
        ex = replace(ex, kind=classify(ex))
    return Review.from_extraction(ex, run_pack(pack, ex, partial), pack.label)


def analyze(
    path: str | os.PathLike[str],
    pack: RulePack | None = None,
    on_progress: ProgressFn | None = None,
    is_cancelled: CancelFn | None = None,
    password: str | None = None,
    require_text: bool = True,
    on_partial: PartialFn | None = None,
    limits: Limits | None = None,
    choice: PartyChoice | None = None,
) -> Review:
    """Read, understand and check one PDF. Raises extractors.errors.UpfrontError subclasses only.

    ``require_text=False`` returns a (finding-less) Review for a fully scanned file instead of raising
    NoTextLayerError, so the window can still show its pages and offer OCR. ``on_partial`` receives reviews of
    the pages read so far while a long document is read (``checks.partial``); the returned Review is the whole.
    ``limits``: pages, time and memory the document may take (``extractors.limits.Limits``; default: its
    defaults). ``choice``: the user's word on who is the provider and who the customer.
    """
    pack = pack or default_pack()
    limits = limits or Limits()
    snapshots = None
    if on_partial is not None:
        snapshots = PartialReviews(lambda part: review_extraction(understand(part, choice), pack, partial=True),
                                   on_partial, is_cancelled=is_cancelled).offer
    doc = read_document(path, password, on_progress, is_cancelled, max_pages=limits.max_pages,
                        time_limit=limits.time_limit, require_text=require_text, max_memory_mb=limits.max_memory_mb,
                        on_snapshot=snapshots)
    return review_extraction(understand(doc, choice), pack)


def analyze_text(text: str, pack: RulePack | None = None, choice: PartyChoice | None = None) -> Review:
    return review_extraction(understand(document_from_text(text), choice), pack)


def analyze_ocr(
    path: str | os.PathLike[str],
    sha256: str,
    pages: list[int],
    pack: RulePack | None = None,
    on_progress: ProgressFn | None = None,
    is_cancelled: CancelFn | None = None,
    on_partial: PartialFn | None = None,
    limits: Limits | None = None,
    on_ocr_progress: ProgressFn | None = None,
    on_copy: Callable[[str], None] | None = None,
    choice: PartyChoice | None = None,
) -> Review:
    """Read ``pages`` of the PDF at ``path`` (whose content hash is ``sha256``) by OCR into a copy, check the
    copy, and name the review after ``path`` (``relabel_ocr_copy``). The input is only read.

    The copy is the cached one when it exists (``extractors.ocr.ocr_copy``); a cached copy found damaged is
    made again once from the original. ``on_ocr_progress(done, total)`` follows the OCR'd pages, then
    ``on_copy(copy path)`` is called before the copy is read (the window shows it), then ``on_progress`` and
    ``on_partial`` follow the analysis of the copy as in ``analyze`` (partial reviews named after ``path`` too).
    Raises UpfrontError subclasses only (OCR not installed or failed, cancelled, a limit …).
    """
    from extractors.errors import DamagedPdfError, NotAPdfError
    from extractors.ocr import ocr_copy, ocr_copy_path

    named = None
    if on_partial is not None:
        def named(part: Review) -> None:
            on_partial(relabel_ocr_copy(part, path, sha256, pages))

    def check(copy: os.PathLike[str]) -> Review:
        if on_copy is not None:
            on_copy(str(copy))
        return analyze(copy, pack, on_progress, is_cancelled, on_partial=named, limits=limits, choice=choice)

    cached = ocr_copy_path(sha256).is_file()
    copy = ocr_copy(path, sha256, pages, on_ocr_progress, is_cancelled)
    try:
        review = check(copy)
    except (DamagedPdfError, NotAPdfError):
        if not cached:
            raise
        review = check(ocr_copy(path, sha256, pages, on_ocr_progress, is_cancelled, fresh=True))
    return relabel_ocr_copy(review, path, sha256, pages)


def relabel_ocr_copy(review: Review, original_path: str | os.PathLike[str], original_sha256: str,
                     pages: list[int]) -> Review:
    """A review of an OCR copy, named after the original file (path and sha256) with a warning naming the
    OCR'd pages and the copy, so every front end labels, stores and exports it as the file the user chose."""
    copy = review.document.path
    note = f"pages {', '.join(map(str, pages))} were read by OCR (tesseract) from a copy: {copy}"
    document = replace(review.document, path=str(original_path), sha256=original_sha256,
                       warnings=(*review.document.warnings, note))
    return replace(review, document=document)
