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
    new = DecisionStore.open("2" * 64, "/b/deal.pdf", ["same", "added"], folder=tmp_path)
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
