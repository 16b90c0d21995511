"""The PDF viewer: continuous pages in a QGraphicsView whose scene units are PDF points.

Pages are rendered lazily by QtPdf when Qt asks a page item to paint (only visible pages are asked), at the
current zoom, and kept in a small LRU cache, so a 150-page contract opens at once. Highlights are
QGraphicsRectItems placed in page coordinates: boxes from the extractors are already relative to the
CropBox and rotated as displayed, which is what QtPdf renders.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QMouseEvent, QPainter, QPen, QTransform, QWheelEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from checks.model import Finding
from desktop.gui.pyside_fixes import load_document
from desktop.gui.style import kind_color, kind_label
from extractors.model import Span

PAGE_GAP = 12.0  # points between pages
MARGIN = 12.0
POINT_TO_PIXEL = 96.0 / 72.0  # 100 % zoom
MIN_ZOOM, MAX_ZOOM = 0.1, 8.0
CACHE_PAGES = 24
MAX_PIXELS = 40_000_000
EAGER_SIZES = 4  # pages sized before the first paint; the rest a few per event-loop tick
SIZES_PER_TICK = 8


class PageItem(QGraphicsItem):
    """One page: a white sheet that asks the view for its image when painted."""

    def __init__(self, view: PdfView, index: int, size: QSizeF) -> None:
        super().__init__()
        self.view = view
        self.index = index
        self.size = size
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)

    def boundingRect(self) -> QRectF:
        return QRectF(QPointF(0, 0), self.size)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        rect = self.boundingRect()
        painter.fillRect(rect, Qt.GlobalColor.white)
        scale = painter.worldTransform().m11() or painter.worldTransform().m12()
        dpr = painter.device().devicePixelRatioF() if painter.device() else 1.0
        image = self.view.page_image(self.index, abs(scale) * dpr)
        if image is not None and not image.isNull():
            painter.drawImage(rect, image)
        painter.setPen(QPen(QColor(0, 0, 0, 90), 0))
        painter.drawRect(rect)
        self.view.note_painted(self.index)


class PdfView(QGraphicsView):
    """Continuous pages with zoom, page navigation, coloured highlights and a flashing selection."""

    page_changed = Signal(int, int)  # current page (1-based), page count
    zoom_changed = Signal(float)  # zoom factor, 1.0 = 100 %
    first_paint = Signal(float)  # seconds from open() to the first page painted
    highlight_clicked = Signal(int)  # index of the finding whose box was clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setBackgroundBrush(QColor("#5f6368"))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform | QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.pdf = QPdfDocument()  # replaced per file, never closed: see desktop.gui.pyside_fixes
        self.pages: list[PageItem] = []
        self.highlights: dict[int, list[QGraphicsRectItem]] = {}  # finding index -> its boxes
        self.fit_mode = "width"  # width | page | none
        self.zoom = 1.0
        self._cache: OrderedDict[tuple[int, int], QImage] = OrderedDict()
        self._opened_at = 0.0
        self._painted_once = True
        self._current = 0
        self._flash_item: QGraphicsRectItem | None = None
        self._flash_left = 0
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(140)
        self._flash_timer.timeout.connect(self._flash_step)
        self.verticalScrollBar().valueChanged.connect(self._track_page)
        self._render_spent = 0.0
        self._refresh_pending = False
        self._needs_refresh = False
        self._sized = 0
        self._size_timer = QTimer(self)
        self._size_timer.setInterval(0)
        self._size_timer.timeout.connect(self._size_more)

    # -- document ------------------------------------------------------------------------------------------
    def open(self, path: str, password: str | None = None) -> QPdfDocument.Error:
        """Load a PDF for display and lay out its pages; returns QtPdf's error (Error.None_ when fine)."""
        self.close_document()
        self._opened_at = time.perf_counter()
        self._painted_once = False
        self.pdf, error = load_document(path, password)
        if error != QPdfDocument.Error.None_:
            self._painted_once = True
            return error
        count = self.pdf.pageCount()
        first = [self.pdf.pagePointSize(i) for i in range(min(count, EAGER_SIZES))]
        guess = first[-1] if first else QSizeF(612.0, 792.0)
        for i in range(count):
            size = first[i] if i < len(first) else QSizeF(guess)
            item = PageItem(self, i, size if not size.isEmpty() else QSizeF(612.0, 792.0))
            self.scene().addItem(item)
            self.pages.append(item)
        self._layout()
        self._sized = len(first)
        if self._sized < count:
            self._size_timer.start()
        self._apply_fit()
        self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())
        self._current = 0
        self._track_page()
        return error

    def _size_more(self) -> None:
        """Ask QtPdf for the real size of a few more pages per tick (0.3-1 ms each) and re-lay out if any
        differ from the guess, so a 150-page file shows page 1 at once and never blocks the window."""
        changed = False
        stop = min(len(self.pages), self._sized + SIZES_PER_TICK)
        for i in range(self._sized, stop):
            size = self.pdf.pagePointSize(i)
            item = self.pages[i]
            if not size.isEmpty() and size != item.size:
                item.prepareGeometryChange()
                item.size = size
                changed = True
        self._sized = stop
        if stop >= len(self.pages):
            self._size_timer.stop()
        if changed:
            self._layout()
            self._apply_fit()

    def _layout(self) -> None:
        """Stack the pages top to bottom, each centred on the widest."""
        widest = max((p.size.width() for p in self.pages), default=612.0)
        y = MARGIN
        for item in self.pages:
            item.setPos(MARGIN + (widest - item.size.width()) / 2, y)
            y += item.size.height() + PAGE_GAP
        self.scene().setSceneRect(QRectF(0, 0, widest + 2 * MARGIN, y - PAGE_GAP + MARGIN))

    def close_document(self) -> None:
        self._size_timer.stop()
        self._flash_timer.stop()
        self._flash_item = None
        self.scene().clear()
        self.pages.clear()
        self.highlights.clear()
        self._cache.clear()
        self.pdf = QPdfDocument()

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def page_image(self, index: int, scale: float) -> QImage | None:
        """The page at ``scale`` device pixels per point: from the cache, else rendered by QtPdf (5-40 ms).

        QtPdf holds the GIL while it renders (15-80 ms a page here), so at most one page is rendered per
        event-loop pass; other newly visible pages show a render at another zoom, or white, until their turn
        (a repaint is scheduled), so neither opening nor fast scrolling stalls the window.
        """
        if not (0 <= index < len(self.pages)):
            return None
        size = self.pages[index].size
        width = max(1, round(size.width() * scale))
        key = (index, width)
        image = self._cache.get(key)
        if image is not None:
            self._cache.move_to_end(key)
            return image
        if self._render_spent > 0.0:  # one full render per event-loop pass; the others wait their turn
            self._schedule_refresh()
            return self._any_image(index)
        started = time.perf_counter()
        image = self._render(index, size, scale)
        self._render_spent += time.perf_counter() - started
        self._schedule_refresh(reset_only=True)
        self._cache[key] = image
        while len(self._cache) > CACHE_PAGES:
            self._cache.popitem(last=False)
        return image

    def _any_image(self, index: int) -> QImage | None:
        """A cached render of this page at another zoom (drawn scaled) while the sharp one waits."""
        for (i, _width), image in reversed(self._cache.items()):
            if i == index:
                return image
        return None

    def _render(self, index: int, size: QSizeF, scale: float) -> QImage:
        width, height = max(1, round(size.width() * scale)), max(1, round(size.height() * scale))
        if width * height > MAX_PIXELS:  # extreme zoom on a huge page: a blurrier image rather than no memory
            factor = (MAX_PIXELS / (width * height)) ** 0.5
            width, height = max(1, int(width * factor)), max(1, int(height * factor))
        return self.pdf.render(index, QSize(width, height))

    def _schedule_refresh(self, reset_only: bool = False) -> None:
        """Reset the render budget on the next event-loop pass (and repaint, if a preview was drawn)."""
        if not reset_only:
            self._needs_refresh = True
        if not self._refresh_pending:
            self._refresh_pending = True
            QTimer.singleShot(0, self._refresh)

    def _refresh(self) -> None:
        self._refresh_pending = False
        self._render_spent = 0.0
        if self._needs_refresh:
            self._needs_refresh = False
            self.viewport().update()

    def note_painted(self, index: int) -> None:
        if not self._painted_once:
            self._painted_once = True
            self.first_paint.emit(time.perf_counter() - self._opened_at)

    # -- highlights ----------------------------------------------------------------------------------------
    def set_findings(self, findings: Sequence[Finding], hidden: Iterable[int] = ()) -> None:
        """One translucent box per line of each finding, coloured by kind, tooltip = the message."""
        for items in self.highlights.values():
            for item in items:
                self.scene().removeItem(item)
        self.highlights.clear()
        for n, f in enumerate(findings):
            spans = f.spans or ((f.span,) if f.span else ())
            items = []
            for span in spans:
                page = self._page_item(span.page)
                if page is None:
                    continue
                item = QGraphicsRectItem(_rect(span), page)
                color = kind_color(f.kind)
                fill = QColor(color)
                fill.setAlpha(70)
                item.setBrush(QBrush(fill))
                item.setPen(QPen(color, 0))
                item.setToolTip(f"<b>{kind_label(f.kind)}</b>: {f.message}"
                                + (f"<br>→ {f.suggestion}" if f.suggestion else ""))
                item.setZValue(1)
                item.setData(0, n)
                item.setCursor(Qt.CursorShape.PointingHandCursor)
                items.append(item)
            if items:
                self.highlights[n] = items
        self.set_hidden(hidden)

    def set_hidden(self, hidden: Iterable[int]) -> None:
        """Hide the boxes of dismissed or filtered-out findings."""
        hidden = set(hidden)
        for n, items in self.highlights.items():
            for item in items:
                item.setVisible(n not in hidden)

    def show_finding(self, index: int, finding: Finding) -> QRectF | None:
        """Scroll to a finding's boxes and flash them; returns their scene rectangle."""
        spans = finding.spans or ((finding.span,) if finding.span else ())
        return self.show_spans(spans, kind_color(finding.kind))

    def show_spans(self, spans: Sequence[Span], color: QColor | None = None) -> QRectF | None:
        """Scroll so the boxes are in view (centred when they are not) and flash an outline round them."""
        rect = QRectF()
        for span in spans:
            page = self._page_item(span.page)
            if page is not None:
                rect = rect.united(page.mapRectToScene(_rect(span)))
        if rect.isNull():
            if spans:
                self.go_to_page(spans[0].page)
            return None
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        if not visible.contains(rect.adjusted(-4, -4, 4, 4)):
            self.centerOn(rect.center())
        self._flash(rect, color or QColor("#ff6f00"))
        return rect

    def _flash(self, rect: QRectF, color: QColor) -> None:
        if self._flash_item is not None and self._flash_item.scene() is self.scene():
            self.scene().removeItem(self._flash_item)
        item = QGraphicsRectItem(rect.adjusted(-3, -3, 3, 3))
        pen = QPen(color.darker(130), 2.5)
        pen.setCosmetic(True)
        item.setPen(pen)
        item.setZValue(5)
        self.scene().addItem(item)
        self._flash_item = item
        self._flash_left = 7
        self._flash_timer.start()

    def _flash_step(self) -> None:
        if self._flash_item is None or self._flash_left <= 0:
            self._flash_timer.stop()
            if self._flash_item is not None:
                self._flash_item.setVisible(True)  # stays as the selection outline
            return
        self._flash_item.setVisible(not self._flash_item.isVisible())
        self._flash_left -= 1

    # -- pages ---------------------------------------------------------------------------------------------
    def _page_item(self, number: int) -> PageItem | None:
        return self.pages[number - 1] if 1 <= number <= len(self.pages) else None

    def current_page(self) -> int:
        return self._current + 1 if self.pages else 0

    def go_to_page(self, number: int) -> None:
        page = self._page_item(max(1, min(number, len(self.pages))))
        if page is None:
            return
        top = self.mapFromScene(page.scenePos()).y()
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + top - 8)
        self._track_page()

    def _track_page(self, *_args) -> None:
        if not self.pages:
            self.page_changed.emit(0, 0)
            return
        y = self.mapToScene(self.viewport().rect().center()).y()
        lo, hi = 0, len(self.pages) - 1
        while lo < hi:  # last page whose top is above the viewport centre
            mid = (lo + hi + 1) // 2
            if self.pages[mid].scenePos().y() <= y:
                lo = mid
            else:
                hi = mid - 1
        self._current = lo
        self.page_changed.emit(lo + 1, len(self.pages))

    # -- zoom ----------------------------------------------------------------------------------------------
    def set_zoom(self, zoom: float, fit: str = "none") -> None:
        self.fit_mode = fit
        self.zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        self.setTransform(QTransform.fromScale(self.zoom * POINT_TO_PIXEL, self.zoom * POINT_TO_PIXEL))
        self.zoom_changed.emit(self.zoom)
        self._track_page()

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom * 1.25)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom / 1.25)

    def fit_width(self) -> None:
        self.fit_mode = "width"
        self._apply_fit()

    def fit_page(self) -> None:
        self.fit_mode = "page"
        self._apply_fit()

    def _apply_fit(self) -> None:
        if not self.pages or self.fit_mode == "none":
            return
        anchor_page = self._current
        scene = self.sceneRect()
        bar = self.verticalScrollBar().sizeHint().width()
        width = max(50, self.viewport().width() - (0 if self.verticalScrollBar().isVisible() else bar))
        by_width = width / scene.width()
        if self.fit_mode == "page":
            page = self.pages[anchor_page].size
            by_height = max(50, self.viewport().height()) / (page.height() + 2 * PAGE_GAP)
            scale = min(width / (page.width() + 2 * MARGIN), by_height)
        else:
            scale = by_width
        self.set_zoom(scale / POINT_TO_PIXEL, self.fit_mode)
        if self.fit_mode == "page":
            self.go_to_page(anchor_page + 1)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._apply_fit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click on a highlight selects its finding; anywhere else drags the pages."""
        if event.button() == Qt.MouseButton.LeftButton:
            for item in self.items(event.position().toPoint()):
                if isinstance(item, QGraphicsRectItem) and item.isVisible() and isinstance(item.data(0), int):
                    self.highlight_clicked.emit(item.data(0))
                    event.accept()
                    return
        super().mousePressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.set_zoom(self.zoom * (1.15 if event.angleDelta().y() > 0 else 1 / 1.15))
            event.accept()
            return
        super().wheelEvent(event)


def _rect(span: Span) -> QRectF:
    x0, top, x1, bottom = span.bbox
    return QRectF(x0, top, max(1.0, x1 - x0), max(1.0, bottom - top))
