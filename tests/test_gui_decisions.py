"""Decisions survive reopening, an edited PDF keeps the ones that still match, and a corrupt file is not fatal."""

from __future__ import annotations

import json

import pytest

from desktop.gui.decisions import DecisionStore


def test_decisions_round_trip(tmp_path):
    store = DecisionStore.open("a" * 64, "/x/proposal.pdf", ["k1", "k2"], folder=tmp_path)
    store.set("k1", "dismissed", reason="Defined elsewhere")
    store.set("k2", note="ask legal")
    again = DecisionStore.open("a" * 64, "/x/proposal.pdf", ["k1", "k2"], folder=tmp_path)
    assert again.status("k1") == "dismissed"
    assert again.get("k1")["reason"] == "Defined elsewhere"
    assert again.get("k2") == {"status": "open", "note": "ask legal", "reason": ""}


def test_reopen_clears_reason_and_open_entries_are_dropped(tmp_path):
    store = DecisionStore("b" * 64, "p.pdf", folder=tmp_path)
    store.set("k", "dismissed", reason="why")
    store.set("k", "open")
    assert "k" not in store.decisions
    assert json.loads(store.file.read_text())["decisions"] == {}


def test_changed_pdf_keeps_matching_decisions_only(tmp_path):
    old = DecisionStore.open("1" * 64, "/a/deal.pdf", [], folder=tmp_path)
    old.set("same", "accepted")
    old.set("gone", "dismissed", reason="x")
    new = DecisionStore.open("2" * 64, "/a/deal.pdf", ["same", "added"], folder=tmp_path)
    assert new.status("same") == "accepted"
    assert new.status("gone") == "open"
    assert new.carried_over == 1
    other = DecisionStore.open("3" * 64, "/a/other.pdf", ["same"], folder=tmp_path)
    assert other.status("same") == "open"  # another file's decisions never leak in


def test_corrupt_record_is_ignored(tmp_path):
    (tmp_path / f"{'c' * 64}.json").write_text("{not json")
    store = DecisionStore.open("c" * 64, "p.pdf", ["k"], folder=tmp_path)
    assert store.status("k") == "open"
    store.set("k", "accepted")
    assert DecisionStore.open("c" * 64, "p.pdf", ["k"], folder=tmp_path).status("k") == "accepted"


def test_unknown_status_is_refused(tmp_path):
    with pytest.raises(ValueError):
        DecisionStore("d" * 64, "p.pdf", folder=tmp_path).set("k", "maybe")


def test_same_name_in_another_folder_is_not_an_earlier_version(tmp_path):
    # a missing-disclosure key has no text of its own: by name alone, one customer's dismissal would leak
    old = DecisionStore.open("4" * 64, str(tmp_path / "acme" / "proposal.pdf"), [], folder=tmp_path)
    old.set("missing.price||", "dismissed", reason="agreed by phone")
    other = DecisionStore.open("5" * 64, str(tmp_path / "globex" / "proposal.pdf"), ["missing.price||"],
                               folder=tmp_path)
    assert other.status("missing.price||") == "open"
    assert other.carried_over == 0
    edited = DecisionStore.open("6" * 64, str(tmp_path / "acme" / ".." / "acme" / "proposal.pdf"),
                                ["missing.price||"], folder=tmp_path)
    assert edited.status("missing.price||") == "dismissed"  # the same file, however the path is spelled


def test_a_failed_save_changes_nothing(tmp_path, monkeypatch):
    import desktop.gui.decisions as decisions
    from desktop.atomic import WriteError

    store = DecisionStore("e" * 64, "p.pdf", folder=tmp_path)
    store.set("k", "accepted", note="keep")
    store.set_sheet({"customer": "Acme"})

    def refuse(path, text):
        raise WriteError(f"{path}: cannot write (disk full)")

    monkeypatch.setattr(decisions, "atomic_write_text", refuse)
    with pytest.raises(WriteError):
        store.set("k", "dismissed", reason="no")
    with pytest.raises(WriteError):
        store.set("k2", "accepted")
    with pytest.raises(WriteError):
        store.set_sheet({"customer": "Globex"})
    assert store.get("k") == {"status": "accepted", "note": "keep", "reason": ""}
    assert "k2" not in store.decisions
    assert store.sheet == {"customer": "Acme"}
