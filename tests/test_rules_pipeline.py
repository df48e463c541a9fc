"""The loaded pipeline multiplies matrices with numpy on one BLAS thread, parses as
spaCy's default (blis) products do, and is left out of full garbage collections."""

from __future__ import annotations

import gc

import spacy
from spacy.tokens import Doc
from thinc.api import Model, NumpyOps
from threadpoolctl import threadpool_info

from bot.analyzers.rules.pipeline import DEFAULT_MODEL, load_pipeline

TEXT = (
    "PORT ALMERA, Tuesday\n\n"
    "The harbour board approved the ferry contract on Monday, two officials familiar with "
    "the talks said, although the mayor, Ana Ruiz, had called the bid “reckless” in March.\n\n"
    "“We were never shown the figures,” said Tom Alder, who runs the island's ferries. "
    "The board declined to comment. Critics say the deal could cost $4.5 million a year."
)


def _annotations(doc: Doc) -> list[tuple[str, str, str, int, str, str, bool]]:
    return [(t.text, t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_type_, bool(t.is_sent_start))
            for t in doc]


def test_every_model_uses_numpy_products_on_one_blas_thread() -> None:
    nlp = load_pipeline()
    models = [getattr(component, "model", None) for _, component in nlp.pipeline]
    nodes = [node for model in models if isinstance(model, Model) for node in model.walk()]
    assert nodes
    assert all(isinstance(n.ops, NumpyOps) and not n.ops.use_blis for n in nodes)
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == 1 for pool in blas)


def test_numpy_products_parse_as_the_default_products_do() -> None:
    default = spacy.load(DEFAULT_MODEL)
    default.add_pipe("factdesk_paragraphs", before="parser")
    assert _annotations(load_pipeline()(TEXT)) == _annotations(default(TEXT))


def test_the_loaded_pipeline_is_left_out_of_full_garbage_collections() -> None:
    load_pipeline()
    assert gc.get_freeze_count() > 10_000  # its vocabulary, tables and weights
