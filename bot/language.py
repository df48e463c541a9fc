"""The language an article is written in (py3langid: a small model shipped in its wheel).

Loaded once per process on first use. Short or mixed texts give low confidence; callers
decide what confidence they need.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

_lock = threading.Lock()
SAMPLE = 4000  # characters read: plenty for a confident answer, cheap on long articles


@dataclass(frozen=True)
class Detected:
    code: str  # ISO 639-1, e.g. "en", "fr"
    confidence: float  # 0 to 1


@cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> Detected:
    """The most likely language of `text` and how sure the model is."""
    with _lock:
        identifier = _identifier()
    code, confidence = identifier.classify(text[:SAMPLE])
    return Detected(str(code), float(confidence))
