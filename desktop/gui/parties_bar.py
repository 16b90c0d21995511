"""The document header's parties: who provides and who receives, as found, and as the user sets them.

Every judgement reads who a sentence binds, and that follows the parties' roles; when the document does not say
(a mutual agreement) or says it wrongly, the user names the provider and the customer here. The choice is kept
with the document's decisions and the document is checked again with it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from checks.model import Review


def _combo(tip: str) -> QComboBox:
    box = QComboBox()
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    box.setMinimumContentsLength(14)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setToolTip(tip)
    return box


class PartiesBar(QWidget):
    """Provider and customer fields, filled from the review's parties; ``chosen(provider, customer)`` on Set."""

    chosen = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.provider = _combo("The party that performs the services or supplies the product (pick one the "
                               "document names, or type a name)")
        self.customer = _combo("The party that receives the services and pays")
        self.apply = QPushButton("Set roles")
        self.apply.setToolTip("Check the document again with these roles; the choice is kept for this file")
        self.apply.clicked.connect(self._emit)
        self.note = QLabel()
        self.note.setStyleSheet("color:#666")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(QLabel("Provider:"))
        layout.addWidget(self.provider, 1)
        layout.addWidget(QLabel("Customer:"))
        layout.addWidget(self.customer, 1)
        layout.addWidget(self.apply)
        layout.addWidget(self.note)
        self.set_review(None)

    def set_review(self, review: Review | None, chosen: dict[str, str] | None = None) -> None:
        """The parties of a review (names in each list, the role holders selected), or empty fields."""
        chosen = chosen or {}
        names = [p.name for p in review.parties if p.name] if review is not None else []
        for box, role in ((self.provider, "provider"), (self.customer, "customer")):
            box.blockSignals(True)
            box.clear()
            box.addItems(names)
            holder = review.party(role) if review is not None else None
            box.setEditText(chosen.get(role) or (holder.name if holder is not None else ""))
            box.lineEdit().setPlaceholderText("not named" if review is not None else "")
            box.blockSignals(False)
        unclear = review is not None and any(p.role == "unclear" for p in review.parties)
        self.note.setText("roles unclear in the document" if unclear and not chosen else
                          "set by you" if chosen else "")
        self.setEnabled(review is not None)

    def _emit(self) -> None:
        self.chosen.emit(self.provider.currentText().strip(), self.customer.currentText().strip())
