"""A model that takes its time: the fake OpenAI-compatible server answering each of the
invented ferry articles below with its one claim, after a delay."""

from __future__ import annotations

import re
from collections.abc import Callable

from tests.support.fake_openai import Received, Reply, completion

LINE = re.compile(r"Ferry line \d+ will close its route to [A-Z][a-z]+ next month, "
                  r"officials familiar with the plan said\.")


def article(n: int) -> str:
    """Invented article number `n`: each is different, so each is a cache miss."""
    towns = ["Orsk", "Belund", "Marrow", "Tavi", "Quell"]
    return (
        f"Ferry line {n} will close its route to {towns[n % 5]} next month, officials "
        "familiar with the plan said.\n\n"
        f"The operator declined to comment on the future of line {n}.\n\n"
        "Passengers said they had not been told."
    )


def slow_model(delay: float) -> Callable[[Received], Reply]:
    """A model that answers after `delay` seconds with the article's one claim."""
    def answer(request: Received) -> Reply:
        found = LINE.search(request.message("user"))
        claims = []
        if found:
            claims.append({"id": "c1", "statement": found.group(0), "quote": found.group(0),
                           "claimant": "officials familiar with the plan",
                           "attribution": None, "sourcing": "anonymous", "checkworthy": 0.8})
        draft = {"summary": "A ferry line is said to be closing.", "attributions": [],
                 "claims": claims, "denials": [], "flags": []}
        return Reply(json=completion(draft), delay=delay)

    return answer
