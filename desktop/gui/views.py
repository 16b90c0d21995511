"""How the window shows a review: the findings list and its highlights, counts, legend, page box, the scanned-
pages banner and which actions are enabled. A mixin of ``MainWindow``: it reads the window's widgets, its
``session`` and ``review``; it decides nothing about the document."""

from __future__ import annotations

from PySide6.QtCore import QTimer

from checks.model import SEVERITIES, Review
from desktop.gui.style import KIND_STYLE, kind_color, kind_label, severity_color, severity_label
from extractors.formatting import page_ranges


class ReviewViews:
    """The views of a (partial or whole) review; mixed into ``MainWindow``."""

    def _status_of(self, key: str) -> str:
        return self.session.status_of(key)

    def _decision_of(self, key: str) -> dict[str, str]:
        return self.session.decision_of(key)

    def _show_review(self, review: Review) -> None:
        """Findings, highlights, promises, legend and counts of a (partial or whole) review."""
        self.findings.set_findings(review.findings, self._status_of, self._decision_of)
        self.viewer.set_findings(review.findings)
        QTimer.singleShot(0, lambda r=review: self.review is r and self.promises.set_review(r))
        self._update_legend(review)
        self._sync_highlights()
        self._update_counts()
        self._update_enabled()

    def _show_text_layer_notice(self, review: Review) -> None:
        missing = review.document.pages_without_text
        if not missing:
            return
        pages = page_ranges(missing)
        if review.document.text_layer == "none":
            self.banner.setText("This PDF has no text layer (scanned): nothing could be checked until its pages "
                                "are read by OCR.")
        else:
            self.banner.setText(f"Page{'s' if len(missing) > 1 else ''} {pages} ha{'ve' if len(missing) > 1 else 's'}"
                                " no text layer (scanned?) and were not checked.")
        self.banner_row.show()

    def _finding_selected(self, row: int, finding) -> None:
        if finding.spans or finding.span:
            self.viewer.show_finding(row, finding)
        else:  # a missing disclosure has no place in the text: say where to look instead
            self.statusBar().showMessage("Not stated anywhere in the document: see the Disclosures tab for what "
                                         "to ask.", 6000)

    def select_finding(self, row: int) -> None:
        """Select a finding by its index in the review (e.g. its highlight was clicked)."""
        proxy = self.findings.proxy
        index = proxy.mapFromSource(self.findings.model.index(row, 0))
        if index.isValid():
            self.tabs.setCurrentWidget(self.findings)
            self.findings.select_row(index.row())

    def _sync_highlights(self) -> None:
        if self.review is None:
            return
        visible = self.findings.visible_rows()
        self.viewer.set_hidden(n for n in range(len(self.review.findings)) if n not in visible)
        self._update_counts()

    def _update_counts(self) -> None:
        if self.review is None:
            self.counts.setText("")
            return
        counts = dict.fromkeys(SEVERITIES, 0)
        dismissed = 0
        for f in self.review.findings:
            if self._status_of(f.key) == "dismissed":
                dismissed += 1
            else:
                counts[f.severity] = counts.get(f.severity, 0) + 1
        parts = [f"<span style='color:{severity_color(s).name()}'><b>{n}</b> {severity_label(s).lower()}"
                 f"{'s' if n != 1 else ''}</span>" for s, n in counts.items()]
        if dismissed:
            parts.append(f"{dismissed} dismissed")
        parts.append(f"{self.findings.proxy.rowCount()} shown")
        self.counts.setText(" · ".join(parts))

    def _update_legend(self, review: Review | None) -> None:
        shown = {f.kind for f in review.findings if f.spans or f.span} if review else set(KIND_STYLE)
        chips = [f"<span style='color:{kind_color(k).name()}'>■</span>&nbsp;{kind_label(k)}"
                 for k in KIND_STYLE if k in shown and k != "missing_disclosure"]
        self.legend.setText("&nbsp;&nbsp;&nbsp;".join(chips))

    def _page_changed(self, page: int, total: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setMaximum(max(1, total))
        self.page_box.setValue(max(1, page))
        self.page_box.blockSignals(False)
        self.page_total.setText(f" of {total} ")
        self.page_label.setText(f"Page {page} of {total}" if total else "")

    def focus_filter(self) -> None:
        self.tabs.setCurrentWidget(self.findings)
        self.findings.search.setFocus()
        self.findings.search.selectAll()

    def _update_enabled(self) -> None:
        ready = self.session.complete  # exports and decisions need the whole review
        self.export_action.setEnabled(ready)
        self.csv_action.setEnabled(ready)
        for a in (self.accept_action, self.dismiss_action, self.note_action):
            a.setEnabled(ready)
        self.findings.set_decisions_enabled(ready or self.review is None)
        for a in (self.next_action, self.prev_action):
            a.setEnabled(self.review is not None)
