"""Understanding speed (clauses, topics, facts, disclosures) against a reference version of the same code.

The reference is ``extractors/topics.py`` and ``extractors/clauses.py`` as committed at ``--ref`` (loaded from
git into private modules), run on the same rule data and the same facts/disclosures code as the working tree,
so the two outputs must be identical: the script asserts that clauses (ids, numbers, headings, offsets,
spans, topics, cues), facts and disclosures are equal for every document, then prints ms/page for both and
the ratio measured in the same run (the machine is shared, absolute times drift with load).

  uv run python bench/bench_understand.py                 # 40 cached CUAD documents, reference eed8312
  uv run python bench/bench_understand.py --docs 400 --ref HEAD --matches   # every rule's matches too

Documents come from the eval_cuad cache (/tmp/upfront-cache, pickled ``Document``s, or ``--cache DIR``); run
``bench/eval_cuad.py`` once to fill it.
"""

from __future__ import annotations

import argparse
import importlib.util
import pickle
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import extractors.disclosures as disclosures_mod  # noqa: E402
from extractors.facts import extract_facts  # noqa: E402
from extractors.model import Document, Extraction  # noqa: E402
from extractors.pipeline import understand  # noqa: E402

CACHE = Path("/tmp/upfront-cache")
REFERENCE = "eed8312"  # the last commit before the understanding stage was sped up


def _load_ref(rev: str, name: str) -> ModuleType:
    """``extractors/<name>.py`` as committed at ``rev``, imported as a private module."""
    src = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:extractors/{name}.py"], check=True,
                         capture_output=True, text=True).stdout
    spec = importlib.util.spec_from_loader(f"_ref_{name}", loader=None)
    assert spec is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    exec(compile(src, f"<{rev}:extractors/{name}.py>", "exec"), mod.__dict__)
    return mod


def _reference(rev: str):
    topics, clauses = _load_ref(rev, "topics"), _load_ref(rev, "clauses")

    def run(doc: Document) -> Extraction:
        cl = topics.classify_all(clauses.split_clauses(doc))
        facts = extract_facts(doc, cl)
        saved = disclosures_mod.valued_sentence
        disclosures_mod.valued_sentence = topics.valued_sentence
        try:
            return Extraction(doc, cl, facts, disclosures_mod.build_disclosures(cl, facts, doc))
        finally:
            disclosures_mod.valued_sentence = saved
    return run


def _documents(n: int, cache: Path = CACHE) -> list[Document]:
    docs = []
    for p in sorted(cache.glob("*.pkl")):
        with p.open("rb") as fh:
            d = pickle.load(fh)
        if isinstance(d, Document) and d.pages:
            docs.append(d)
        if len(docs) >= n:
            break
    return docs


def _same_matches(doc: Document) -> int:
    """Rules whose start-guided matches (``extractors.cue_search``) differ from plain ``finditer`` over the
    joined clause text (and over a copy with tabs and no-break spaces, which must take the plain path)."""
    from extractors import topics
    from extractors.clauses import split_clauses
    from extractors.cue_search import CueSearch

    texts = [c.text for c in split_clauses(doc)]
    low = topics._lower(topics.CLAUSE_GAP.join(" ".join(t.split()) for t in texts))
    odd = low.replace(" ", "\t", 50).replace(" ", "\u00a0", 50)
    bad = 0
    for text in (low, odd):
        search = CueSearch(text)
        for rule in topics.rules():
            got = [m.span() for m in search.finditer(rule.cue)]
            bad += got != [m.span() for m in rule.cue.finditer(text)]
    return bad


def _timed(fn, doc: Document) -> tuple[Extraction, float]:
    t = time.perf_counter()
    out = fn(doc)
    return out, time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=40)
    ap.add_argument("--ref", default=REFERENCE, help="git revision of the reference topics.py / clauses.py")
    ap.add_argument("--repeat", type=int, default=1, help="runs per document and version (the fastest counts)")
    ap.add_argument("--matches", action="store_true",
                    help="also compare every rule's matches with plain finditer (slower)")
    ap.add_argument("--cache", type=Path, default=CACHE, help="folder of eval_cuad's cached Documents")
    args = ap.parse_args()
    docs = _documents(args.docs, args.cache)
    if not docs:
        print(f"no cached documents under {args.cache}: run bench/eval_cuad.py first")
        return 2
    ref = _reference(args.ref)
    pages = sum(len(d.pages) for d in docs)
    t_ref = t_new = 0.0
    bad = 0
    for d in docs:
        a, b = [], []
        for _ in range(args.repeat):  # interleaved so load drift hits both alike
            old, ta = _timed(ref, d)
            new, tb = _timed(understand, d)
            a.append(ta)
            b.append(tb)
        t_ref += min(a)
        t_new += min(b)
        same = (old.clauses == new.clauses and old.facts == new.facts and old.disclosures == new.disclosures)
        if args.matches and (n := _same_matches(d)):
            print(f"DIFFERENT MATCHES: {Path(d.path).name}: {n} rules")
            same = False
        if not same:
            bad += 1
            print(f"DIFFERENT: {Path(d.path).name}")
            for x, y in zip(old.clauses, new.clauses, strict=False):
                if x != y:
                    print(f"  first clause difference:\n    ref {x.id} {x.topics} {x.cues}"
                          f"\n    new {y.id} {y.topics} {y.cues}")
                    break
            if len(old.clauses) != len(new.clauses):
                print(f"  clauses: ref {len(old.clauses)} new {len(new.clauses)}")
    print(f"{len(docs)} documents, {pages} pages; identical output: {len(docs) - bad}/{len(docs)}")
    print(f"reference ({args.ref}): {1000 * t_ref / pages:.2f} ms/page ({t_ref:.2f} s)")
    print(f"working tree:        {1000 * t_new / pages:.2f} ms/page ({t_new:.2f} s)")
    print(f"ratio new/reference: {t_new / t_ref:.3f}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
