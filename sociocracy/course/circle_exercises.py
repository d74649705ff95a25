"""Self-checks for the circles exercise (``solutions/05_circles_solution.ipynb``): feedback text.

Learners answer in code; these functions say what is right, what is not yet answered (an
answer left as ``...``) and why, in sentences. They never raise on a wrong answer: a wrong
answer is part of learning, not an error.
"""

from __future__ import annotations

import json
from typing import Any

from sociocracy.circles import Organization, parse_organization
from sociocracy.core.language import N_, _, ngettext

__all__ = ["BROKEN_COOP", "COOP_WORDS", "DECISIONS", "broken_coop", "check_fixed",
           "check_who_decides", "decisions"]

#: A small co-op with four structure errors, for learners to fix. Its words are ``{fields}``
#: of :data:`COOP_WORDS`, filled in the page's language by :func:`broken_coop` (a learner on a
#: Spanish page fixes a Spanish co-op and reads the errors quoting its Spanish names).
BROKEN_COOP = """\
organization: {organization}
circles:
  - name: {general}
    aim: {general_aim}
    domain: {general_domain}
    members: [Ana, Ben, Chen, Dee]
  - name: {buying}
    parent: {general}
    aim: {buying_aim}
    domain: {buying_domain}
    members: [Ana, Eli, Fay, Gus]
    leader: Ana
    delegate: Ana
  - name: {shop}
    parent: {general}
    aim:
    domain: {shop_domain}
    members: [Ben, Hana, Ivo, Jo]
    leader: Ben
    delegate: Jo
"""

#: The broken co-op's words (English, marked for the catalogs).
COOP_WORDS: dict[str, str] = {
    "organization": N_("Hilltop Food Co-op"),
    "general": N_("General Circle"),
    "buying": N_("Buying"),
    "shop": N_("Shop Floor"),
    "general_aim": N_("Keep the shop running and the members well fed."),
    "general_domain": N_("budget, opening hours"),
    "buying_aim": N_("Buy good food at fair prices."),
    # Translators: a domain, items separated by commas; "stock" must be the same word in
    # "suppliers, stock" and "shelves, stock" (the exercise's error is that both claim it).
    "buying_domain": N_("suppliers, stock"),
    # Translators: see "suppliers, stock": the same word for "stock".
    "shop_domain": N_("shelves, stock"),
}


#: Decisions, and the domain item that says who makes each (in the Green Valley example). The
#: English decisions are the keys a learner's answer may use in any language; each decision and
#: item is marked for the catalogs: a page in another language shows the decision in it (a
#: learner there may answer with that text as the key), and looks the item up in the example's
#: translation (``translations/<lang>/examples/...``, whose domains are in that language).
DECISIONS: dict[str, tuple[str, str]] = {
    N_("Buy a new wheelbarrow for the garden"): (
        N_("garden tools"), N_("Garden tools are in the Garden circle's domain.")),
    N_("Hire a plumber to fix a leaking pipe"): (
        N_("contractors for repairs"), N_("Maintenance decides about contractors for repairs.")),
    N_("Agree next year's budget for all circles"): (
        N_("yearly budget"), N_("The yearly budget spans every circle, so the General Circle "
                                "holds it.")),
    N_("Move the summer party to August"): (
        N_("events"), N_("Events belong to the Community circle.")),
    N_("Change the co-op's legal statutes"): (
        N_("legal duties"), N_("Legal duties stay with the Mission Circle, like a board.")),
}


def decisions() -> list[str]:
    """The decisions of part 2, in the page's language (the keys a learner writes there)."""
    return [_(decision) for decision in DECISIONS]


def broken_coop() -> Organization:
    """A fresh copy of the broken organisation to fix, named in the page's language."""
    # JSON strings are YAML strings: a translation with a colon or a quote stays one value.
    words = {key: json.dumps(_(english), ensure_ascii=False)
             for key, english in COOP_WORDS.items()}
    return parse_organization(BROKEN_COOP.format(**words), "hilltop_food_coop.yaml")


def check_fixed(org: Any) -> str:
    """What is still wrong with the learner's organisation, or a well done."""
    if org is ... or not isinstance(org, Organization):
        return _("Not answered yet: fix the organisation in the cell above, then run this "
                 "again.")
    errors = [f for f in org.validate() if f.severity == "error"]
    if not errors:
        return _("Well done: no errors left. Every circle has an aim, a domain and a double "
                 "link.")
    lines = [ngettext("{count} error left:", "{count} errors left:", len(errors)).format(
        count=len(errors))]
    lines += [f"- {f.message}" for f in errors]
    return "\n".join(lines)


def check_who_decides(org: Organization, answers: Any) -> str:
    """Feedback on ``answers`` (decision -> circle name) against the domains in ``org``."""
    if answers is ... or not isinstance(answers, dict):
        answers = {}
    lines, right = [], 0
    for decision, (item, why) in DECISIONS.items():
        owner = org.who_decides(_(item)) or org.who_decides(item)
        expected = owner.name if owner else "the General Circle"
        shown = _(decision)
        given = answers.get(shown, answers.get(decision, ...))
        if given is ... or given is None:
            lines.append(_("- {decision}: not answered yet.").format(decision=shown))
        elif str(given).strip().casefold() == expected.casefold():
            right += 1
            lines.append(_("- {decision}: right, {circle}. {why}").format(
                decision=shown, circle=expected, why=_(why)))
        else:
            lines.append(_("- {decision}: not {given}. Look for '{item}' in the domains.").format(
                decision=shown, given=given, item=_(item)))
    lines.insert(0, _("{right} of {total} right.").format(right=right, total=len(DECISIONS)))
    return "\n".join(lines)
