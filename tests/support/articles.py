"""Invented articles for tests (ours; no real article is copied here)."""

from __future__ import annotations

HARBOUR = """\
The port of Valmora will close its northern terminal for six months, according to a \
report published on Tuesday by the Coastal Ledger.

Two officials familiar with the plan said the closure was approved in secret last month. \
"We were told not to discuss it until the contracts were signed," one of them said.

The harbour master, Elena Brask, reportedly told staff that the terminal's cranes had \
failed two safety inspections.

Transport Minister Paul Oduya denied that any decision had been made. "No closure has \
been approved, and none is planned this year," Oduya told Radio Valmora on Wednesday.

The shipping company Nordlane declined to comment.

It is unclear how many workers would be affected.
"""

HARBOUR_FOLLOW_UP = """\
Dock workers gathered outside the port of Valmora on Thursday after news of the closure \
spread.

Two officials familiar with the plan said the closure was approved in secret last month.

A union spokesman, Tomas Riel, said members would strike if the terminal closed. \
"Nobody asked the people who work here," Riel said.
"""

SCHOOLS = """\
The city council voted on Monday to merge three primary schools in the eastern district, \
council leader Maria Santos said in a statement.

According to a leaked budget document, the merger would save 4.2 million euros a year. \
A senior council official, speaking on condition of anonymity, said the savings were \
"wildly overstated".

Parents' groups allegedly plan to challenge the vote in court.
"""


def html_page(title: str, body: str) -> str:
    """An article page with the noise real pages have around the text."""
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n") if p.strip())
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><title>{title} | Coastal Ledger</title>
<meta property="og:site_name" content="Coastal Ledger">
<meta name="author" content="Ines Calloway">
<meta property="article:published_time" content="2031-03-04T08:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/ports">Ports</a> <a href="/weather">Weather</a></nav>
<article><h1>{title}</h1>{paragraphs}</article>
<footer>© Coastal Ledger. Subscribe for more harbour news.</footer>
</body></html>"""


ROUNDUP_PLACES = ["Valmora", "Kestrel Bay", "Northgate", "Ashby", "Lindqvist", "Port Ember"]
ROUNDUP_NAMES = ["Alder", "Brisk", "Corran", "Dunmore", "Ellery", "Farrow", "Gale", "Hollis"]


def council_roundup(sentences: int = 150) -> str:
    """An invented regional round-up, one sentence a paragraph: anonymous officials,
    hedged figures, a report of another paper, unnamed documents, unnamed sources and
    named councillors' denials, in turn, so most sentences leave something to verify."""
    paragraphs = []
    for i in range(sentences):
        place = ROUNDUP_PLACES[i % 6]
        name = ROUNDUP_NAMES[i % 8]
        text = [
            f"Officials familiar with the matter said the {place} depot number {i} would "
            f"lose {i + 3} jobs by spring.",
            f"The {place} water board reportedly spent {i + 2} million euros on pipe {i}.",
            f"According to a report in the Coastal Ledger, bus line {i} in {place} will be "
            f"cut in May.",
            f"A council memo seen by this newspaper says school {i} in {place} is to close.",
            f"People close to the harbour board in {place} say ferry route {i} will lose "
            "its night service.",
            f"Councillor {name} denied that the {place} library {i} would be sold.",
        ][i % 6]
        paragraphs.append(text)
    return "\n\n".join(paragraphs)
