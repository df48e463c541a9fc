"""Discord's size limits, and text shortening that respects them.

Discord rejects a whole message when one limit is exceeded, so every string we send is
cut to its limit here, with an ellipsis that shows something was left out.
"""

from __future__ import annotations

TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR = 256
EMBED_TOTAL = 6000  # all embeds of one message together
EMBEDS = 10
CONTENT = 2000
BUTTONS = 25  # components per message: 5 rows of 5
ROWS = 5
SELECT_OPTIONS = 25
OPTION_LABEL = 100
OPTION_DESCRIPTION = 100
BUTTON_LABEL = 80
THREAD_NAME = 100
MODAL_INPUT = 4000
MODAL_INPUTS = 5
MODAL_TITLE = 45
INPUT_LABEL = 45


def shorten(text: str, limit: int) -> str:
    """`text` flattened to one line of white space and cut to `limit` with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def clip(text: str, limit: int) -> str:
    """`text` (line breaks kept) cut to `limit` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
