"""Typed, one-line errors: each says what is wrong with the file in words a user understands."""

from __future__ import annotations


class UpfrontError(Exception):
    """Base class: ``str(err)`` is a single line fit for a dialog or stderr."""


class NotAPdfError(UpfrontError):
    """The file is not a PDF at all (wrong type, empty, a 5-byte stub)."""


class DamagedPdfError(UpfrontError):
    """The file claims to be a PDF but cannot be repaired enough to read."""


class PasswordRequiredError(UpfrontError):
    """Encrypted with a user password; ``wrong`` tells a missing password from a wrong one."""

    def __init__(self, message: str, wrong: bool = False) -> None:
        super().__init__(message)
        self.wrong = wrong


class NoTextLayerError(UpfrontError):
    """Every page is an image (scanned); OCR is needed before the text can be checked."""


class TooLargeError(UpfrontError):
    """Over a configured limit (pages, bytes, time or memory)."""


class CancelledError(UpfrontError):
    """The user cancelled the work."""
