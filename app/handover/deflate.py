"""A handover body deflated on several cores (the JSON of 10,000 dossiers is some 45 MB),
yet as one ordinary zlib stream: the colleague's Ringbinder inflates it as any other."""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor

# 1, zlib's fast matcher, not its default 6: the 45 MB of JSON of 10,000 dossiers deflate
# in 0.35 s of CPU to 9.6 MB, where level 4 takes 0.58 s for 8.4 MB and 6 more still (the
# 200 documents' base64, Huffman-coded alike at any level, take 0.45 s for 30.6 MB): the
# file is 3% larger (40.2 MB instead of 39.0). Any level inflates alike
ZLIB_LEVEL = 1
COMPRESS_CHUNK = 1 << 20  # bytes deflated as one piece, at most
DATA_KEY, MIN_BASE64_RUN = b'"data":"', 16 * 1024  # a document's bytes in the JSON


def _pieces(data: bytes) -> Iterator[tuple[bytes, bool]]:
    """`data` cut into pieces to deflate apart, each with whether it is a document's base64
    text (`"data":"…"`, long): such text has no repeats worth finding, and Huffman coding
    alone packs it as small several times faster. Where the cuts fall only changes the
    speed and the size, never what inflates."""
    def cut(start: int, end: int, base64_text: bool) -> Iterator[tuple[bytes, bool]]:
        for at in range(start, end, COMPRESS_CHUNK):
            yield data[at:min(end, at + COMPRESS_CHUNK)], base64_text

    done = pos = 0
    while (found := data.find(DATA_KEY, pos)) >= 0:
        start = found + len(DATA_KEY)
        end = data.find(b'"', start)
        if end < 0:
            break
        if end - start >= MIN_BASE64_RUN:
            yield from cut(done, start, False)
            yield from cut(start, end, True)
            done = end
        pos = end
    yield from cut(done, len(data), False)


def _deflate(piece: bytes, base64_text: bool) -> tuple[bytes, int, int]:
    """A raw deflate piece, ending on a byte boundary (not the last block), with the
    piece's Adler-32 and length (the stream's checksum is combined from them)."""
    deflater = zlib.compressobj(
        ZLIB_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS, 8,
        zlib.Z_HUFFMAN_ONLY if base64_text else zlib.Z_DEFAULT_STRATEGY)
    return (deflater.compress(piece) + deflater.flush(zlib.Z_SYNC_FLUSH), zlib.adler32(piece),
            len(piece))


_ADLER_BASE = 65521


def adler32_combine(first: int, second: int, second_length: int) -> int:
    """The Adler-32 of two pieces one after the other, from each one's (zlib's
    adler32_combine, which Python's zlib does not offer): each piece's checksum is taken
    on the thread that deflates it."""
    rem = second_length % _ADLER_BASE
    sum1 = first & 0xFFFF
    sum2 = rem * sum1 % _ADLER_BASE
    sum1 += (second & 0xFFFF) + _ADLER_BASE - 1
    sum2 += (first >> 16) + (second >> 16) + _ADLER_BASE - rem
    return (sum1 % _ADLER_BASE) | (sum2 % _ADLER_BASE) << 16


class Deflater:
    """One zlib stream made from the pieces fed to it, deflated on the other cores while
    the next piece is being made (zlib lets other threads run), each ending on a byte
    boundary so that they join into one stream, as pigz does. A body of up to
    COMPRESS_CHUNK is deflated in one go, as zlib.compress does it."""

    def __init__(self) -> None:
        self._small: list[bytes] = []
        self._size = 0
        self._pool: ThreadPoolExecutor | None = None
        self._parts: list[Future[tuple[bytes, int, int]]] = []

    def feed(self, data: bytes) -> None:
        if self._pool is None:
            self._small.append(data)
            self._size += len(data)
            if self._size <= COMPRESS_CHUNK:
                return
            self._pool = ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1))
            data, self._small = b"".join(self._small), []
        for piece, base64_text in _pieces(data):
            self._parts.append(self._pool.submit(_deflate, piece, base64_text))

    def finish(self) -> bytes:
        if self._pool is None:
            return zlib.compress(b"".join(self._small), ZLIB_LEVEL)
        try:
            done = [part.result() for part in self._parts]
        finally:
            self.close()
        adler = zlib.adler32(b"")
        for _deflated, piece_adler, length in done:
            adler = adler32_combine(adler, piece_adler, length)
        end = zlib.compressobj(ZLIB_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS).flush()
        header = zlib.compress(b"", ZLIB_LEVEL)[:2]  # deflate, 32 KiB window: as zlib.compress
        return b"".join([header, *(deflated for deflated, _a, _n in done), end,
                         adler.to_bytes(4, "big")])

    def close(self) -> None:
        """Stop the threads (what is left undone is dropped); finish() does it too."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)


def compress(data: bytes) -> bytes:
    """`data` as one zlib stream (see Deflater)."""
    deflater = Deflater()
    try:
        deflater.feed(data)
        return deflater.finish()
    finally:
        deflater.close()
