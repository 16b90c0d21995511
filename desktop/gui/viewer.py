"""The PDF viewer: continuous pages in a QGraphicsView whose scene units are PDF points.

Pages are rendered lazily when Qt asks a page item to paint (only visible pages are asked), at the current
zoom, by pypdfium2 on the render thread (``desktop.gui.render``: the UI thread never waits for pdfium), and
kept in a small LRU cache, so a 150-page contract opens at once. Until its image arrives a page shows a
render at another zoom, or white. Highlights are QGraphicsRectItems placed in page coordinates: boxes from
the extractors are already relative to the CropBox and rotated as displayed, which is what pdfium renders.
"""

from __future__ import annotations

import functools
import logging
import time
import weakref
from collections import OrderedDict
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QMouseEvent, QPainter, QPen, QTransform, QWheelEvent
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
from desktop.gui.render import renderer
from desktop.gui.style import kind_color, kind_label
from extractors.model import Span

log = logging.getLogger(__name__)
PAGE_GAP = 12.0  # points between pages
MARGIN = 12.0
POINT_TO_PIXEL = 96.0 / 72.0  # 100 % zoom
MIN_ZOOM, MAX_ZOOM = 0.1, 8.0
CACHE_PAGES = 24
MAX_PIXELS = 40_000_000


class PageItem(QGraphicsItem):
    """One page: a white sheet that asks the view for its image when painted."""

    def __init__(self, view: PdfView, index: int, size: QSizeF) -> None:
        super().__init__()
        self._view = weakref.ref(view)  # not a strong reference: the scene keeps items alive, so that would keep
        self.index = index              # the view (and its document on the render thread) alive for ever
        self.size = size
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)

    def boundingRect(self) -> QRectF:
        return QRectF(QPointF(0, 0), self.size)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        rect = self.boundingRect()
        painter.fillRect(rect, Qt.GlobalColor.white)
        scale = painter.worldTransform().m11() or painter.worldTransform().m12()
        dpr = painter.device().devicePixelRatioF() if painter.device() else 1.0
        view = self._view()
        image = view.page_image(self.index, abs(scale) * dpr) if view is not None else None
        if image is not None and not image.isNull():
            painter.drawImage(rect, image)
            view.note_painted(self.index)
        painter.setPen(QPen(QColor(0, 0, 0, 90), 0))
        painter.drawRect(rect)


class PdfView(QGraphicsView):
    """Continuous pages with zoom, page navigation, coloured highlights and a flashing selection."""

    page_changed = Signal(int, int)  # current page (1-based), page count
    zoom_changed = Signal(float)  # zoom factor, 1.0 = 100 %
    first_paint = Signal(float)  # seconds from open() to the first page painted with its image
    document_ready = Signal(int)  # page count, once the pages are laid out
    page_rendered = Signal(int)  # page index (0-based) whose image arrived
    highlight_clicked = Signal(int)  # index of the finding whose box was clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        scene = QGraphicsScene(self)
        # a few hundred items at most (pages and boxes): a linear scan is cheaper than keeping a BSP tree,
        # whose rebuild cost 20-25 ms on the first layout of a 154-page file
        scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setScene(scene)
        self.setBackgroundBrush(QColor("#5f6368"))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform | QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)  # set_zoom keeps its own anchor
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self._renderer = renderer()
        self._token = 0  # this view's document on the render thread
        live: set[int] = set()  # its open token, also closed when the view is destroyed without close_document
        self._live = live
        close_all = functools.partial(_close_tokens, self._renderer, live)
        self.destroyed.connect(lambda *_args: close_all())  # C++ side deleted (deleteLater, parent gone)
        weakref.finalize(self, close_all)  # Python side collected (PySide drops the connection first)
        self.pages: list[PageItem] = []
        self.highlights: dict[int, list[QGraphicsRectItem]] = {}  # finding index -> its boxes
        self._findings: list[Finding] = []  # kept to place their boxes if the pages arrive after them
        self._hidden: set[int] = set()
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
        self._renderer.opened.connect(self._opened)
        self._renderer.rendered.connect(self._rendered)
        self._renderer.open_failed.connect(self._open_failed)

    # -- document ------------------------------------------------------------------------------------------
    def open(self, path: str, password: str | None = None) -> None:
        """Start loading a PDF for display: the render thread reads its page sizes and the pages are laid out
        when they arrive (``document_ready``). A file pdfium cannot open leaves the view empty (the analysis
        says why, in words)."""
        self.close_document()
        self._opened_at = time.perf_counter()
        self._painted_once = False
        self._token = self._renderer.open(path, password)
        self._live.add(self._token)

    def _opened(self, token: int, sizes: list[tuple[float, float]]) -> None:
        if token != self._token:
            return
        for i, (width, height) in enumerate(sizes):
            size = QSizeF(width, height) if width > 0 and height > 0 else QSizeF(612.0, 792.0)
            item = PageItem(self, i, size)
            self.scene().addItem(item)
            self.pages.append(item)
        self._layout()
        self._apply_fit()
        self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())
        self._current = 0
        self._track_page()
        if self._findings:
            self.set_findings(self._findings, self._hidden)
        self.document_ready.emit(len(self.pages))

    def _open_failed(self, token: int, message: str) -> None:
        if token == self._token:
            log.info("viewer could not load the file: %s", message)
            self._painted_once = True

    def _layout(self) -> None:
        """Stack the pages top to bottom, each centred on the widest."""
        widest = max((p.size.width() for p in self.pages), default=612.0)
        y = MARGIN
        for item in self.pages:
            item.setPos(MARGIN + (widest - item.size.width()) / 2, y)
            y += item.size.height() + PAGE_GAP
        self.scene().setSceneRect(QRectF(0, 0, widest + 2 * MARGIN, y - PAGE_GAP + MARGIN))

    def close_document(self) -> None:
        if self._token:
            self._renderer.close(self._token)
            self._live.discard(self._token)
            self._token = 0
        self._flash_timer.stop()
        self._flash_item = None
        self.scene().clear()
        self.pages.clear()
        self.highlights.clear()
        self._findings, self._hidden = [], set()
        self._cache.clear()

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def page_image(self, index: int, scale: float) -> QImage | None:
        """The page at ``scale`` device pixels per point from the cache; else ask the render thread for it and
        return a render at another zoom (drawn scaled) or None (white) until it arrives."""
        if not (0 <= index < len(self.pages)):
            return None
        size = self.pages[index].size
        width, height = max(1, round(size.width() * scale)), max(1, round(size.height() * scale))
        key = (index, width)
        image = self._cache.get(key)
        if image is not None:
            self._cache.move_to_end(key)
            return image
        if width * height > MAX_PIXELS:  # extreme zoom on a huge page: a blurrier image rather than no memory
            factor = (MAX_PIXELS / (width * height)) ** 0.5
            width, height = max(1, int(width * factor)), max(1, int(height * factor))
            image = self._cache.get((index, width))
            if image is not None:
                return image
        self._renderer.request(self._token, index, width, height)
        return self._any_image(index)

    def _rendered(self, token: int, index: int, width: int, image: QImage) -> None:
        if token != self._token or not (0 <= index < len(self.pages)):
            return
        self._cache[(index, width)] = image
        while len(self._cache) > CACHE_PAGES:
            self._cache.popitem(last=False)
        self.pages[index].update()
        self.page_rendered.emit(index)

    def _any_image(self, index: int) -> QImage | None:
        """A cached render of this page at another zoom (drawn scaled) while the sharp one is on its way."""
        for (i, _width), image in reversed(self._cache.items()):
            if i == index:
                return image
        return None

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
        self._findings = list(findings)
        for n, f in enumerate(self._findings):
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
        hidden = self._hidden = set(hidden)
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
    def set_zoom(self, zoom: float, fit: str = "none", anchor: QPointF | None = None) -> None:
        """Zoom keeping the page point under ``anchor`` (a viewport position; default its centre) in place, so
        a resize or fit never jumps back to the first page."""
        self.fit_mode = fit
        self.zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        at = (anchor if anchor is not None else QPointF(self.viewport().rect().center())).toPoint()
        fixed = self.mapToScene(at)
        self.setTransform(QTransform.fromScale(self.zoom * POINT_TO_PIXEL, self.zoom * POINT_TO_PIXEL))
        if self.pages:
            moved = self.mapFromScene(fixed) - at
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + moved.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() + moved.y())
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
            self.set_zoom(self.zoom * (1.15 if event.angleDelta().y() > 0 else 1 / 1.15), anchor=event.position())
            event.accept()
            return
        super().wheelEvent(event)


def _close_tokens(renderer, live: set[int]) -> None:
    """Close a destroyed view's documents on the render thread (no reference to the view itself)."""
    for token in list(live):
        renderer.close(token)
    live.clear()


def _rect(span: Span) -> QRectF:
    x0, top, x1, bottom = span.bbox
    return QRectF(x0, top, max(1.0, x1 - x0), max(1.0, bottom - top))
