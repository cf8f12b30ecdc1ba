"""The progress bar: counts, rate, ETA; terminal redraws and plain log lines."""
from __future__ import annotations

import io

from cbrnsim.batch.progress import ProgressBar, format_duration


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    encoding = "utf-8"


def test_durations() -> None:
    assert format_duration(0) == "0:00"
    assert format_duration(75) == "1:15"
    assert format_duration(3725) == "1:02:05"


def test_line_shows_count_rate_and_eta() -> None:
    clock = FakeClock()
    bar = ProgressBar(10, Terminal(), clock=clock, interactive=True, width=10)
    clock.now += 4.0
    for _ in range(4):
        bar.advance()
    line = bar.line()
    assert "4/10" in line and "40%" in line and "1.0 rep/s" in line and "ETA 0:06" in line
    assert "████░░░░░░" in line


def test_eta_counts_only_this_invocation_when_resumed() -> None:
    clock = FakeClock()
    bar = ProgressBar(100, Terminal(), already_done=50, clock=clock, interactive=True)
    clock.now += 10.0
    bar.advance()
    assert "51/100" in bar.line() and "10.0 s/rep" in bar.line() and "ETA 8:10" in bar.line()


def test_failures_are_counted() -> None:
    bar = ProgressBar(3, Terminal(), clock=FakeClock(), interactive=True)
    bar.advance(ok=False)
    assert "1 failed" in bar.line()


def test_a_log_gets_one_line_per_tenth_not_per_replication() -> None:
    stream = io.StringIO()
    bar = ProgressBar(100, stream, clock=FakeClock(), interactive=False)
    for _ in range(100):
        bar.advance()
    bar.close()
    lines = stream.getvalue().splitlines()
    assert 10 <= len(lines) <= 12 and "\r" not in stream.getvalue()
    assert lines[-1].startswith("batch") and "100/100" in lines[-1]


def test_a_terminal_redraws_in_place_and_messages_keep_the_bar() -> None:
    clock = FakeClock()
    stream = Terminal()
    bar = ProgressBar(2, stream, clock=clock, interactive=True)
    bar.advance()
    bar.message("replication 1 failed")
    clock.now += 1.0
    bar.advance()
    bar.close()
    text = stream.getvalue()
    assert text.count("\r\x1b[2K") >= 3 and "replication 1 failed\n" in text and text.endswith("\n")


def test_ascii_blocks_where_the_stream_cannot_encode_them() -> None:
    class Ascii(io.StringIO):
        encoding = "ascii"

    bar = ProgressBar(4, Ascii(), clock=FakeClock(), interactive=True, width=4)
    bar.advance()
    assert "#---" in bar.line()
