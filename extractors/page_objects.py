"""What a page draws besides text, read cheaply from pdfium's page objects: rules (a sign of a ruled table,
and the segments the grid reading uses), the largest image (a sign of a scan), and how much pdfplumber would
have to parse there."""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

MAX_OBJECTS = 20000  # page objects looked at for rules and images
MAX_FORM_DEPTH = 16  # forms nested deeper count as crowded


def page_objects(page: pdfium.PdfPage, area: float,
                 segments: list[tuple[float, float, float, float]] | None = None) -> tuple[int, float]:
    """(how grid-like the page's rules are, share of the page covered by the largest image).

    Tables drawn with lines need rules both across and down (or boxed cells); underlines and signature lines
    alone do not make a table, and skipping those pages keeps pdfplumber off most pages. ``segments``, when
    given, receives every rule as a user-space box (left, bottom, right, top).
    """
    raw = page.raw
    n = pdfium_c.FPDFPage_CountObjects(raw)
    across = down = boxes = 0
    image_cover = 0.0
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    refs = (ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
    for i in range(min(n, MAX_OBJECTS)):
        obj = pdfium_c.FPDFPage_GetObject(raw, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH or kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            if not pdfium_c.FPDFPageObj_GetBounds(obj, *refs):
                continue
            w, h = abs(right.value - left.value), abs(top.value - bottom.value)
            if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                image_cover = max(image_cover, min(1.0, w * h / area) if area > 0 else 0.0)
            elif w > 20 and h < 3:
                across += 1
                if segments is not None:
                    segments.append((left.value, bottom.value, right.value, top.value))
            elif h > 10 and w < 3:
                down += 1
                if segments is not None:
                    segments.append((left.value, bottom.value, right.value, top.value))
            elif w > 20 and h > 10 and w * h < 0.25 * area and pdfium_c.FPDFPath_CountSegments(obj) == 5:
                boxes += 1  # a stroked rectangle: a cell or a frame
                if segments is not None:
                    lv, bv, rv, tv = left.value, bottom.value, right.value, top.value
                    segments.extend(((lv, bv, rv, bv), (lv, tv, rv, tv), (lv, bv, lv, tv), (rv, bv, rv, tv)))
    rules = min(across, down) + boxes if (down >= 2 or boxes >= 2) else 0
    return rules, image_cover


def drawing_weight(container, form: bool = False, cap: int = 1_000_000, depth: int = 0) -> int:
    """What pdfplumber will have to parse on a page: every object, every segment of every path, and the objects
    inside form XObjects (one top-level object can hold 100,000 lines). Stops counting past ``cap``; forms
    nested deeper than 16 count as ``cap`` (a hostile file must not exhaust the stack)."""
    if depth > MAX_FORM_DEPTH:
        return cap + 1
    count = pdfium_c.FPDFFormObj_CountObjects if form else pdfium_c.FPDFPage_CountObjects
    get = pdfium_c.FPDFFormObj_GetObject if form else pdfium_c.FPDFPage_GetObject
    total = 0
    for i in range(max(0, count(container))):
        obj = get(container, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            total += 1 + max(0, pdfium_c.FPDFPath_CountSegments(obj))
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            total += 1 + drawing_weight(obj, True, cap - total, depth + 1)
        else:
            total += 1
        if total > cap:
            break
    return total
