"""The exercise clock: speeds, steps that never pass a stop, no leap after a stall."""
from __future__ import annotations

from tui.clock import MAX_WALL_STEP_S, SPEEDS, ClockState, faster, next_stop, paused, slower, step_target, toggled


def test_speeds_step_through_the_four_settings_and_stop_at_the_ends() -> None:
    state = ClockState(speed=1.0)
    seen = [state.speed]
    for _ in range(5):
        state = faster(state)
        seen.append(state.speed)
    assert seen == [1.0, 10.0, 60.0, 600.0, 600.0, 600.0]
    assert slower(slower(slower(slower(state)))).speed == 1.0
    assert SPEEDS == (1.0, 10.0, 60.0, 600.0)


def test_a_resumed_odd_speed_snaps_to_the_nearest_setting() -> None:
    assert faster(ClockState(speed=55.0)).speed == 600.0
    assert slower(ClockState(speed=55.0)).speed == 10.0


def test_play_pause_and_labels() -> None:
    state = ClockState()
    assert not state.running and "PAUSED" in state.label
    assert toggled(state).running and "RUNNING 60×" in toggled(state).label
    assert not paused(toggled(state)).running


def test_a_step_is_wall_time_times_speed() -> None:
    # 0.1 s of wall time at 600× is 60 simulated seconds = 1 min.
    assert step_target(10.0, 0.1, 600.0, end_min=480.0) == 11.0
    assert step_target(10.0, 0.1, 1.0, end_min=480.0) == 10.0 + 0.1 / 60


def test_a_step_never_passes_the_next_stop_nor_the_end() -> None:
    assert step_target(8.5, 0.2, 600.0, end_min=480.0, stops=[9.0, 14.0]) == 9.0
    assert step_target(479.9, 0.2, 600.0, end_min=480.0) == 480.0
    # a stop just reached is not hit again
    assert step_target(9.0, 0.1, 600.0, end_min=480.0, stops=[9.0, 14.0]) == 10.0


def test_a_stalled_frame_does_not_make_the_clock_leap() -> None:
    # 5 s of wall time (a frozen UI) counts as MAX_WALL_STEP_S at most.
    assert step_target(0.0, 5.0, 600.0, end_min=480.0) == MAX_WALL_STEP_S * 600.0 / 60.0


def test_next_stop_is_strictly_after_now() -> None:
    assert next_stop(9.0, [3.0, 9.0, 12.0]) == 12.0
    assert next_stop(20.0, [3.0, 9.0]) is None
