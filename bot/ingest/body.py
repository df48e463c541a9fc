"""Reading a response body within a byte cap, and turning its bytes into text.

The cap applies to the bytes we keep, after any gzip/deflate decoding, and is enforced
while decompressing (zlib's `max_length`), so a small compressed body cannot expand into
gigabytes in memory. We decode content encodings ourselves for that reason and advertise
only the two we decode.
"""

from __future__ import annotations

import codecs
import re
import zlib
from collections.abc import AsyncIterator

from bot.errors import FetchError

ACCEPT_ENCODING = "gzip, deflate"
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{1,40})""",
                           re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def human_size(n_bytes: int) -> str:
    """5242880 -> "5 MB"; small caps (as in tests) stay readable."""
    for unit, size in (("MB", 1024 * 1024), ("KB", 1024)):
        if n_bytes >= size:
            return f"{n_bytes / size:.3g} {unit}"
    return f"{n_bytes} bytes"


def too_large(cap: int) -> FetchError:
    return FetchError(
        f"That link serves a page larger than {human_size(cap)}, more than factdesk reads. "
        "Paste the article's text instead."
    )


class _Decoder:
    """One content encoding, decoded with a hard limit on the output size."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._zlib: zlib._Decompress | None = None

    def feed(self, chunk: bytes, room: int) -> bytes:
        """Decode `chunk`, producing at most `room` bytes (more means over the cap)."""
        if self.encoding == "identity":
            return chunk[:room]
        if self._zlib is None:
            self._zlib = zlib.decompressobj(self._wbits(chunk))
        try:
            return self._zlib.decompress(chunk, max(room, 1))
        except zlib.error as exc:
            raise FetchError(
                "The site sent a damaged (badly compressed) page. Try again later, or paste "
                "the article's text."
            ) from exc

    def _wbits(self, first: bytes) -> int:
        if self.encoding in ("gzip", "x-gzip"):
            return 16 + zlib.MAX_WBITS
        # "deflate" is zlib-wrapped by the standard, raw deflate by some servers.
        zlib_header = (
            len(first) >= 2 and first[0] & 0x0F == 8 and (first[0] << 8 | first[1]) % 31 == 0
        )
        return zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS


def decoder_for(content_encoding: str) -> _Decoder:
    encoding = content_encoding.strip().lower() or "identity"
    if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
        raise FetchError(
            "The site sent the page in a compression factdesk does not read. Paste the "
            "article's text instead."
        )
    return _Decoder(encoding)


async def read_capped(chunks: AsyncIterator[bytes], content_encoding: str, cap: int) -> bytes:
    """The decoded body, or FetchError as soon as it would exceed `cap` bytes."""
    decoder = decoder_for(content_encoding)
    parts: list[bytes] = []
    size = 0
    async for chunk in chunks:
        data = decoder.feed(chunk, cap - size + 1)
        size += len(data)
        if size > cap:
            raise too_large(cap)
        parts.append(data)
    return b"".join(parts)


def decode_text(body: bytes, header_charset: str | None, html: bool) -> str:
    """Bytes to text: byte-order mark, charset header, <meta charset>, then UTF-8/cp1252."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body.decode(name, errors="replace")
    candidates: list[str | None] = [header_charset]
    if html:
        found = _META_CHARSET.search(body[:4096])
        candidates.append(found.group(1).decode("ascii") if found else None)
    for label in candidates:
        codec = _codec(label)
        if codec is not None:
            return body.decode(codec, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None
    # Pages labelled Latin-1 are written in its superset, as browsers assume.
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec
