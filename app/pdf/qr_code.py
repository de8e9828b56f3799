"""The modules of the card's QR code, made here for what a card encodes: a short ASCII text
(a tel: link) in byte mode at level M with mask 0, versions 1 to 6 — module for module the
code segno makes of it (tested against segno), in a tenth of its time and without importing
it (segno's writers import urllib, http and email: a twentieth of starting `ringbinder
print`). Anything else is None here, and app.pdf.qr asks segno.

ISO/IEC 18004: the bits are the mode (0100), the byte count, the bytes, a terminator and
padding as segno writes them, then the pad codewords; each block gets its Reed-Solomon
error correction; data then error codewords are interleaved and placed in the two-module
columns, up and down from the right, around the function patterns; mask 0 flips the
modules whose row and column add up to an even number.
"""

from __future__ import annotations

from functools import lru_cache

# level M: (data codewords a block, blocks, error correction codewords a block) by version
_BLOCKS = {1: (16, 1, 10), 2: (28, 1, 16), 3: (44, 1, 26), 4: (32, 2, 18), 5: (43, 2, 24),
           6: (27, 4, 16)}
_ALIGNMENT = {2: 18, 3: 22, 4: 26, 5: 30, 6: 34}  # the one alignment pattern's centre
_FORMAT_M_MASK_0 = 0b101010000010010  # level M (00), mask 000, its BCH bits, XOR 0x5412
_ALPHANUMERIC = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")

# GF(256) with the polynomial 0x11d, as tables of powers of 2 and their logarithms
_EXP = bytearray(512)
_LOG = bytearray(256)
_x = 1
for _i in range(255):
    _EXP[_i] = _x
    _LOG[_x] = _i
    _x <<= 1
    if _x & 0x100:
        _x ^= 0x11D
for _i in range(255, 512):
    _EXP[_i] = _EXP[_i - 255]


@lru_cache(maxsize=8)
def _generator(degree: int) -> tuple[int, ...]:
    """The Reed-Solomon generator polynomial of this degree, its coefficients after the
    leading 1 as logarithms."""
    poly = [1]
    for i in range(degree):  # times (x - 2^i)
        poly = [a ^ (_EXP[_LOG[b] + i] if b else 0)
                for a, b in zip([*poly, 0], [0, *poly], strict=True)]
    return tuple(_LOG[c] for c in poly[1:])


def _ecc(block: bytes | bytearray, degree: int) -> bytearray:
    """The error correction codewords of a block (the remainder of its division)."""
    gen = _generator(degree)
    rest = bytearray(block) + bytearray(degree)
    for k in range(len(block)):
        coef = rest[k]
        if coef:
            log = _LOG[coef]
            for n, g in enumerate(gen, k + 1):
                rest[n] ^= _EXP[log + g]
    return rest[len(block):]


@lru_cache(maxsize=8)
def _layout(version: int) -> tuple[tuple[bytearray, ...], tuple[tuple[int, int, int], ...]]:
    """(the function patterns and format information as rows, the data modules in the order
    the bits fill them: row, column, 1 where mask 0 flips the bit) of a version."""
    size = 17 + 4 * version
    rows = tuple(bytearray(size) for _ in range(size))
    used = [bytearray(size) for _ in range(size)]

    def put(r: int, c: int, dark: int) -> None:
        rows[r][c], used[r][c] = dark, 1

    for top, left in ((0, 0), (0, size - 7), (size - 7, 0)):  # finders and separators
        for r in range(-1, 8):
            for c in range(-1, 8):
                if 0 <= top + r < size and 0 <= left + c < size:
                    ring = max(abs(r - 3), abs(c - 3))
                    put(top + r, left + c, int(ring != 2 and ring != 4))
    for i in range(8, size - 8):  # timing
        put(6, i, int(i % 2 == 0))
        put(i, 6, int(i % 2 == 0))
    if version in _ALIGNMENT:
        centre = _ALIGNMENT[version]
        for r in range(-2, 3):
            for c in range(-2, 3):
                put(centre + r, centre + c, int(max(abs(r), abs(c)) != 1))
    bits = [(_FORMAT_M_MASK_0 >> i) & 1 for i in range(15)]
    for i in range(6):
        put(i, 8, bits[i])
    put(7, 8, bits[6])
    put(8, 8, bits[7])
    put(8, 7, bits[8])
    for i in range(9, 15):
        put(8, 14 - i, bits[i])
    for i in range(8):
        put(8, size - 1 - i, bits[i])
    for i in range(8, 15):
        put(size - 15 + i, 8, bits[i])
    put(size - 8, 8, 1)  # the dark module
    order = []
    for right in range(size - 1, 0, -2):
        if right <= 6:
            right -= 1  # the vertical timing pattern's column is skipped
        upwards = (right + 1) & 2 == 0
        for vertical in range(size):
            r = size - 1 - vertical if upwards else vertical
            for c in (right, right - 1):
                if not used[r][c]:
                    order.append((r, c, int((r + c) % 2 == 0)))
    return rows, tuple(order)


def qr_rows(value: str) -> tuple[bytearray, ...] | None:
    """The modules of `value`'s code row by row from the top (1 dark), as segno makes it
    with error="m", mask=0, boost_error=False; None when it is not a text made here: not
    ASCII, numeric or alphanumeric (another mode), or too long for version 6."""
    if not value.isascii() or value.isdigit() or _ALPHANUMERIC.issuperset(value):
        return None
    data = value.encode("ascii")
    version = next((v for v, (words, blocks, _e) in _BLOCKS.items()
                    if 12 + 8 * len(data) <= 8 * words * blocks), None)
    if version is None:
        return None
    words, blocks, degree = _BLOCKS[version]
    capacity = words * blocks
    bits = 4 + 8 + 8 * len(data)
    bits += min(8 * capacity - bits, 4)  # the terminator
    bits += 8 - bits % 8  # then zeros to a whole codeword (a whole one more, as segno does)
    stream = (((0b0100 << 8 | len(data)) << 8 * len(data) | int.from_bytes(data, "big"))
              << bits - 12 - 8 * len(data))
    message = bytearray(stream.to_bytes(bits // 8, "big"))
    for i in range(capacity - len(message)):
        message.append(0xEC if i % 2 == 0 else 0x11)
    parts = [message[b * words:(b + 1) * words] for b in range(blocks)]
    checks = [_ecc(part, degree) for part in parts]
    codewords = bytes(part[i] for i in range(words) for part in parts) + bytes(
        check[i] for i in range(degree) for check in checks)
    template, order = _layout(version)
    rows = tuple(bytearray(row) for row in template)
    placed = f"{int.from_bytes(codewords, 'big'):0{8 * len(codewords)}b}".ljust(len(order), "0")
    for (r, c, flip), bit in zip(order, placed, strict=True):  # the remainder bits are 0s
        rows[r][c] = flip ^ (bit == "1")
    return rows
