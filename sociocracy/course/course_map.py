"""The course map: lessons, workshop apps, and the ten benefits an ambassador brings.

The map is data, so the course home, the tests and the README all read one list. A lesson or app
that does not exist yet is still listed: the home page shows it as "coming" instead of a broken
link, and it turns into a link the day its notebook lands.

The ten benefits come from the project's founding text (an ambassador's view of what sociocracy
ambassadors bring to society); the summaries here are our own words.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sociocracy.core.language import N_
from sociocracy.core.settings import package_course_folder

__all__ = ["APPS", "BENEFITS", "LESSONS", "Benefit", "Page", "course_root", "heading_anchor",
           "page_exists", "practice_link", "try_it_links"]


@dataclass(frozen=True)
class Page:
    """A lesson or an app: where its notebook lives (relative to the course root) and its title."""

    path: str
    title: str
    summary: str

    @property
    def slug(self) -> str:
        return Path(self.path).stem

    @property
    def practice(self) -> str | None:
        """The lesson's practice page (``exercises/<slug>.ipynb``), or ``None`` for apps and home.

        A practice page exists once a trainer adds ``exercises/data/<slug>.yaml`` and runs
        ``sociocracy-course build-exercises``; check with :func:`page_exists`.
        """
        if not self.path.startswith("lessons/") or self.slug == "00_start_here":
            return None
        return f"exercises/{self.slug}.ipynb"


@dataclass(frozen=True)
class Benefit:
    """One of the ten benefits, what practice embodies it, and the pages that teach it."""

    number: int
    name: str
    summary: str
    practice: str
    taught_in: tuple[str, ...]  # paths of lessons and apps, in the order a learner meets them
    #: Simulations that let a learner play with the benefit: (lesson path, the section's heading).
    #: The home links the section itself (``page#Heading-with-hyphens``), as Voila and
    #: JupyterLab name a heading's anchor.
    try_it: tuple[tuple[str, str], ...] = ()


LESSONS: tuple[Page, ...] = (
    Page("lessons/00_start_here.ipynb", N_("Start here"),
         "How the course works, what an ambassador does, and the map of the course."),
    Page("lessons/01_why_sociocracy.ipynb", N_("Why sociocracy?"),
         "Equivalence and effectiveness; consent, circles and feedback; how SoFA sociocracy "
         "compares with other ways of deciding together."),
    Page("lessons/02_rounds.ipynb", N_("Rounds"),
         "Who talks in an open discussion, and how speaking in turn changes it."),
    Page("lessons/03_consent.ipynb", N_("Consent and the range of tolerance"),
         "Preference versus tolerance; consent compared with majority vote and unanimity."),
    Page("lessons/04_objections.ipynb", N_("The consent process and objections"),
         "Objections as information, and ways to integrate them."),
    Page("lessons/05_circles.ipynb", N_("Circles, aims and domains"),
         "Who decides what: circles with an aim, a domain and members."),
    Page("lessons/06_double_linking.ipynb", N_("Double linking"),
         "A leader and a delegate carry information both ways between circles."),
    Page("lessons/07_selection.ipynb", N_("Selection"),
         "Choosing people for roles by reasons, in the open."),
    Page("lessons/08_proposal_forming.ipynb", N_("Proposal forming"),
         "Understanding the need, gathering considerations, shaping a proposal together."),
    Page("lessons/09_meetings.ipynb", N_("Meetings and evaluation"),
         "Check-in, agenda, decisions, and what a meeting evaluation teaches a circle."),
    Page("lessons/10_feedback.ipynb", N_("Feedback, terms and review dates"),
         "Lead, do, measure: policies that are reviewed and adapted."),
    Page("lessons/11_being_an_ambassador.ipynb", N_("Being an ambassador"),
         "Running a taste of sociocracy, case studies and their struggles, honest limits, "
         "where to train further."),
)

#: The page after the last lesson: what an ambassador can now do, where they stand (their
#: progress) and where to train further. Not a lesson (no quiz, no practice): the way from the
#: lessons to the workshop apps goes through it.
FINISH = Page("lessons/next_steps.ipynb", N_("Your next steps"),
              "What you can now do as an ambassador, where you stand in the course, and where "
              "to train further with Sociocracy For All.")

APPS: tuple[Page, ...] = (
    Page("apps/round_facilitator.ipynb", N_("Round facilitator"),
         "Run a round in a live meeting: whose turn it is, notes, timer, minutes."),
    Page("apps/consent_decision.ipynb", N_("Consent decision"),
         "Facilitate a consent decision step by step and hand out the record."),
    Page("apps/circle_map.ipynb", N_("Circle map"),
         "Map a group's circles and double links, and save the map."),
    Page("apps/selection.ipynb", N_("Selection"),
         "Select a person for a role by reasons and consent, and hand out the logbook entry."),
    Page("apps/meeting.ipynb", N_("Meeting"),
         "Plan a circle meeting in SoFA's frame, run it part by part, hand out the minutes."),
    Page("apps/intro_session.ipynb", N_("Intro session"),
         "Run an intro to sociocracy from a plan (three ship: a 45-minute taste, a 90-minute "
         "evening, a 3-hour workshop for an organisation): slides and activities on the "
         "projector, your notes and the clock on the laptop, a handout, the session's record."),
    Page("apps/workshop_room.ipynb", N_("Workshop room"),
         "People join from their phones: silent check-ins, consent and nominations, revealed "
         "together, then spoken in a round."),
)

#: Pages opened from another page, not stops on the way through the course: they have no
#: navigation cell and are not listed on the home (the audience view is the projector's window of
#: a workshop app, opened with the app's "Open the audience view").
COMPANIONS: tuple[Page, ...] = (
    Page("apps/audience.ipynb", N_("Audience view"),
         "The projector's window of a workshop app: only what the room needs to see."),
)

BENEFITS: tuple[Benefit, ...] = (
    Benefit(1, "Awareness and education",
            "Ambassadors help people meet sociocracy for the first time, and leave them with "
            "small moves they can try in their very next meeting.",
            "rounds as a first tool",
            ("lessons/02_rounds.ipynb", "apps/round_facilitator.ipynb",
             "lessons/09_meetings.ipynb", "lessons/11_being_an_ambassador.ipynb",
             "apps/intro_session.ipynb"),
            try_it=(("lessons/11_being_an_ambassador.ipynb", "Try it: change one meeting"),)),
    Benefit(2, "Better decisions",
            "Consent asks whether a proposal is good enough for now and safe enough to try, "
            "so groups decide with fewer people left out and fewer fights.",
            "consent and the range of tolerance",
            ("lessons/01_why_sociocracy.ipynb", "lessons/03_consent.ipynb",
             "apps/consent_decision.ipynb")),
    Benefit(3, "Collaboration",
            "Ambassadors model ways of thinking together: understanding a need first, "
            "collecting everyone's considerations, and shaping a proposal from them.",
            "picture forming and proposal shaping",
            ("lessons/08_proposal_forming.ipynb",)),
    Benefit(4, "Equity, inclusion and participation",
            "Speaking in rounds gives every voice a turn. People can feel the difference "
            "before they know any theory.",
            "rounds, passing rules, meeting evaluation",
            ("lessons/01_why_sociocracy.ipynb", "lessons/02_rounds.ipynb",
             "apps/round_facilitator.ipynb")),
    Benefit(5, "Conflict resolution",
            "An objection is information about a risk to the shared aim. The group works with "
            "it together; nobody judges whether it is allowed.",
            "objections and how to integrate them",
            ("lessons/04_objections.ipynb", "apps/consent_decision.ipynb",
             "lessons/08_proposal_forming.ipynb"),
            try_it=(("lessons/08_proposal_forming.ipynb", "Try it: a tension played through"),)),
    Benefit(6, "Empowerment and ownership",
            "Roles with clear domains and terms, given by open selection, let people take "
            "responsibility and be trusted with it.",
            "selection by reasons; roles and domains",
            ("lessons/07_selection.ipynb", "apps/selection.ipynb", "lessons/05_circles.ipynb")),
    Benefit(7, "Community building",
            "Check-ins, evaluations and honest stories from other groups, including their "
            "struggles, help a group grow its connections.",
            "check-in and evaluation rounds; case studies",
            ("lessons/09_meetings.ipynb", "apps/meeting.ipynb",
             "lessons/11_being_an_ambassador.ipynb")),
    Benefit(8, "Innovation and adaptation",
            "Decisions carry a review date and a way to measure them, so a group learns and "
            "adjusts instead of being stuck with yesterday's choices; ambassadors keep groups "
            "in touch with SoFA's trainings.",
            "terms, review dates, lead-do-measure",
            ("lessons/10_feedback.ipynb", "lessons/04_objections.ipynb",
             "lessons/next_steps.ipynb")),
    Benefit(9, "Sustainable practices",
            "Ambassadors help communities make environmentally responsible decisions: policies "
            "with a measure and a review date. Shared roles with limited terms spread the load "
            "(practitioners' experience: no study measured burnout), so groups and their "
            "volunteers last, and ambassadors stay present over time.",
            "policies with measures; distributed roles and terms",
            ("lessons/05_circles.ipynb", "lessons/10_feedback.ipynb",
             "lessons/11_being_an_ambassador.ipynb"),
            try_it=(("lessons/10_feedback.ipynb", "Try it: a growing garden"),)),
    Benefit(10, "Sociocracy diplomacy",
            "Double links, open selections and published minutes make governance transparent, "
            "which builds trust inside and between groups.",
            "double linking, transparency",
            ("lessons/06_double_linking.ipynb", "apps/circle_map.ipynb",
             "lessons/11_being_an_ambassador.ipynb")),
)


def course_root() -> Path:
    """The folder that holds ``lessons/`` and ``apps/`` when the course runs from its repository."""
    return package_course_folder()


def page_exists(path: str, root: Path | None = None) -> bool:
    """Whether a lesson or app notebook exists yet (else the course shows it as "coming")."""
    return ((root or course_root()) / path).is_file()


def page_by_path(path: str) -> Page:
    """The lesson or app with this path; a ``KeyError`` names it when it is not on the map."""
    for page in (*LESSONS, FINISH, *APPS, *COMPANIONS):
        if page.path == path:
            return page
    raise KeyError(f"{path} is not on the course map")


def _link(path: str, from_folder: str, root: Path | None) -> str:
    page = page_by_path(path)
    if not page_exists(path, root):
        return f"{page.title} *(coming)*"
    target = Path(path)
    href = target.name if str(target.parent) == from_folder else f"../{path}"
    return f"[{page.title}]({href})"


def practice_link(path: str, from_folder: str = "lessons", root: Path | None = None) -> str:
    """A Markdown link to a lesson's practice page ("" when it has none yet).

    For the course home and for the navigation at the end of each lesson; ``from_folder`` is the
    folder of the page the link appears on.
    """
    practice = page_by_path(path).practice
    if practice is None or not page_exists(practice, root):
        return ""
    href = f"../{practice}" if from_folder != "exercises" else Path(practice).name
    return f"[Practise: {page_by_path(path).title}]({href})"


def home_map_markdown(root: Path | None = None) -> str:
    """The "course map" section of the course home: every lesson and app, linked once it exists."""
    lines = ["## The course map", "", "### Lessons", "",
             "A lesson's practice page (in the browser, no programming needed) gives feedback "
             "on every answer, hints and worked answers.", ""]
    for page in LESSONS[1:]:
        number = page.slug.split("_", 1)[0]
        practice = practice_link(page.path, "lessons", root) if page_exists(page.path, root) else ""
        tail = f" {practice}." if practice else ""
        lines.append(f"{int(number)}. {_link(page.path, 'lessons', root)}: {page.summary}{tail}")
    lines += ["", f"When you finish: {_link(FINISH.path, 'lessons', root)}. {FINISH.summary}"]
    lines += ["", "### Workshop apps", "",
              "Tools for running a live session: project them, keep the record, hand out the "
              "minutes.", ""]
    for page in APPS:
        lines.append(f"- {_link(page.path, 'lessons', root)}: {page.summary}")
    return "\n".join(lines)


def heading_anchor(heading: str) -> str:
    """The anchor Voila and JupyterLab give a Markdown heading: its text, spaces as hyphens."""
    return "-".join(heading.split())


def try_it_links(benefit: Benefit, from_folder: str = "lessons",
                 root: Path | None = None) -> str:
    """"try it: [Change one meeting](11_...ipynb#Try-it:-change-one-meeting)", or "" for none."""
    links = []
    for path, heading in benefit.try_it:
        if not page_exists(path, root):
            continue
        target = Path(path)
        href = target.name if str(target.parent) == from_folder else f"../{path}"
        label = heading.split(":", 1)[-1].strip()
        links.append(f"[{label[:1].upper() + label[1:]}]({href}#{heading_anchor(heading)})")
    return "**Try it:** " + "; ".join(links) if links else ""


def home_benefits_markdown(root: Path | None = None) -> str:
    """The ten benefits, each with the practice that embodies it and where the course teaches it."""
    lines = ["## Ten benefits an ambassador brings, and where you learn each", "",
             "| # | Benefit | What it means | Practice | Where you learn it |",
             "|---|---|---|---|---|"]
    for benefit in BENEFITS:
        where = "; ".join(_link(path, "lessons", root) for path in benefit.taught_in)
        play = try_it_links(benefit, "lessons", root)
        where += f". {play}" if play else ""
        lines.append(f"| {benefit.number} | **{benefit.name}** | {benefit.summary} | "
                     f"{benefit.practice} | {where} |")
    return "\n".join(lines)


#: Cells of the course home that are generated from this map (by their tag).
GENERATED_HOME_CELLS = {"course-map": home_map_markdown, "benefits-map": home_benefits_markdown}
