"""The room in a facilitator's session: from a phone's "Send" to the count on the facilitator's
session, and from "Reveal" to the spoken round ready, with 30 phones.

``sociocracy-course workshop`` on 127.0.0.1 with a throwaway record; 30 phones (threads, each
from its own 127.0.6.N address, plain HTTP posts to ``/join`` as a phone's browser sends them)
join a room made by a :class:`~sociocracy.sessions.WorkshopSession`, the facilitator's session.

1. **Send -> counted.** The session asks a check-in; the phones post their answers at once
   (released together by a barrier) while the facilitator's session is refreshed
   (:meth:`WorkshopSession.refresh`, which reads :meth:`RoomLink.progress`), either every 10 ms
   (the cost of the path itself) or every ``REFRESH_EVERY`` s (the app's own refresh, what the
   facilitator's screen shows). For the k-th answer acknowledged, the time from its send until
   the session counts k (median, worst). Baseline in the same run: one phone answering alone,
   counted by the session refreshed every 10 ms.
2. **Reveal -> spoken round.** With 30 answers in: the time of :meth:`WorkshopSession.reveal`
   until the spoken round is ready (its first speaker and note set; the reveal, the round's
   record and its first step written), and the same through the Workshop room view (headless
   ipywidgets: the click on "Reveal all answers" until the round panel shows the first name).
   Baseline in the same run: the store alone revealing an activity of 30 answers and reading
   them (``Room.reveal`` + ``Room.responses``).

Targets (issue 20): counted within 2 s, the spoken round within 1 s. Figures are printed, never
asserted. Usage: ``python benchmarks/room_bench.py [--phones 30] [--reveals 5]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sociocracy.rooms import RoomStore  # noqa: E402
from sociocracy.sessions import WorkshopSession  # noqa: E402
from sociocracy.sessions.room_link import REFRESH_EVERY  # noqa: E402
from tools.course_server import start_course_server  # noqa: E402
from tools.join_client import Phone  # noqa: E402


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def run_all(target, count: int) -> None:
    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


class Crowd:
    """The phones of one room, each with the answer form already on its screen."""

    def __init__(self, base: str, code: str, token: str, phones: int) -> None:
        self.code = code
        self.phones = [Phone(base, source=f"127.0.6.{i + 1}") for i in range(phones)]
        self.errors: list[str] = []
        for phone in self.phones:
            phone.scan(code, token)

        def join(i: int) -> None:
            reply = self.phones[i].join(code, f"Person {i}")
            if reply.status != 200:
                self.errors.append(f"join {i}: HTTP {reply.status}")

        run_all(join, phones)

    def answer(self, activity_id: int, who: range | None = None) -> tuple[list[float],
                                                                           list[float]]:
        """The phones ``who`` (default: all) send at once; (send times, reply times)."""
        chosen = list(who if who is not None else range(len(self.phones)))
        for i in chosen:  # the form is on each screen before "Send"
            self.phones[i].get(f"/join/{self.code}")
        sent = [0.0] * len(chosen)
        replied = [0.0] * len(chosen)
        barrier = threading.Barrier(len(chosen))

        def send(n: int) -> None:
            i = chosen[n]
            form = {"action": "answer", "activity": str(activity_id), "words": f"Fine, {i}"}
            barrier.wait()
            sent[n] = time.perf_counter()
            reply = self.phones[i].post(f"/join/{self.code}", form, follow=False)
            replied[n] = time.perf_counter()
            if reply.status != 303:
                self.errors.append(f"answer {i}: HTTP {reply.status}")

        run_all(send, len(chosen))
        return sent, replied


def counted(session: WorkshopSession, crowd: Crowd, every: float,
            who: range | None = None) -> list[float]:
    """Ask a check-in, let the phones answer, refresh the session every ``every`` seconds (on
    this thread, as the kernel's loop would) until all are counted; each answer's send -> count.
    """
    session.ask("check-in", "How are you arriving?")
    activity = session.state.activity
    expected = len(who) if who is not None else len(crowd.phones)
    result: dict[str, tuple[list[float], list[float]]] = {}
    phones = threading.Thread(target=lambda: result.setdefault(
        "times", crowd.answer(activity.id, who)))
    samples: list[tuple[float, int]] = []
    phones.start()
    deadline = time.perf_counter() + 30
    while time.perf_counter() < deadline:
        session.refresh()
        samples.append((time.perf_counter(), session.state.answered))
        if samples[-1][1] >= expected and not phones.is_alive():
            break
        time.sleep(every)
    phones.join()
    sent, replied = result["times"]
    # The k-th answer acknowledged is counted once the session reads k (commits come first).
    order = sorted(range(len(sent)), key=lambda n: replied[n])
    lags = []
    for rank, n in enumerate(order, start=1):
        seen = next((t for t, count in samples if count >= rank and t >= sent[n]), None)
        lags.append(seen - sent[n] if seen is not None else float("inf"))
    return lags


def reveals(store: RoomStore, session: WorkshopSession, crowd: Crowd, times: int) -> None:
    from sociocracy.widgets import WorkshopRoom

    room = session.state.room
    view = WorkshopRoom(store, join_url="", refresh_every=0)
    view.open_room(room.code)
    bare, through_session, through_view = [], [], []
    for _ in range(times):
        activity = room.open_activity("check-in", "baseline")
        crowd.answer(activity.id)
        start = time.perf_counter()
        room.reveal(activity)
        assert len(room.responses(activity)) == len(crowd.phones)
        bare.append(time.perf_counter() - start)

        session.ask("check-in", "through the session")
        crowd.answer(session.state.activity.id)
        start = time.perf_counter()
        problem = session.reveal()
        first = session.state.answers[0][0] if session.state.answers else "?"
        assert session.state.spoken.current == first, problem
        through_session.append(time.perf_counter() - start)

        view.open_activity("check-in", "through the view")
        crowd.answer(view.activity.id)
        start = time.perf_counter()
        view.reveal_button.click()
        first = view.session.state.answers[0][0] if view.session.state.answers else "?"
        assert view.round_panel.now.value == first and view.round_panel.note.value
        through_view.append(time.perf_counter() - start)
    view.close()
    base = statistics.median(bare)
    print(f"Reveal, {len(crowd.phones)} answers (median of {times}):")
    print(f"  store alone: reveal + read (baseline)   {ms(base)}")
    for label, figures in (("session: reveal -> spoken round ready", through_session),
                           ("view (headless): click -> first name", through_view)):
        median = statistics.median(figures)
        print(f"  {label:38s}{ms(median)}  worst {ms(max(figures))}  "
              f"x{median / base:.1f} baseline  target 1 s: "
              f"{'met' if max(figures) <= 1.0 else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=30)
    parser.add_argument("--reveals", type=int, default=5)
    args = parser.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory(prefix="room-bench-") as folder:
        data = Path(folder) / "data"
        server = start_course_server(Path(folder) / "server.log", command="workshop",
                                     extra_args=("--address", "127.0.0.1"),
                                     extra_env={"SOCIOCRACY_COURSE_DATA": str(data)})
        try:
            with RoomStore(data) as store:
                session = WorkshopSession(store)
                session.create_room("Benchmark")
                room = session.state.room
                crowd = Crowd(server.base, room.code, room.token, args.phones)
                alone = [counted(session, crowd, 0.01, range(i, i + 1))[0] for i in range(5)]
                fast = counted(session, crowd, 0.01)
                app = counted(session, crowd, REFRESH_EVERY)
                base = statistics.median(alone)
                print(f"Phones: {args.phones}; errors: {len(crowd.errors)}")
                for problem in crowd.errors[:5]:
                    print(f"  {problem}")
                print("Send -> counted on the facilitator's session:")
                print(f"  one phone alone, session read every 10 ms (baseline) {ms(base)}")
                refresh = f"{args.phones} at once, the app's {REFRESH_EVERY:g} s refresh"
                for label, lags in ((f"{args.phones} at once, session read every 10 ms", fast),
                                    (refresh, app)):
                    median = statistics.median(lags)
                    print(f"  {label:52s}{ms(median)}  worst {ms(max(lags))}  "
                          f"x{median / base:.1f} baseline  counted within 2 s: "
                          f"{sum(lag <= 2.0 for lag in lags)} of {len(lags)}")
                reveals(store, session, crowd, args.reveals)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
