"""Actor and stance accuracy of the statement frame against hand labels, per half of the dev documents.

usage: uv run python bench/eval_statements.py [--set wording|proposals|both] [--errors actor|stance] [--half tune]

The labels: ../shared/corpus/cuad-dev/wording_v2.jsonl (600 sentences of real contracts, each with the actor
its main commitment binds and its stance) and ../shared/corpus/proposals-dev/vague_sentences.jsonl (582
proposal sentences). Each labelled sentence is found in the read document; the frame compared is that of the
statement where the sentence starts (its first piece). Prints accuracy and a confusion table per class for
the tune half, the held-apart half and the whole; ``--errors`` lists the tune half's mistakes.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.devsplit import HALVES, SentenceFinder, half_of  # noqa: E402
from bench.eval_cuad import cached_document, reader_version  # noqa: E402
from extractors.model import ACTORS, STANCES  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
SETS = {"wording": (SHARED / "cuad-dev" / "wording_v2.jsonl", SHARED / "cuad-dev"),
        "proposals": (SHARED / "proposals-dev" / "vague_sentences.jsonl", SHARED / "proposals-dev")}


def framed_rows(label_file: Path, corpus: Path) -> list[dict]:
    """Each labelled row with the predicted actor / stance / family (or None when the sentence was not found)."""
    from extractors.pipeline import understand

    rows = [json.loads(line) for line in label_file.read_text().splitlines() if line.strip()]
    by_pdf: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_pdf[r["pdf"]].append(r)
    version = reader_version()
    out = []
    for pdf, items in sorted(by_pdf.items()):
        doc = cached_document(corpus / pdf, version, True)
        if isinstance(doc, str):
            continue
        ex = understand(doc)
        from extractors.statements import StatementIndex

        index = StatementIndex(ex.statements)
        finder = SentenceFinder(doc.text)
        for r in items:
            where = finder.find(r["sentence"])
            found = index.within(*where) if where else []
            # the sentence's main statement: its first piece that is more than a heading or lead-in fragment
            st = next((f for f in found if f.stance != "fragment"), found[0] if found else None)
            out.append({**r, "half": half_of(pdf), "pred": st})
    return out


def report(rows: list[dict], field: str, classes: tuple[str, ...]) -> None:
    for half in (*HALVES, "whole"):
        chosen = [r for r in rows if half == "whole" or r["half"] == half]
        found = [r for r in chosen if r["pred"] is not None]
        ok = sum(getattr(r["pred"], field) == r[field] for r in found)
        print(f"{field} [{half:5s}] {ok}/{len(chosen)} = {ok / max(1, len(chosen)):.3f} "
              f"(not found: {len(chosen) - len(found)})")
    confusion = Counter((r[field], getattr(r["pred"], field)) for r in rows if r["pred"] is not None)
    print(f"  confusion, whole (rows: gold, columns: predicted) {field}")
    print("  " + " " * 12 + "".join(f"{c[:10]:>11s}" for c in classes))
    for gold in classes:
        print(f"  {gold[:12]:12s}" + "".join(f"{confusion[(gold, p)]:11d}" for p in classes))


def family_report(rows: list[dict], show: bool, half: str, limit: int) -> None:
    """Boilerplate families against the labels: sentences the guidelines exclude as a kind of clause
    (reason excluded_clause) should sit in a boilerplate family, flagged sentences never."""
    from extractors.families import boilerplate

    skip = boilerplate()
    for h in (*HALVES, "whole"):
        chosen = [r for r in rows if r["pred"] is not None and (h == "whole" or r["half"] == h)]
        excluded = [r for r in chosen if r.get("reason") == "excluded_clause"]
        flagged = [r for r in chosen if r.get("flag")]
        caught = sum(r["pred"].family in skip for r in excluded)
        lost = sum(r["pred"].family in skip for r in flagged)
        print(f"family [{h:5s}] excluded clauses in a boilerplate family {caught}/{len(excluded)}; "
              f"flagged sentences in one {lost}/{len(flagged)}")
    if show:
        shown = 0
        for r in rows:
            if r["pred"] is None or (half != "whole" and r["half"] != half) or shown >= limit:
                continue
            wrong = (r.get("reason") == "excluded_clause") != (r["pred"].family in skip)
            if wrong and (r.get("reason") == "excluded_clause" or r.get("flag")):
                shown += 1
                print(f"- family={r['pred'].family} reason={r.get('reason') or 'FLAG'} note={r.get('note', '')!r} "
                      f"| {' '.join(r['sentence'].split())[:160]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=("wording", "proposals", "both"), default="both")
    ap.add_argument("--errors", choices=("actor", "stance", "family"), default=None)
    ap.add_argument("--half", choices=(*HALVES, "whole"), default="tune", help="whose errors to list")
    ap.add_argument("--limit", type=int, default=80)
    a = ap.parse_args()
    for name in (("wording", "proposals") if a.set == "both" else (a.set,)):
        label_file, corpus = SETS[name]
        rows = framed_rows(label_file, corpus)
        print(f"===== {name}: {len(rows)} labelled sentences")
        report(rows, "actor", ACTORS)
        report(rows, "stance", STANCES)
        family_report(rows, a.errors == "family", a.half, a.limit)
        if a.errors in ("actor", "stance"):
            shown = 0
            for r in rows:
                if r["pred"] is None or (a.half != "whole" and r["half"] != a.half):
                    continue
                got = getattr(r["pred"], a.errors)
                if got != r[a.errors] and shown < a.limit:
                    shown += 1
                    print(f"- gold={r[a.errors]} got={got} subj={r['pred'].subject!r} "
                          f"| {' '.join(r['sentence'].split())[:170]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
