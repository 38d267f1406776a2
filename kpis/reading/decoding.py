"""Decoding an uploaded text file: BOM, strict UTF-8, then Windows-1258 (Vietnamese) or Windows-1252."""

from __future__ import annotations

import codecs
import unicodedata

from kpis.problems import WARNING, Problem
from kpis.reading.messages import not_a_table, phrase, problem

LEGACY_SAMPLE_CHARS = 256 * 1024  # Windows-1258 vs 1252 is judged on this much text

# Letters that only Vietnamese uses (outside Latin-1: a/o/u with breve or horn, d-bar, i/u tilde, and the
# precomposed block U+1EA0-U+1EF9): evidence for Windows-1258 over Windows-1252.
_VIET_ONLY = frozenset(
    "\u0103\u0102\u0111\u0110\u01a1\u01a0\u01b0\u01af\u0129\u0128\u0169\u0168"
    + "".join(chr(c) for c in range(0x1EA0, 0x1EFA))
)
# Latin-1 letters that Vietnamese never uses: evidence for a Western (Windows-1252) text.
_WESTERN_ONLY = frozenset(
    "\u00e4\u00eb\u00ef\u00f6\u00fc\u00ff\u00df\u00e7\u00f1\u00e5\u00e6\u00f8\u00ee\u00fb\u00c4\u00cb\u00cf\u00d6\u00dc\u0178\u00c7\u00d1\u00c5\u00c6\u00d8\u00ce\u00db\u0160\u0161\u017d\u017e\u0152\u0153"
)
_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (BOM)",
    "utf-16": "UTF-16 (Unicode)",
    "cp1258": "Windows-1258",
    "cp1252": "Windows-1252",
}


def decode(data: bytes, name: str) -> tuple[str, str, bool]:
    """Text, encoding, and whether the text needs NFC: BOM, then strict UTF-8, then Windows-1258 or 1252."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8-sig", data[3:], "utf-8")]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [("utf-16", data, "utf-16")]
    else:
        candidates = [("utf-8", data, "utf-8")]
    label, raw, codec = candidates[0]
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        if label != "utf-8":
            raise not_a_table(name, phrase("why_undecodable", label=label)) from None
        text, label = _decode_legacy(data, name)
    # Python's cp1258 yields combining tone marks, macOS writes NFD: values are composed (NFC) once split
    # into cells, where repeated names cost one normalisation each (the whole text would take seconds).
    nfc = label == "cp1258" or not unicodedata.is_normalized("NFC", text)
    head = text[:65536]
    controls = sum(1 for c in head if c < " " and c not in "\t\r\n\f")
    if "\x00" in head or controls > max(2, len(head) // 100):
        raise not_a_table(name, phrase("why_binary"))
    return text, label, nfc


def _decode_legacy(data: bytes, name: str) -> tuple[str, str]:
    """Windows-1258 (Vietnamese Excel) or Windows-1252, whichever reads as the more plausible text."""
    decoded = {}
    for enc in ("cp1258", "cp1252"):
        try:
            decoded[enc] = data.decode(enc)
        except UnicodeDecodeError:
            pass
    if not decoded:
        raise not_a_table(name, phrase("why_no_encoding"))
    if len(decoded) == 1:
        enc, text = decoded.popitem()
        return text, enc
    # Judge on the start of the file (headers, names), where the letters are: counting is per character.
    t58 = unicodedata.normalize("NFC", decoded["cp1258"][:LEGACY_SAMPLE_CHARS])
    viet = sum(1 for c in t58 if c in _VIET_ONLY)
    western = sum(1 for c in t58 if c in _WESTERN_ONLY)
    # Tone marks that did not compose, or composed into letters Vietnamese does not have, mean it was not cp1258.
    odd = sum(1 for c in t58 if unicodedata.combining(c) or ("\u1e00" <= c < "\u1ea0"))
    if viet > western + odd:
        return decoded["cp1258"], "cp1258"
    return decoded["cp1252"], "cp1252"


def encoding_notice(name: str, encoding: str) -> Problem:
    extra = phrase("encoding_cp1258") if encoding == "cp1258" else ""
    return problem(
        "encoding_detected", name=name, label=_LABELS[encoding], extra=extra, severity=WARNING, value=encoding
    )
