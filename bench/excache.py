"""Cached understanding of a PDF for the evaluation scripts: read once, understood once per code version.

Reading a PDF is cached by bench/eval_cuad.py (keyed by the reader's code); the Extraction made from it is
cached here under /tmp/upfront-excache, keyed by the PDF's sha256 and a hash of every module and data file
of extractors/ and resources/extract/, so changing a rule pack re-scores in seconds and changing the
extractors re-understands only what changed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import cache
from pathlib import Path

from bench.eval_cuad import cached_document, reader_version

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("UPFRONT_EXCACHE", "/tmp/upfront-excache"))


@cache
def understanding_version() -> str:
    h = hashlib.sha256()
    for folder, pattern in (("extractors", "*.py"), ("resources/extract", "*.toml"), ("resources", "topics.toml")):
        for f in sorted((ROOT / folder).glob(pattern)):
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:12]


def cached_extraction(pdf: Path):
    """The Extraction of a PDF (a failure to read it is returned as a string)."""
    from extractors.pipeline import understand

    doc = cached_document(pdf, reader_version(), True)
    if isinstance(doc, str):
        return doc
    target = CACHE / f"{doc.sha256}-{understanding_version()}.pkl"
    if target.exists():
        with target.open("rb") as fh:
            ex = pickle.load(fh)
        return ex
    ex = understand(doc)
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    with tmp.open("wb") as fh:
        pickle.dump(ex, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, target)
    return ex
