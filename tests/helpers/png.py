"""Decoding a PNG screenshot (8-bit RGB or RGBA, not interlaced) into pixels, to tell a blank
canvas from one with a part drawn on it."""

from __future__ import annotations

import struct
import zlib
from statistics import pvariance

_CHANNELS = {2: 3, 6: 4}  # colour type -> bytes per pixel (8-bit)


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def _unfilter(raw: bytes, width: int, height: int, bpp: int) -> list[bytearray]:
    stride = width * bpp
    rows: list[bytearray] = []
    previous = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        row = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = row[x - bpp] if x >= bpp else 0
            up = previous[x]
            corner = previous[x - bpp] if x >= bpp else 0
            predictor = (0, left, up, (left + up) // 2, _paeth(left, up, corner))[kind]
            row[x] = (row[x] + predictor) & 0xFF
        rows.append(row)
        previous = row
    return rows


def luminance(data: bytes) -> list[float]:
    """The grey level (0-255) of every pixel of a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    width = height = bpp = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        tag, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if tag == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in _CHANNELS and interlace == 0, (depth, colour, interlace)
            bpp = _CHANNELS[colour]
        elif tag == b"IDAT":
            idat += body
        pos += 12 + length
    rows = _unfilter(zlib.decompress(idat), width, height, bpp)
    return [
        0.299 * row[x] + 0.587 * row[x + 1] + 0.114 * row[x + 2]
        for row in rows
        for x in range(0, len(row), bpp)
    ]


def variance(data: bytes) -> float:
    """The variance of the grey levels of a PNG: about 0 for a blank image."""
    return pvariance(luminance(data))
