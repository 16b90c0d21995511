"""The findings model is a well-behaved Qt model, and the proxy filters the way the panel promises."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from checks.analyze import analyze
from desktop.gui.findings_model import (
    COL_PAGE,
    COL_SEVERITY,
    FindingRole,
    FindingsFilter,
    FindingsModel,
    KindRole,
    StatusRole,
)


@pytest.fixture(scope="module")
def review(problem_sample):
    return analyze(problem_sample)


def test_model_passes_qtmodeltester(qtmodeltester, review):
    model = FindingsModel()
    model.set_findings(review.findings)
    qtmodeltester.check(model, force_py=True)
    proxy = FindingsFilter()
    proxy.setSourceModel(model)
    proxy.sort(COL_SEVERITY)
    qtmodeltester.check(proxy, force_py=True)


def test_rows_and_roles(qapp, review):
    model = FindingsModel()
    model.set_findings(review.findings)
    assert model.rowCount() == len(review.findings) > 0
    first = review.findings[0]
    index = model.index(0, COL_PAGE)
    assert model.data(index) == str(first.page)
    assert model.data(index, FindingRole) is first
    assert model.data(index, KindRole) == first.kind


def test_filters(qapp, review):
    statuses = {review.findings[0].key: "dismissed"}
    model = FindingsModel()
    model.set_findings(review.findings, lambda key: statuses.get(key, "open"))
    proxy = FindingsFilter()
    proxy.setSourceModel(model)
    total = len(review.findings)
    proxy.set_filters(severities=frozenset({"error"}))
    assert proxy.rowCount() == sum(f.severity == "error" for f in review.findings)
    proxy.set_filters(severities=frozenset(), kinds=frozenset({"vague_timing"}))
    assert 0 < proxy.rowCount() == sum(f.kind == "vague_timing" for f in review.findings)
    proxy.set_filters(kinds=frozenset(), reader="finance")
    assert proxy.rowCount() == sum("finance" in f.audiences for f in review.findings)
    proxy.set_filters(reader="", statuses=frozenset({"open", "accepted"}))
    assert proxy.rowCount() == total - 1
    assert all(proxy.data(proxy.index(r, 0), StatusRole) != "dismissed" for r in range(proxy.rowCount()))
    proxy.set_filters(statuses=frozenset(), search="ERROR-FREE")
    assert proxy.rowCount() >= 1
    assert all("error-free" in proxy.data(proxy.index(r, 0), FindingRole).message.lower()
               or "error-free" in proxy.data(proxy.index(r, 0), FindingRole).sentence.lower()
               for r in range(proxy.rowCount()))
    proxy.set_filters(search="zzzz no such words")
    assert proxy.rowCount() == 0


def test_sort_by_page_is_numeric(qapp, review):
    model = FindingsModel()
    model.set_findings(review.findings)
    proxy = FindingsFilter()
    proxy.setSourceModel(model)
    proxy.sort(COL_PAGE)
    pages = [proxy.data(proxy.index(r, 0), FindingRole).page or 99999 for r in range(proxy.rowCount())]
    assert pages == sorted(pages)
