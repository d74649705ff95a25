"""Selection widgets, headless: a whole selection by clicking, hostile text, resuming."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from sociocracy.widgets import BallotComparison, NominationGrid, SelectionFacilitator

from sociocracy.core.errors import CourseError
from sociocracy.rooms import RoomStore
from sociocracy.selection import SelectionProcess
from tests.conftest import stop_every_screen

HOSTILE = "<img src=x onerror=alert(1)>"
SCRIPTY = "<script>alert('x')</script> $x^2$"
MEMBERS = ["Ana", "Bérénice", "Chloé", "Dev"]
TODAY = dt.date(2027, 1, 15)


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("SOCIOCRACY_COURSE_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("SOCIOCRACY_COURSE_STORE", raising=False)
    with RoomStore() as opened:
        yield opened


def _html_of(widget) -> str:
    """Every HTML value under ``widget`` that is displayed: what the page would show."""
    found, stack = [], [widget]
    while stack:
        item = stack.pop()
        if getattr(getattr(item, "layout", None), "display", None) == "none":
            continue
        if type(item).__name__ in ("HTML", "ChartView") and isinstance(item.value, str):
            found.append(item.value)
        stack.extend(getattr(item, "children", ()))
    return "\n".join(found)


def _facilitator(store=None, **kwargs) -> SelectionFacilitator:
    return SelectionFacilitator(f"Facilitator {HOSTILE}", MEMBERS,
                                description=f"Runs our meetings {SCRIPTY}", term_months=12,
                                qualifications=["calm", HOSTILE], store=store,
                                record=store is not None, today=lambda: TODAY, **kwargs)


def _through_nominations(f: SelectionFacilitator) -> None:
    f.start_button.click()
    assert f.process is not None and f.process.step == "role"
    f.next_button.click()
    assert f.process.step == "nominations"
    picks = {"Ana": "Bérénice", "Bérénice": "Bérénice", "Chloé": "Dev", "Dev": "Dev"}
    for number, (who, whom) in enumerate(picks.items()):
        assert f.nominator_choice.value == who  # the next slip is offered by itself
        f.nominee_choice.choice = whom
        f.nomination_reason.value = f"{who} says {HOSTILE}"
        f.nominate_button.click()
        assert f.status.value == "", f.status.value
        # Silent: the slips stay hidden until all are in.
        if number < 3:
            assert f"{who} says" not in _html_of(f)


def _to_consent(f: SelectionFacilitator) -> None:
    _through_nominations(f)
    f.next_button.click()
    assert f.process.step == "nomination-round"
    shown = _html_of(f)
    assert html.escape("Ana says " + HOSTILE) in shown  # the grid, all at once
    assert f.pass_button.disabled and "Passing is not possible" in shown
    for _ in MEMBERS:
        f.read_button.click()
    f.next_button.click()
    assert f.process.step == "change-round"
    f.change_button.click()                                   # Ana: no change
    f.change_button.click()                                   # Bérénice: no change
    f.change_choice.value = "Bérénice"
    f.change_reason.value = "Ana's reason moved me"
    f.change_button.click()                                   # Chloé changes
    f.change_reason.value = f"still Dev {SCRIPTY}"
    f.change_button.click()                                   # Dev: no change, with a reason
    turns = f.process.rounds[-1][1].turns
    assert [t.passed for t in turns] == [False] * 4
    assert turns[0].note == "no change (keeps Bérénice)"
    f.next_button.click()
    assert f.process.step == "proposal"
    f.candidate_choice.value = "Dev"                          # not the most nominated
    f.proposal_reasons.value = f"ran the youth group\nkeeps time {HOSTILE}"
    f.propose_button.click()
    assert "not the most nominated" in f.proposal_view.value
    f.next_button.click()
    assert f.process.step == "consent-round"
    assert f.process.round.order[-1] == "Dev"


def test_a_whole_selection_by_clicking_with_one_objection_integrated(store):
    f = _facilitator(store)
    _to_consent(f)
    f.consent_button.click()                                  # Ana
    f.object_button.click()                                   # Bérénice, without a reason
    assert "needs a reason" in f.status.value and 'role="alert"' in f.status.value
    f.consent_reason.value = f"Dev is away in June {HOSTILE}"
    f.object_button.click()
    f.consent_button.click()                                  # Chloé
    assert "Dev" in f.speaker_view.value and "Next: nobody" in f.speaker_view.value
    f.consent_button.click()                                  # Dev, last
    f.next_button.click()
    assert f.process.step == "integrate-objections"
    f.strategy_choice.value = "shorten-term"
    f.detail_months.value = 5
    f.integrate_button.click()
    f.next_button.click()
    for _ in MEMBERS:
        f.consent_button.click()
    f.next_button.click()
    assert f.process.step == "decided" and f.start_date.value == TODAY
    f.announce_button.click()
    assert f.process.step == "announced"
    shown = _html_of(f)
    assert "Dev holds the role of Facilitator" in shown and "until 2027-06-15" in shown
    # hostile text only ever escaped; MathJax is told to leave the facilitator alone
    assert "<img src=x" not in shown and "<script>" not in shown
    assert html.escape(HOSTILE) in f.role_view.value
    assert "tex2jax_ignore" in f._dom_classes
    # the logbook entry holds every reason
    entry = f.entry_preview.value
    assert f.download.link.data.decode("utf-8") == entry
    for reason in ("Ana says", "Bérénice says", "Chloé says", "Dev says", "Ana's reason moved me",
                   "still Dev", "ran the youth group", "keeps time", "Dev is away in June",
                   "shortened the term from 12 to 5 months"):
        assert reason in entry, reason
    assert "\\<img src=x onerror=alert(1)>" in entry
    # the record holds every step, and the session is finished
    session = store.sessions("selection")[0]
    assert session.finished and session.steps[-1][0] == "announce"
    assert SelectionProcess.replay(session.setup["process"], session.steps).to_markdown() == entry


def test_a_refused_click_shows_the_reason_and_changes_nothing(store):
    f = _facilitator(store)
    f.start_button.click()
    f.next_button.click()
    f.nominee_choice.choice = None                             # a blank slip: passing
    f.nomination_reason.value = "no idea"
    f.nominate_button.click()
    assert "cannot pass" in f.status.value
    f.nominee_choice.choice = "Ana"
    f.nomination_reason.value = ""
    f.nominate_button.click()
    assert "reason" in f.status.value
    f.next_button.click()
    assert "Not every nomination is in yet" in f.status.value
    assert f.process.nominations == {}
    assert [step for step, _ in store.sessions("selection")[0].steps] == ["advance"]


def test_a_killed_app_resumes_in_a_new_widget_from_the_record(store):
    first = _facilitator(store)
    _through_nominations(first)
    first.next_button.click()
    first.read_button.click()
    before = first.process.to_markdown()
    del first                                                 # the kernel dies here
    stop_every_screen(store)

    again = SelectionFacilitator(store=store, today=lambda: TODAY)
    assert again.resume_box.layout.display is None
    assert "An unfinished selection was found." in again.resume_text.value
    assert "4 steps" not in again.resume_text.value and "7 steps" in again.resume_text.value
    again.resume_button.click()
    p = again.process
    assert p is not None and p.step == "nomination-round" and len(p.round.turns) == 1
    assert p.to_markdown() == before
    assert "Resumed" in again.status.value
    again.read_button.click()                                 # and it goes on recording
    assert store.sessions("selection")[0].steps[-1][0] == "read_nomination"
    assert len(store.sessions("selection")) == 1


def test_setting_an_unfinished_selection_aside_starts_afresh(store):
    _through_nominations(_facilitator(store))
    stop_every_screen(store)  # that page stopped
    again = SelectionFacilitator(store=store)
    again.set_aside_button.click()
    assert again.resume_box.layout.display == "none"
    assert store.unfinished_sessions("selection") == []
    assert SelectionFacilitator(store=store).resume_box.layout.display == "none"


class _FailingSession:
    def record(self, step, data, **_screen):
        raise CourseError("The workshop record is locked.")

    def finish(self):  # pragma: no cover - never reached
        pass


def test_a_step_that_cannot_be_recorded_is_not_shown_as_done():
    f = _facilitator()
    f.start_button.click()
    f.session = _FailingSession()
    f.next_button.click()
    assert f.process.step == "role"
    assert "not saved" in f.status.value and "locked" in f.status.value


def test_without_recording_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.setenv("SOCIOCRACY_COURSE_DATA", str(tmp_path / "data"))
    f = _facilitator()
    f.start_button.click()
    f.next_button.click()
    assert f.session is None and not (tmp_path / "data").exists()


def test_a_lesson_keeps_no_record_so_it_offers_no_phones():
    f = _facilitator()
    f.start_button.click()
    f.next_button.click()
    assert f.phones_box.layout.display == "none"


def test_bad_set_up_is_refused_in_words():
    f = SelectionFacilitator("", ["Ana"], record=False)
    f.start_button.click()
    assert f.process is None and 'role="alert"' in f.setup_status.value
    f.role_input.value = "Delegate"
    f.start_button.click()
    assert "at least two members" in f.setup_status.value


def test_the_nomination_grid_shows_before_and_after_as_text():
    f = _facilitator()
    _to_consent(f)
    grid = NominationGrid(f.process)
    assert "Nominations as written" in grid.table.value
    assert "<th scope='row'><bdi>Bérénice</bdi></th><td>2</td>" in grid.table.value
    grid.view.value = "after"
    assert "Nominations after the change round" in grid.table.value
    assert "<th scope='row'><bdi>Bérénice</bdi></th><td>3</td>" in grid.table.value
    assert "(was <bdi>Dev</bdi>)" in grid.table.value


def test_the_ballot_comparison_reruns_and_says_what_it_shows():
    view = BallotComparison(trials=2_000)
    first = view.result
    assert "illustrative" in view.summary.value and "Secret ballot" in view.chart.alt
    view.reason_popularity.value = 1.0
    assert view.result is not first
    assert view.result.options["reason_popularity"] == 1.0
    assert "best-fitting person chosen" in view.chart.alt



def test_the_ballot_comparison_opened_from_the_cache_runs_no_simulation(tmp_path, monkeypatch):
    """Issue 27: lesson 07 ran 5,000 simulated groups each time it opened. The next visitor's
    page shows the same chart, text alternative and sentence without simulating; moving a
    control still simulates and redraws."""
    from sociocracy.widgets import chart_cache
    from sociocracy.widgets import selection as module

    monkeypatch.setenv("SOCIOCRACY_COURSE_CACHE", str(tmp_path))

    def shown(view):  # the chart without the ids made unique to each showing
        return re.sub(r"-c\d+([)\"])", r"\1", view.chart.value)

    runs: list[int] = []
    simulate = module.compare_selection

    def counted(*args, **kwargs):
        runs.append(1)
        return simulate(*args, **kwargs)

    monkeypatch.setattr(module, "compare_selection", counted)
    chart_cache._memory.clear()  # a machine that drew nothing yet (other tests drew this chart)
    first = BallotComparison()
    assert len(runs) == 1  # the first visit on this machine works it out
    chart_cache._memory.clear()  # the next visitor's kernel: only the disk
    view = BallotComparison()
    assert runs == [1], "the page simulated again although its opening was kept"
    assert view.chart.from_cache and shown(view) == shown(first)
    assert view.chart.alt == first.chart.alt and "5,000 simulated groups of 8" in view.chart.alt
    assert view.summary.value == first.summary.value and "illustrative" in view.summary.value
    view.listening.value = 0.0  # the learner moves a control
    assert len(runs) == 2 and view.result.options["listening"] == 0.0
    assert not view.chart.from_cache and shown(view) != shown(first)
    assert view.chart.alt != first.chart.alt
    assert view.summary.value == module.feedback_html(view.result.summary(), kind="neutral")
    view.listening.value = 0.5  # back to the opening: the same chart as the opening's
    assert len(runs) == 3 and view.chart.from_cache and shown(view) == shown(first)
    assert view.chart.alt == first.chart.alt


def test_the_ballot_comparisons_kept_opening_matches_a_fresh_simulation(tmp_path, monkeypatch):
    """What the opening shows from the cache is what the simulation says, to the last digit."""
    monkeypatch.setenv("SOCIOCRACY_COURSE_CACHE", str(tmp_path))
    BallotComparison(trials=1_000)
    view = BallotComparison(trials=1_000)
    alt, summary = view.chart.alt, view.summary.value
    view.run()
    assert (view.chart.alt, view.summary.value) == (alt, summary)
    assert list((tmp_path / "opening-values").glob("*.json"))


KILLED = """
import os, sys, datetime as dt
from sociocracy.rooms import RoomStore
from sociocracy.widgets import SelectionFacilitator
f = SelectionFacilitator("Delegate", ["Ana", "Ben", "Chloé"], store=RoomStore(sys.argv[1]))
f.start_button.click()
f.next_button.click()
for who, whom in (("Ana", "Ben"), ("Ben", "Ben"), ("Chloé", "Ana")):
    f.nominee_choice.choice = whom
    f.nomination_reason.value = who + " has a reason"
    f.nominate_button.click()
f.next_button.click()
f.read_button.click()
print("shown", f.process.step, len(f.process.round.turns), flush=True)
os.kill(os.getpid(), 9)
"""


def test_a_kernel_killed_with_sigkill_loses_no_step_shown_as_done(tmp_path):
    import subprocess
    import sys

    record = tmp_path / "record.sqlite3"
    result = subprocess.run([sys.executable, "-c", KILLED, str(record)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == -9, result.stderr
    assert "shown nomination-round 1" in result.stdout
    with RoomStore(record) as store:
        again = SelectionFacilitator(store=store)
        again.resume_button.click()
        p = again.process
        assert p.step == "nomination-round" and len(p.round.turns) == 1
        assert p.round.turns[0].note == "nominates Ben: Ana has a reason"


def test_the_phones_write_the_slips_counted_then_revealed_and_a_bad_one_is_shown_to_fix(store):
    room = store.create_room("Circle meeting")
    keys = {name: room.join(name).key for name in [*MEMBERS, HOSTILE]}
    f = _facilitator(store, refresh_every=0)
    f.start_button.click()
    f.next_button.click()
    assert f.ask_button.description == "Ask the phones"
    assert f.reveal_button.layout.display == "none"
    f.ask_button.click()
    assert f.status.value == "", f.status.value
    assert "0 of 5 answered" in f.phones_view.value and f.reveal_button.layout.display is None
    assert f.ask_button.layout.display == "none"  # asking again would start the phones afresh
    asked = room.current_activity
    for who, whom in {"Ana": "dev", "Bérénice": "Dev", "Chloé": "Ana"}.items():
        room.respond(keys[who], asked, nominee=whom, reason=f"{who} says {SCRIPTY}")
    room.respond(keys["Dev"], asked, nominee=HOSTILE, reason="who?")
    room.respond(keys[HOSTILE], asked, nominee="Ana", reason="a guest")
    f.nominator_choice.value = "Dev"  # the secretary was about to type a slip
    f.count_phones()
    assert "5 of 5 answered" in f.phones_view.value
    assert f.nominator_choice.value == "Dev"  # a new count does not wipe the form
    assert "Ana says" not in _html_of(f)  # how many, never what
    f.reveal_button.click()
    assert f.process.nominations["Ana"].nominee == "Dev"
    assert sorted(f.process.nominations) == ["Ana", "Bérénice", "Chloé"]
    shown = _html_of(f)
    assert "<img src=x" not in shown and html.escape(HOSTILE) in f.fix_view.value
    assert "Dev nominated" in f.status.value and "not a member of this circle" in f.status.value
    # Dev's slip is loaded in the form: the facilitator picks whom Dev meant
    assert f.nominator_choice.value == "Dev" and f.nomination_reason.value == "who?"
    f.nominee_choice.choice = "Ana"
    f.nominate_button.click()
    assert f.process.nominations["Dev"].nominee == "Ana"
    assert f"The slip from {html.escape(HOSTILE)}" in f.fix_view.value  # the guest's, next
    assert f.ask_button.layout.display is None and "revealed" in f.phones_view.value
    f.drop_slip_button.click()
    assert f.fix_box.layout.display == "none"
    assert "Slips in: <strong>4 of 4" in f.slips_view.value
    f.next_button.click()
    assert f.process.step == "nomination-round"


def test_two_views_of_one_selection_stay_in_step():
    from sociocracy.sessions import SelectionSession

    shared = SelectionSession()
    laptop = SelectionFacilitator("Delegate", ["Ana", "Ben"], selection=shared, record=False)
    projector = SelectionFacilitator(selection=shared, record=False)
    laptop.start_button.click()
    assert projector.running in projector.children  # it shows the selection too
    laptop.next_button.click()
    assert "Step 2 of 8" in projector.progress.value
    projector.nominee_choice.choice = "Ben"
    projector.nomination_reason.value = "steady"
    projector.nominate_button.click()
    assert "Slips in: <strong>1 of 2" in laptop.slips_view.value
