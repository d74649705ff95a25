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
)
from sociocracy.core.fields import suggest_field

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
    return lambda place: (f"{person} is the {role} of '{circle}' but not one of its members; add "
                          f"{person} as a member{place('members')}, or give the role to a "
                          f"member{place(field)}.")


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
            self.add("no-circles", None, "The organisation has no circles yet; add at least "
                     "one circle under 'circles:'.", "circles",
                     app=lambda place: "The organisation has no circles yet; add the circle "
                     f"at the top{place('circles')}.")
        for key in self.org.extra:
            if key not in _TOP_EXTRA_FIELDS:
                self.add("unknown-field", None, f"The field '{key}' is not part of the format"
                         f"{suggest_field(key, _TOP_FIELDS)}; it is kept but not checked.",
                         str(key), app=_same_everywhere(
                             f"The file this map came from has a field '{key}' this app does not "
                             "show; it is kept when you save."))
        for circle in self.org.circles:
            key = circle.name.casefold()
            if key in self.by_name:
                self.add("duplicate-circle", circle, f"There are two circles called "
                         f"'{circle.name}'; rename one of them so that parents and links "
                         "are clear.", "name")
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
            self.add("several-top-circles", extra_top,
                     f"'{extra_top.name}' has no parent, and neither does '{tops[0].name}'. An "
                     f"organisation has one top circle: give '{extra_top.name}' a parent.",
                     "parent")
        self.domains()
        self.findings.sort(key=lambda f: f.line if f.line is not None else 10**9)
        return self.findings

    # ---- one block per rule ---------------------------------------------------------------
    def content(self, circle: Circle) -> None:
        if not circle.aim:
            self.add("missing-aim", circle, f"'{circle.name}' has no aim. Add 'aim:' saying "
                     "what the circle does, so members can tell whether a proposal serves it.",
                     "aim", app=lambda place: f"'{circle.name}' has no aim. Type what the circle "
                     f"does{place('aim')}, so members can tell whether a proposal serves it.")
        if not circle.domain_items():
            self.add("missing-domain", circle, f"'{circle.name}' has no domain. Add 'domain:' "
                     "listing what this circle decides about, so everyone knows who decides.",
                     "domain", app=lambda place: f"'{circle.name}' has no domain. List what this "
                     f"circle decides about{place('domain')}, so everyone knows who decides.")
        for key in circle.extra:
            if key not in _NOTE_FIELDS:
                self.add("unknown-field", circle, f"'{circle.name}' has a field '{key}' that is "
                         f"not part of the format{suggest_field(key, _CIRCLE_FIELDS)}; it is kept "
                         "but not checked.", str(key),
                         app=_same_everywhere(
                             f"'{circle.name}' has a field '{key}' in the file it came from that "
                             "this app does not show; it is kept when you save."))

    def membership(self, circle: Circle) -> None:
        size = len(self.members[id(circle)])
        if len(circle.members) != size:
            self.add("duplicate-member", circle, f"Someone is listed twice in the members of "
                     f"'{circle.name}'; list each person once.", "members")
        if not SMALLEST_CIRCLE <= size <= LARGEST_CIRCLE:
            advice = ("add members or merge it with another circle" if size < SMALLEST_CIRCLE
                      else "consider splitting it into sub-circles")
            self.add("circle-size", circle, f"'{circle.name}' has {size} member"
                     f"{'' if size == 1 else 's'}; circles work best with 5 to 7 (3 to 9 at "
                     f"most): {advice}.", "members")

    def parent(self, circle: Circle, in_cycle: dict[int, list[str]]) -> None:
        if circle.parent and circle.parent.casefold() not in self.by_name:
            self.add("unknown-parent", circle, f"The parent of '{circle.name}' is "
                     f"'{circle.parent}', but there is no circle with that name; check the "
                     "spelling or add that circle.", "parent")
        if id(circle) in in_cycle:
            loop = " → ".join(in_cycle[id(circle)])
            self.add("cycle", circle, f"The parents of '{circle.name}' go round in a loop "
                     f"({loop}); one of these circles needs a different parent.", "parent")

    def roles(self, circle: Circle) -> None:
        members = self.members[id(circle)]
        for role, person in circle.role_holders():
            if person.casefold() not in members:
                field = role if role in CIRCLE_ROLES else "roles"
                self.add("role-not-member", circle, f"{person} is the {role} of "
                         f"'{circle.name}' but not one of its members; add {person} to "
                         f"members, or give the role to a member.", field,
                         app=_role_not_member(person, role, circle.name, field))
        for op in circle.roles:
            if op.term_end and op.term_end < self.today:
                who = f"{op.holder}'s term" if op.holder else "The term"
                self.add("term-ended", circle, f"{who} as {op.name} in '{circle.name}' "
                         f"ended on {op.term_end.isoformat()}; hold a selection for the role "
                         "(the same person may be chosen again).", "roles")

    def links(self, circle: Circle) -> None:
        if circle.leader and circle.delegate \
                and circle.leader.casefold() == circle.delegate.casefold():
            self.add("leader-is-delegate", circle, f"{circle.leader} is both leader and "
                     f"delegate of '{circle.name}'. A double link needs two different people, "
                     "so two voices carry information between the circles.", "delegate")
        if not circle.parent:
            return  # the top circle needs no links
        parent = self.by_name.get(circle.parent.casefold())
        if not circle.leader:
            self.add("no-leader", circle, f"'{circle.name}' has no leader. The leader links "
                     f"it to '{circle.parent}' (chosen with the parent circle); add 'leader:'.",
                     "leader", app=lambda place: f"'{circle.name}' has no leader. The leader "
                     f"links it to '{circle.parent}' (chosen with the parent circle); choose "
                     f"one{place('leader')}.")
        if not circle.delegate:
            if circle.type == "helping":
                self.add("no-delegate", circle, f"Helping circle '{circle.name}' has no "
                         "delegate. That can be fine for a short-lived helping circle; add "
                         "'delegate:' if its members need a voice in the parent circle.",
                         "delegate", severity="warning",
                         app=lambda place: f"Helping circle '{circle.name}' has no delegate. "
                         "That can be fine for a short-lived helping circle; choose one"
                         f"{place('delegate')} if its members need a voice in the parent circle.")
            else:
                self.add("no-delegate", circle, f"'{circle.name}' has no delegate. The "
                         "delegate, chosen by the circle, carries its view to "
                         f"'{circle.parent}'; add 'delegate:'.", "delegate",
                         app=lambda place: f"'{circle.name}' has no delegate. The delegate, "
                         f"chosen by the circle, carries its view to '{circle.parent}'; choose "
                         f"one{place('delegate')}.")
        if parent is None or parent is circle:
            return
        parent_members = self.members[id(parent)]
        for role in ("leader", "delegate"):
            person = getattr(circle, role)
            if person and person.casefold() not in parent_members:
                self.add("link-not-in-parent", circle, f"{person} is the {role} of "
                         f"'{circle.name}' but not a member of its parent '{parent.name}'. "
                         "Leader and delegate are full members of both circles: add "
                         f"{person} to the members of '{parent.name}'.", role)

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
            self.add("overlapping-domains", two, f"'{two.name}' and '{one.name}' both have "
                     f"'{what}' in their domain, so it is unclear who decides. Give it to one "
                     "of them, or to a circle above both.", "domain")


def validate(org: Structure, today: date) -> list[Finding]:
    return _Rules(org, today).run()


def describe(org: Structure, limit: int = 30) -> str:
    """Sentences that say what the map shows: circles, nesting, members and links."""
    count = len(org.circles)
    parts = [f"Circle map of {org.name or 'an unnamed organisation'}: {count} "
             f"circle{'' if count == 1 else 's'}."]
    for circle in org.circles[:limit]:
        members = ", ".join(circle.members) if circle.members else "no members yet"
        where = (f"inside {circle.parent}" if circle.parent else "the top circle")
        text = f"{circle.name} ({circle.type}, {where}): {members}."
        links = [f"{role} {getattr(circle, role)}" for role in ("leader", "delegate")
                 if getattr(circle, role)]
        if links and circle.parent:
            text += f" Linked to {circle.parent} by " + " and ".join(links) + "."
        elif links:
            text += " " + ", ".join(links)[:1].upper() + ", ".join(links)[1:] + "."
        parts.append(text)
    if count > limit:
        parts.append(f"And {count - limit} more circles.")
    return " ".join(parts)
