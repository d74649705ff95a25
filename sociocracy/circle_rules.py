"""The structure rules behind :meth:`sociocracy.circles.Organization.validate`, and its description.

Kept apart from the data model so that each rule reads as one short block. Every rule runs in
time proportional to the number of circles (one pass, dictionaries for look-ups), so that an
organisation of 1,000 circles is checked in milliseconds (``benchmarks/circles_bench.py``).
Sources for the rules: [MVOS] "Circle roles", "Double-linking", "Membership", "Types of circles"
(see ``shared/research/sociocracy-sources.md`` §1.6).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date

from sociocracy.circle_labels import no_members
from sociocracy.circle_model import (
    _CIRCLE_FIELDS,
    _TOP_FIELDS,
    CIRCLE_ROLES,
    FINDING_CODES,
    LARGEST_CIRCLE,
    SMALLEST_CIRCLE,
    Circle,
    Finding,
    Structure,
    role_label,
    type_label,
)
from sociocracy.core.fields import suggest_field
from sociocracy.core.language import _, ngettext

#: ``place("aim")`` -> " in the Aim box" (or ""): where an app sets a field, for its messages.
Place = Callable[[str], str]

#: Free-text fields trainers may add anywhere without a warning.
_NOTE_FIELDS = ("notes", "description")
#: Top-level fields read by other parts of the course: ``policies`` (sociocracy.policies).
_TOP_EXTRA_FIELDS = (*_NOTE_FIELDS, "policies")


def _same_everywhere(text: str) -> Callable[[Place], str]:
    """An app wording that names no place (bound now, not when the finding is shown)."""
    return lambda _place: text


def _role_not_member(person: str, role: str, circle: str, field: str) -> Callable[[Place], str]:
    return lambda place: _(
        "{person} is the {role} of '{circle}' but not one of its members; add {person} as a "
        "member{members_place}, or give the role to a member{role_place}.").format(
        person=person, role=role_label(role), circle=circle, members_place=place("members"),
        role_place=place(field))


class _Rules:
    """One validation run: look-up tables built once, findings collected in order."""

    def __init__(self, org: Structure, today: date) -> None:
        self.org = org
        self.today = today
        self.findings: list[Finding] = []
        self.by_name: dict[str, Circle] = {}
        self.members: dict[int, set[str]] = {
            id(c): {m.casefold() for m in c.members} for c in org.circles
        }

    def add(self, code: str, circle: Circle | None, message: str, field: str = "",
            severity: str | None = None, app: Callable[[Place], str] | None = None) -> None:
        """One finding. ``message`` speaks of the file's keys; ``app(place)``, when the fix names
        a key, says the same in an app's words, ``place("aim")`` being where the app sets it."""
        line = circle.line(field) if circle is not None else self.org.lines.get(field)
        self.findings.append(Finding(
            code=code, severity=severity or FINDING_CODES[code],
            circle=circle.name if circle is not None else None, message=message,
            line=line, field=field or None, app_text=app,
        ))

    def run(self) -> list[Finding]:
        if not self.org.circles:
            self.add("no-circles", None, _("The organisation has no circles yet; add at least "
                     "one circle under 'circles:'."), "circles",
                     app=lambda place: _("The organisation has no circles yet; add the circle "
                                         "at the top{place}.").format(place=place("circles")))
        for key in self.org.extra:
            if key not in _TOP_EXTRA_FIELDS:
                self.add("unknown-field", None, _(
                    "The field '{field}' is not part of the format{suggestion}; it is kept but "
                    "not checked.").format(field=key, suggestion=suggest_field(key, _TOP_FIELDS)),
                    str(key), app=_same_everywhere(_(
                        "The file this map came from has a field '{field}' this app does not "
                        "show; it is kept when you save.").format(field=key)))
        for circle in self.org.circles:
            key = circle.name.casefold()
            if key in self.by_name:
                self.add("duplicate-circle", circle, _(
                    "There are two circles called '{circle}'; rename one of them so that "
                    "parents and links are clear.").format(circle=circle.name), "name")
            else:
                self.by_name[key] = circle
        in_cycle = self.cycles()
        tops = [c for c in self.org.circles if not c.parent]
        for circle in self.org.circles:
            self.content(circle)
            self.membership(circle)
            self.parent(circle, in_cycle)
            self.roles(circle)
            self.links(circle)
        for extra_top in tops[1:]:
            self.add("several-top-circles", extra_top, _(
                "'{circle}' has no parent, and neither does '{top}'. An organisation has one top "
                "circle: give '{circle}' a parent.").format(circle=extra_top.name,
                                                            top=tops[0].name), "parent")
        self.domains()
        self.findings.sort(key=lambda f: f.line if f.line is not None else 10**9)
        return self.findings

    # ---- one block per rule ---------------------------------------------------------------
    def content(self, circle: Circle) -> None:
        name = circle.name
        if not circle.aim:
            self.add("missing-aim", circle, _(
                "'{circle}' has no aim. Add 'aim:' saying what the circle does, so members can "
                "tell whether a proposal serves it.").format(circle=name),
                "aim", app=lambda place: _(
                    "'{circle}' has no aim. Type what the circle does{place}, so members can "
                    "tell whether a proposal serves it.").format(circle=name,
                                                                  place=place("aim")))
        if not circle.domain_items():
            self.add("missing-domain", circle, _(
                "'{circle}' has no domain. Add 'domain:' listing what this circle decides "
                "about, so everyone knows who decides.").format(circle=name),
                "domain", app=lambda place: _(
                    "'{circle}' has no domain. List what this circle decides about{place}, so "
                    "everyone knows who decides.").format(circle=name, place=place("domain")))
        for key in circle.extra:
            if key not in _NOTE_FIELDS:
                self.add("unknown-field", circle, _(
                    "'{circle}' has a field '{field}' that is not part of the format{suggestion}; "
                    "it is kept but not checked.").format(
                    circle=name, field=key, suggestion=suggest_field(key, _CIRCLE_FIELDS)),
                    str(key), app=_same_everywhere(_(
                        "'{circle}' has a field '{field}' in the file it came from that this app "
                        "does not show; it is kept when you save.").format(circle=name,
                                                                          field=key)))

    def membership(self, circle: Circle) -> None:
        size = len(self.members[id(circle)])
        if len(circle.members) != size:
            self.add("duplicate-member", circle, _(
                "Someone is listed twice in the members of '{circle}'; list each person "
                "once.").format(circle=circle.name), "members")
        if size < SMALLEST_CIRCLE:
            message = ngettext(
                "'{circle}' has {count} member; circles work best with 5 to 7 (3 to 9 at most): "
                "add members or merge it with another circle.",
                "'{circle}' has {count} members; circles work best with 5 to 7 (3 to 9 at most): "
                "add members or merge it with another circle.", size)
        elif size > LARGEST_CIRCLE:
            message = ngettext(
                "'{circle}' has {count} member; circles work best with 5 to 7 (3 to 9 at most): "
                "consider splitting it into sub-circles.",
                "'{circle}' has {count} members; circles work best with 5 to 7 (3 to 9 at most): "
                "consider splitting it into sub-circles.", size)
        else:
            return
        self.add("circle-size", circle, message.format(circle=circle.name, count=size),
                 "members")

    def parent(self, circle: Circle, in_cycle: dict[int, list[str]]) -> None:
        if circle.parent and circle.parent.casefold() not in self.by_name:
            self.add("unknown-parent", circle, _(
                "The parent of '{circle}' is '{parent}', but there is no circle with that name; "
                "check the spelling or add that circle.").format(circle=circle.name,
                                                                 parent=circle.parent), "parent")
        if id(circle) in in_cycle:
            loop = " → ".join(in_cycle[id(circle)])
            self.add("cycle", circle, _(
                "The parents of '{circle}' go round in a loop ({loop}); one of these circles "
                "needs a different parent.").format(circle=circle.name, loop=loop), "parent")

    def roles(self, circle: Circle) -> None:
        members = self.members[id(circle)]
        for role, person in circle.role_holders():
            if person.casefold() not in members:
                field = role if role in CIRCLE_ROLES else "roles"
                self.add("role-not-member", circle, _(
                    "{person} is the {role} of '{circle}' but not one of its members; add "
                    "{person} to members, or give the role to a member.").format(
                    person=person, role=role_label(role), circle=circle.name), field,
                    app=_role_not_member(person, role, circle.name, field))
        for op in circle.roles:
            if op.term_end and op.term_end < self.today:
                if op.holder:
                    message = _("{person}'s term as {role} in '{circle}' ended on {date}; hold a "
                                "selection for the role (the same person may be chosen "
                                "again).")
                else:
                    message = _("The term as {role} in '{circle}' ended on {date}; hold a "
                                "selection for the role (the same person may be chosen "
                                "again).")
                self.add("term-ended", circle, message.format(
                    person=op.holder, role=op.name, circle=circle.name,
                    date=op.term_end.isoformat()), "roles")

    def links(self, circle: Circle) -> None:
        name = circle.name
        if circle.leader and circle.delegate \
                and circle.leader.casefold() == circle.delegate.casefold():
            self.add("leader-is-delegate", circle, _(
                "{person} is both leader and delegate of '{circle}'. A double link needs two "
                "different people, so two voices carry information between the "
                "circles.").format(person=circle.leader, circle=name), "delegate")
        if not circle.parent:
            return  # the top circle needs no links
        parent = self.by_name.get(circle.parent.casefold())
        above = circle.parent
        if not circle.leader:
            self.add("no-leader", circle, _(
                "'{circle}' has no leader. The leader links it to '{parent}' (chosen with the "
                "parent circle); add 'leader:'.").format(circle=name, parent=above),
                "leader", app=lambda place: _(
                    "'{circle}' has no leader. The leader links it to '{parent}' (chosen with "
                    "the parent circle); choose one{place}.").format(
                    circle=name, parent=above, place=place("leader")))
        if not circle.delegate:
            if circle.type == "helping":
                self.add("no-delegate", circle, _(
                    "Helping circle '{circle}' has no delegate. That can be fine for a "
                    "short-lived helping circle; add 'delegate:' if its members need a voice "
                    "in the parent circle.").format(circle=name),
                    "delegate", severity="warning",
                    app=lambda place: _(
                        "Helping circle '{circle}' has no delegate. That can be fine for a "
                        "short-lived helping circle; choose one{place} if its members need a "
                        "voice in the parent circle.").format(circle=name,
                                                               place=place("delegate")))
            else:
                self.add("no-delegate", circle, _(
                    "'{circle}' has no delegate. The delegate, chosen by the circle, carries "
                    "its view to '{parent}'; add 'delegate:'.").format(circle=name, parent=above),
                    "delegate", app=lambda place: _(
                        "'{circle}' has no delegate. The delegate, chosen by the circle, carries "
                        "its view to '{parent}'; choose one{place}.").format(
                        circle=name, parent=above, place=place("delegate")))
        if parent is None or parent is circle:
            return
        parent_members = self.members[id(parent)]
        for role in ("leader", "delegate"):
            person = getattr(circle, role)
            if person and person.casefold() not in parent_members:
                self.add("link-not-in-parent", circle, _(
                    "{person} is the {role} of '{circle}' but not a member of its parent "
                    "'{parent}'. Leader and delegate are full members of both circles: add "
                    "{person} to the members of '{parent}'.").format(
                    person=person, role=role_label(role), circle=name, parent=parent.name), role)

    # ---- rules about the whole tree ------------------------------------------------------
    def cycles(self) -> dict[int, list[str]]:
        """Circles whose chain of parents loops, with the loop's names (walk each chain once)."""
        state: dict[int, int] = {}  # 1: being walked, 2: done
        loops: dict[int, list[str]] = {}
        for start in self.org.circles:
            path: list[Circle] = []
            node: Circle | None = start
            while node is not None and id(node) not in state:
                state[id(node)] = 1
                path.append(node)
                node = self.by_name.get(node.parent.casefold()) if node.parent else None
            if node is not None and state[id(node)] == 1:
                loop = path[path.index(node):]
                names = [c.name for c in loop] + [node.name]
                for member in loop:
                    loops[id(member)] = names
            for walked in path:
                state[id(walked)] = 2
        return loops

    def ancestors(self, circle: Circle) -> set[int]:
        seen: set[int] = set()
        node = self.by_name.get(circle.parent.casefold()) if circle.parent else None
        while node is not None and id(node) not in seen:
            seen.add(id(node))
            node = self.by_name.get(node.parent.casefold()) if node.parent else None
        return seen

    def domains(self) -> None:
        """Two circles claim the same domain item, and neither is inside the other."""
        claims: dict[str, list[Circle]] = defaultdict(list)
        for circle in self.org.circles:
            for item in dict.fromkeys(circle.domain_items()):
                claims[item].append(circle)
        pairs: dict[tuple[int, int], list[str]] = {}
        ancestors: dict[int, set[int]] = {}
        for item, circles in claims.items():
            if len(circles) < 2:
                continue
            for j, later in enumerate(circles):
                for earlier in circles[:j]:
                    a = ancestors.setdefault(id(later), self.ancestors(later))
                    b = ancestors.setdefault(id(earlier), self.ancestors(earlier))
                    if id(earlier) in a or id(later) in b or earlier is later:
                        continue
                    pairs.setdefault((id(earlier), id(later)), []).append(item)
        by_id = {id(c): c for c in self.org.circles}
        for (first, second), items in pairs.items():
            one, two = by_id[first], by_id[second]
            what = "', '".join(items)
            self.add("overlapping-domains", two, _(
                "'{circle}' and '{other}' both have '{items}' in their domain, so it is unclear "
                "who decides. Give it to one of them, or to a circle above both.").format(
                circle=two.name, other=one.name, items=what), "domain")


def validate(org: Structure, today: date) -> list[Finding]:
    return _Rules(org, today).run()


def describe(org: Structure, limit: int = 30) -> str:
    """Sentences that say what the map shows: circles, nesting, members and links."""
    count = len(org.circles)
    parts = [ngettext("Circle map of {organisation}: {count} circle.",
                      "Circle map of {organisation}: {count} circles.", count).format(
        organisation=org.name or _("an unnamed organisation"), count=count)]
    for circle in org.circles[:limit]:
        members = ", ".join(circle.members) if circle.members else no_members()
        if circle.parent:
            text = _("{circle} ({type}, inside {parent}): {members}.")
        else:
            text = _("{circle} ({type}, the top circle): {members}.")
        text = text.format(circle=circle.name, type=type_label(circle.type),
                           parent=circle.parent, members=members)
        leader, delegate = circle.leader, circle.delegate
        if circle.parent and leader and delegate:
            links = _("Linked to {parent} by leader {leader} and delegate {delegate}.")
        elif circle.parent and leader:
            links = _("Linked to {parent} by leader {leader}.")
        elif circle.parent and delegate:
            links = _("Linked to {parent} by delegate {delegate}.")
        elif leader and delegate:
            links = _("Leader {leader}, delegate {delegate}.")
        elif leader:
            links = _("Leader {leader}.")
        elif delegate:
            links = _("Delegate {delegate}.")
        else:
            links = ""
        if links:
            text += " " + links.format(parent=circle.parent, leader=leader, delegate=delegate)
        parts.append(text)
    if count > limit:
        parts.append(ngettext("And {count} more circles.", "And {count} more circles.",
                              count - limit).format(count=count - limit))
    return " ".join(parts)
