"""Helpers shared by the tests and the fixture generators (importable as `tests.helpers`)."""

from __future__ import annotations

import unicodedata

# The five Vietnamese tone marks as combining characters (grave, acute, tilde, hook above, dot below).
TONE_MARKS = frozenset({"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"})


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: a letter precomposed where the code page has it, else its
    precomposed base letter (with circumflex, breve or horn) followed by a combining tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
            out += (base + "".join(c for c in parts if c in TONE_MARKS)).encode("cp1258")
    return bytes(out)
