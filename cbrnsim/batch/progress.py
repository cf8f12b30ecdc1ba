"""A progress bar with ETA on stderr, without a dependency.

On a terminal it redraws one line (``\\r``) at most ten times a second; into a file or a pipe (a
log, CI) it writes a plain line at every tenth of the work and at least every 30 s, so logs stay
readable. The rate and the ETA count only the replications finished in this invocation, so a
resumed study does not look faster than it is.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

REDRAW_S = 0.1
"""Shortest time between two redraws on a terminal (s)."""
LOG_EVERY_S = 30.0
"""Longest time between two lines when not on a terminal (s)."""


def format_duration(seconds: float) -> str:
    """``75`` → ``1:15``; ``3725`` → ``1:02:05``."""
    total = max(0, int(round(seconds)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class ProgressBar:
    """Replications done out of a total, with rate and estimated time left."""

    def __init__(self, total: int, stream: TextIO, *, already_done: int = 0, label: str = "batch",
                 clock: Callable[[], float] = time.monotonic, interactive: bool | None = None,
                 width: int = 28) -> None:
        """``already_done``: finished before this invocation (a resumed study)."""
        self.total = total
        """Replications in the study."""
        self.done = already_done
        """Replications finished (including resumed ones)."""
        self.failed = 0
        """Replications that failed in this invocation."""
        self._start_done = already_done
        self._stream = stream
        self._label = label
        self._clock = clock
        self._interactive = stream.isatty() if interactive is None else interactive
        self._width = width
        self._started = clock()
        self._last_draw = -float("inf")
        self._last_logged_tenth = -1
        self._blocks = self._block_characters()
        self._drawn_at: tuple[int, int] | None = None

    def _block_characters(self) -> tuple[str, str]:
        encoding = getattr(self._stream, "encoding", None) or "ascii"
        try:
            "█░".encode(encoding)
        except (UnicodeEncodeError, LookupError):
            return "#", "-"
        return "█", "░"

    def advance(self, ok: bool = True) -> None:
        """One more replication finished (``ok`` False: it failed)."""
        self.done += 1
        if not ok:
            self.failed += 1
        self._maybe_draw()

    def line(self) -> str:
        """The progress line as it would be drawn now."""
        fraction = self.done / self.total if self.total else 1.0
        filled = int(round(fraction * self._width))
        bar = self._blocks[0] * filled + self._blocks[1] * (self._width - filled)
        elapsed = self._clock() - self._started
        fresh = self.done - self._start_done
        parts = [f"{self._label} {bar} {self.done}/{self.total} {fraction:4.0%}"]
        if self.failed:
            parts.append(f"{self.failed} failed")
        if fresh > 0 and elapsed > 0:
            rate = fresh / elapsed
            parts.append(f"{rate:.1f} rep/s" if rate >= 1 else f"{1 / rate:.1f} s/rep")
            parts.append(f"elapsed {format_duration(elapsed)}")
            if self.done < self.total:
                parts.append(f"ETA {format_duration((self.total - self.done) / rate)}")
        else:
            parts.append(f"elapsed {format_duration(elapsed)}")
        return "  ".join(parts)

    def message(self, text: str) -> None:
        """Print a line of its own (a failure report) without breaking the bar."""
        if self._interactive and self._drawn_at is not None:
            self._stream.write("\r\x1b[2K" + text + "\n")
            self.draw()
        else:
            self._stream.write(text + "\n")
            self._stream.flush()

    def draw(self) -> None:
        """Draw the line now."""
        if self._interactive:
            self._stream.write("\r\x1b[2K" + self.line())
        else:
            self._stream.write(self.line() + "\n")
        self._stream.flush()
        self._drawn_at = (self.done, self.failed)
        self._last_draw = self._clock()

    def _maybe_draw(self) -> None:
        now = self._clock()
        if self._interactive:
            if now - self._last_draw >= REDRAW_S or self.done == self.total:
                self.draw()
            return
        tenth = int(10 * self.done / self.total) if self.total else 10
        if tenth > self._last_logged_tenth or now - self._last_draw >= LOG_EVERY_S:
            self._last_logged_tenth = tenth
            self.draw()

    def close(self) -> None:
        """Draw the final state and end the line."""
        if self._interactive:
            self.draw()
            self._stream.write("\n")
            self._stream.flush()
        elif self._drawn_at != (self.done, self.failed):
            self.draw()
