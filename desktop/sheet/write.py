"""Build, render and save a sheet atomically, never over the proposal it was made from."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from checks.model import Review
from desktop.atomic import atomic_write_bytes
from desktop.sheet.content import build_sheet
from desktop.sheet.options import SheetOptions
from desktop.sheet.render import render_sheet
from extractors.errors import UpfrontError


class SheetTargetError(UpfrontError):
    """The chosen output path would destroy the input PDF (or is otherwise unusable)."""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def check_target(review: Review, target: Path) -> None:
    """Refuse a target that is the input PDF: the same file by path, or a file with the input's content."""
    source = Path(review.document.path)
    try:
        same_path = target.exists() and source.exists() and target.resolve() == source.resolve()
    except OSError:
        same_path = False
    if same_path:
        raise SheetTargetError(f"{target.name}: refusing to overwrite the proposal itself; choose another file name")
    if target.is_dir():
        raise SheetTargetError(f"{target}: is a folder; choose a file name for the sheet")
    if target.is_file() and review.document.sha256:
        try:
            same_content = _sha256(target) == review.document.sha256
        except OSError:
            same_content = False
        if same_content:
            raise SheetTargetError(f"{target.name}: is a copy of the proposal being checked; refusing to overwrite it")


def write_sheet(review: Review, path: str | os.PathLike[str], options: SheetOptions) -> Path:
    """Write the sheet PDF to ``path`` atomically and return the path; raises UpfrontError on refusal."""
    target = Path(path)
    check_target(review, target)
    data = render_sheet(build_sheet(review, options), options)
    return atomic_write_bytes(target, data)
