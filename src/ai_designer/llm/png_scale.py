"""Smaller PNG previews for the vision review, in pure Python (no imaging library).

A vision model is billed by image size (Anthropic about w x h / 750 tokens, OpenAI
by 512 px tiles), and judging the shape of a part needs no fine detail. Each halving
keeps the darkest of every 2 x 2 pixels, so the one-pixel outlines of the renders
survive. Only 8-bit RGB and RGBA non-interlaced PNGs (what the engine writes) are
scaled; anything else is returned unchanged.
"""

from __future__ import annotations

import struct
import zlib

_MAGIC = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {2: 3, 6: 4}  # colour type -> bytes per pixel at 8 bits


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    found, at = [], len(_MAGIC)
    while at + 8 <= len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        tag = data[at + 4 : at + 8]
        found.append((tag, data[at + 8 : at + 8 + length]))
        at += 12 + length
    return found


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def _unfilter(raw: bytes, width: int, height: int, bpp: int) -> list[bytearray]:
    stride = width * bpp
    rows: list[bytearray] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, row = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 1:
            for i in range(bpp, stride):
                row[i] = (row[i] + row[i - bpp]) & 0xFF
        elif kind == 2:
            row = bytearray((a + b) & 0xFF for a, b in zip(row, previous, strict=True))
        elif kind == 3:
            for i in range(stride):
                left = row[i - bpp] if i >= bpp else 0
                row[i] = (row[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                left = row[i - bpp] if i >= bpp else 0
                up_left = previous[i - bpp] if i >= bpp else 0
                row[i] = (row[i] + _paeth(left, previous[i], up_left)) & 0xFF
        rows.append(row)
        previous = row
    return rows


def _halve(rows: list[bytearray], width: int, bpp: int) -> list[bytearray]:
    """Half the width and height; each pixel the channel-wise darkest of its 2 x 2 block."""
    half = width // 2
    out: list[bytearray] = []
    for top, bottom in zip(rows[0::2], rows[1::2], strict=False):
        both = bytes(map(min, top, bottom))
        even, odd = bytearray(half * bpp), bytearray(half * bpp)
        for c in range(bpp):
            even[c::bpp] = both[c : half * 2 * bpp : 2 * bpp]
            odd[c::bpp] = both[bpp + c : half * 2 * bpp : 2 * bpp]
        out.append(bytearray(map(min, even, odd)))
    return out


def _encode(rows: list[bytearray], width: int, colour: int) -> bytes:
    def chunk(tag: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, len(rows), 8, colour, 0, 0, 0)
    raw = b"".join(b"\x00" + bytes(row) for row in rows)
    return _MAGIC + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def downscaled_png(data: bytes, max_side: int) -> bytes:
    """``data`` halved until neither side exceeds ``max_side`` (unchanged if already small or not
    an 8-bit RGB/RGBA non-interlaced PNG)."""
    if not data.startswith(_MAGIC):
        return data
    chunks = _chunks(data)
    if not chunks or chunks[0][0] != b"IHDR":
        return data
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    bpp = _CHANNELS.get(colour)
    if bpp is None or depth != 8 or interlace or max(width, height) <= max_side:
        return data
    try:
        raw = zlib.decompress(b"".join(body for tag, body in chunks if tag == b"IDAT"))
    except zlib.error:
        return data
    if len(raw) != height * (width * bpp + 1):
        return data
    rows = _unfilter(raw, width, height, bpp)
    while max(width, len(rows)) > max_side and width >= 2 and len(rows) >= 2:
        rows, width = _halve(rows, width, bpp), width // 2
    return _encode(rows, width, colour)
