"""The exercise session: a pause stops the clock exactly, scheduled injects fire at their minute."""
from __future__ import annotations

import threading
import time
from pathlib import Path

from cbrnsim.scenario import MessageInject
from tui_support import tiny_exercise
from tui.session import ExerciseSession


def _session(tmp_path: Path) -> ExerciseSession:
    published = threading.Event()
    session = ExerciseSession(tiny_exercise(tmp_path), published.set, hold_at_due=False)
    session.start()
    return session


def _wait(condition, timeout_s: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


def test_a_pause_across_a_scheduled_inject_delivers_it_at_its_minute(tmp_path: Path) -> None:
    session = _session(tmp_path)
    try:
        session.change_speed(600.0).result(10)
        session.play_pause().result(10)
        _wait(lambda: session.submit(lambda ex: ex.now_min).result(10) >= 2.0)
        session.pause().result(10)
        paused_at = session.submit(lambda ex: ex.now_min).result(10)
        # Entered during the pause, for a minute ahead:
        at_min = float(int(paused_at) + 3)
        session.submit(lambda ex: ex.apply(MessageInject(time_min=at_min, content="Radio check"))).result(10)
        time.sleep(1.0)  # at 600×, a clock that kept counting through the pause would gain 10 minutes
        assert session.submit(lambda ex: ex.now_min).result(10) == paused_at
        session.play_pause().result(10)
        first_step = session.submit(lambda ex: ex.now_min).result(10)
        assert first_step - paused_at <= 0.5  # no leap on resume: at most one 50 ms step at 600×
        _wait(lambda: session.submit(lambda ex: ex.now_min).result(10) > at_min + 1)
        session.pause().result(10)
        store = session.exercise.store
        store.flush()
        applied = [e for e in store.events("exercise.message")]
        assert [e.t_min for e in applied] == [at_min]  # once, exactly at its minute
        assert session.submit(lambda ex: ex.pending_entries()).result(10) == ()
    finally:
        session.stop()


def test_the_clock_stops_on_every_scheduled_minute(tmp_path: Path) -> None:
    session = _session(tmp_path)
    try:
        times = (1.5, 1.75, 2.0)
        for t in times:
            session.submit(lambda ex, t=t: ex.apply(MessageInject(time_min=t, content=f"at {t}"))).result(10)
        seen: list[float] = []
        session.change_speed(600.0).result(10)
        session.play_pause().result(10)
        _wait(lambda: (seen.append(session.submit(lambda ex: ex.now_min).result(10)) or seen[-1]) > 2.5)
        session.pause().result(10)
        session.exercise.store.flush()
        assert [e.t_min for e in session.exercise.store.events("exercise.message")] == list(times)
    finally:
        session.stop()


def test_hold_at_due_stops_the_clock_when_an_msel_inject_falls_due(tmp_path: Path) -> None:
    published = threading.Event()
    session = ExerciseSession(tiny_exercise(tmp_path), published.set, hold_at_due=True)
    session.start()
    try:
        session.change_speed(600.0).result(10)
        session.play_pause().result(10)
        _wait(lambda: session.submit(lambda ex: ex.paused).result(10))
        now = session.submit(lambda ex: ex.now_min).result(10)
        assert now == 9.0  # MSEL 1 is scheduled at T+00:09
        statuses = session.submit(lambda ex: [item.status for item in ex.msel()]).result(10)
        assert statuses[0] == "due" and statuses[1] == "pending"
    finally:
        session.stop()


def test_run_to_stops_exactly_at_the_target(tmp_path: Path) -> None:
    session = _session(tmp_path)
    try:
        session.run_to(47.25).result(10)
        _wait(lambda: session.submit(lambda ex: ex.now_min).result(10) == 47.25)
        time.sleep(0.3)
        assert session.submit(lambda ex: ex.now_min).result(10) == 47.25
        kinds = [row.payload.get("action") for row in session.exercise.journal() if row.kind == "control"]
        assert kinds[-1] == "pause"  # journaled where it stopped: a resume comes back here
    finally:
        session.stop()
