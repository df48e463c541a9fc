"""The article's quotations as character ranges, found once per document, and whether an
offset lies inside one.
"""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc

from bot.analyzers.rules.spans import Offsets, text_of

QUOTATION = re.compile(r"“[^”]*”|\"[^\"\n]*\"|''[^'\n]*''")


def quoted_ranges(doc: Doc) -> list[Offsets]:
    """The quotations in the document, found once per document."""
    found: list[Offsets] | None = doc.user_data.get(_QUOTATIONS)
    if found is None:
        found = [(m.start(), m.end()) for m in QUOTATION.finditer(text_of(doc))]
        doc.user_data[_QUOTATIONS] = found
    return found


_QUOTATIONS = "factdesk.quotations"


def in_quotation(doc: Doc, offset: int) -> bool:
    """Whether `offset` lies inside one of the document's quotations (which never overlap),
    not on its opening mark."""
    quoted = quoted_ranges(doc)
    at = bisect.bisect_left(quoted, (offset, offset)) - 1
    return at >= 0 and offset < quoted[at][1]
