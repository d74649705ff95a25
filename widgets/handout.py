"""The handout of an intro session: one printable page made from the plan.

What sociocracy is in five sentences, what the group did in the session (the plan's parts), the
course's address as a QR code (when the course runs for a room, from the address phones join),
and where to learn more (SoFA's trainings and books). A self-contained HTML file: open it in the
browser, print it (A4 or Letter: it fits either, on one or two sides) or save it as PDF. Text
from the plan is escaped: a plan is a trainer's file, never markup.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit

from sociocracy.core import settings
from sociocracy.core.language import N_, PSEUDO, _, current
from sociocracy.intro_sessions import Plan

__all__ = ["FIVE_SENTENCES", "LEARN_MORE", "handout_html"]

#: Sociocracy in five sentences, in the course's words (lessons 01-06 give the sources).
FIVE_SENTENCES = (
    N_("Sociocracy is a way for a group to govern itself so that everyone's needs count and "
       "the work still gets done."),
    N_("Decisions are made by consent: a proposal goes ahead when nobody has an objection, a "
       "reason it would get in the way of the group's aim."),
    N_("An objection is information that improves the proposal, not a veto, and every decision "
       "has a date when it is reviewed."),
    N_("The work is shared among circles, each with an aim and a domain where it decides for "
       "itself, linked both ways by a leader and a delegate."),
    N_("Rounds give every person a turn to speak, and every meeting ends with an evaluation, so "
       "the group keeps learning how to work together."),
)

#: Where to learn more: (what, address).
LEARN_MORE = (
    (N_("Sociocracy For All (SoFA): articles, trainings, community"),
     "https://www.sociocracyforall.org/"),
    (N_("Many Voices One Song, SoFA's handbook"), "https://www.sociocracyforall.org/mvos/"),
    (N_("Sociocracy Basics: a study course for small groups"),
     "https://www.sociocracyforall.org/sociocracy-basics-empowered-learning-circle-course/"),
    (N_("The Sociocracy Leadership Training (SoLT)"), "https://www.sociocracyforall.org/solt/"),
)

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:11pt;
  line-height:1.35;color:#111;max-width:180mm;margin:12mm auto;padding:0 6mm}
h1{font-size:18pt;margin:0 0 2mm}h2{font-size:13pt;margin:5mm 0 2mm}
ol,ul{margin:0;padding-left:6mm}li{margin:0 0 1mm}
.qr{display:flex;gap:5mm;align-items:center;break-inside:avoid}
.qr img{width:32mm;height:32mm}a{color:#0b4f9c;overflow-wrap:anywhere}
@page{margin:12mm}
@media print{body{margin:0 auto;max-width:none;padding:0}a{text-decoration:none}
  section{break-inside:avoid}}
"""


def _course_address() -> str:
    """The course's address for the room (the origin phones join), or "" when not served so."""
    join = settings.join_url()
    if not join:
        return ""
    parts = urlsplit(join)
    return f"{parts.scheme}://{parts.netloc}/"


def handout_html(plan: Plan, *, course_address: str | None = None) -> str:
    """The handout of ``plan`` as a complete HTML document."""
    address = _course_address() if course_address is None else course_address
    esc = html.escape
    did = "".join(f"<li>{esc(part.title)}</li>" for part in plan.parts if part.kind != "break")
    sentences = "".join(f"<li>{esc(_(s))}</li>" for s in FIVE_SENTENCES)
    more = "".join(f"<li>{esc(_(what))}: <a href='{esc(url, quote=True)}'>{esc(url)}</a></li>"
                   for what, url in LEARN_MORE)
    qr = ""
    if address:
        import segno

        uri = segno.make(address, error="m").svg_data_uri(scale=4, border=2)
        alt = _("QR code of the course: {address}").format(address=address)
        link = f"<a href='{esc(address, quote=True)}'>{esc(address)}</a>"
        qr = (f"<section class='qr'><img src='{esc(uri, quote=True)}' alt='{esc(alt, quote=True)}'>"
              "<p>" + esc(_("The course we used today, to read and try again: {address} (on this "
                            "network, while the session runs).")).format(address=link)
              + "</p></section>")
    language = "en" if current() == PSEUDO else current()
    title = _("{title}: handout").format(title=plan.title)
    five, did_heading = _("Sociocracy in five sentences"), _("What we did")
    more_heading = _("Where to learn more")
    footer = _("Sociocracy as taught by Sociocracy For All. This handout was made by the "
               "Sociocracy Ambassador Course from the session's plan.")
    return (f"<!DOCTYPE html><html lang='{esc(language, quote=True)}'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>"
            f"<h1>{esc(plan.title)}</h1>"
            + (f"<p>{esc(plan.description)}</p>" if plan.description else "")
            + f"<section><h2>{esc(five)}</h2><ol>{sentences}</ol></section>"
            f"<section><h2>{esc(did_heading)}</h2><ol>{did}</ol></section>{qr}"
            f"<section><h2>{esc(more_heading)}</h2><ul>{more}</ul></section>"
            f"<p><small>{esc(footer)}</small></p></body></html>")
