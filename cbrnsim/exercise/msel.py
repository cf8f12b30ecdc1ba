"""MSEL status: which scripted injects have been delivered, skipped, are due or still ahead.

Status of an MSEL inject at clock time ``now_min``:

- ``delivered`` — a ``deliver`` journal entry was applied (at ``delivered_at_min``);
- ``skipped``   — a ``skip`` journal entry was applied (the controller decided not to play it);
- ``due``       — neither, and its scheduled time has come (``time_min ≤ now_min``): the
  controller should deliver or skip it now;
- ``pending``   — neither, and its scheduled time is still ahead.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..scenario import Inject, Scenario, format_time_min, in_delivery_order

MselStatus = Literal["pending", "due", "delivered", "skipped"]
"""Where an MSEL inject stands."""


class MselError(Exception):
    """An MSEL inject cannot be delivered or skipped; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class MselItem:
    """One MSEL inject and what has happened to it so far (immutable)."""

    number: int
    """MSEL event number."""
    time_min: float
    """Scheduled delivery time (min since STARTEX)."""
    type: str
    """Inject type tag, e.g. 'message', 'wind_change'."""
    title: str
    """Short heading."""
    status: MselStatus
    """'pending', 'due', 'delivered' or 'skipped' (see the module docstring)."""
    delivered_at_min: float | None
    """When it was delivered (min), or None."""
    skipped_at_min: float | None
    """When it was skipped (min), or None."""
    skip_reason: str
    """The controller's reason for skipping ('' unless skipped)."""
    inject: Inject
    """The scripted inject with its HSEEP fields."""

    @property
    def late_by_min(self) -> float | None:
        """Minutes between the scheduled and the actual delivery (negative: early), or None."""
        return None if self.delivered_at_min is None else self.delivered_at_min - self.time_min


class MselTracker:
    """Keeps the delivered / skipped record of a scenario's MSEL while an exercise runs."""

    def __init__(self, scenario: Scenario) -> None:
        numbered = [inject for inject in in_delivery_order(scenario.msel) if inject.number is not None]
        self._injects: dict[int, Inject] = {int(inject.number): inject for inject in numbered}  # type: ignore[arg-type]
        self._delivered: dict[int, float] = {}
        self._skipped: dict[int, tuple[float, str]] = {}

    def inject(self, number: int) -> Inject:
        """The scripted inject with this number (MselError if there is none)."""
        try:
            return self._injects[number]
        except KeyError:
            known = ", ".join(str(n) for n in self._injects) or "none"
            raise MselError(f"the scenario has no MSEL inject number {number} (numbers: {known})") from None

    def check_open(self, number: int) -> Inject:
        """The inject, if it may still be delivered or skipped (MselError otherwise)."""
        inject = self.inject(number)
        if number in self._delivered:
            raise MselError(f"MSEL {number} was already delivered at {format_time_min(self._delivered[number])}")
        if number in self._skipped:
            raise MselError(f"MSEL {number} was skipped at {format_time_min(self._skipped[number][0])}")
        return inject

    def mark_delivered(self, number: int, at_min: float) -> Inject:
        """Record a delivery (MselError if it is not open)."""
        inject = self.check_open(number)
        self._delivered[number] = at_min
        return inject

    def mark_skipped(self, number: int, at_min: float, reason: str) -> Inject:
        """Record a skip (MselError if it is not open)."""
        inject = self.check_open(number)
        self._skipped[number] = (at_min, reason)
        return inject

    def open_numbers(self) -> list[int]:
        """Numbers neither delivered nor skipped, in delivery order."""
        return [n for n in self._injects if n not in self._delivered and n not in self._skipped]

    def next_open_time(self, now_min: float) -> float | None:
        """When the earliest open inject falls due: its scheduled time, or now if that has passed."""
        times = [max(self._injects[n].time_min, now_min) for n in self.open_numbers()]
        return min(times) if times else None

    def due_numbers(self, now_min: float) -> list[int]:
        """Open injects whose scheduled time is at or before ``now_min``, in delivery order."""
        return [n for n in self.open_numbers() if self._injects[n].time_min <= now_min]

    def items(self, now_min: float) -> tuple[MselItem, ...]:
        """Every MSEL inject with its status at ``now_min``, in delivery order."""
        return tuple(self._item(number, inject, now_min) for number, inject in self._injects.items())

    def _item(self, number: int, inject: Inject, now_min: float) -> MselItem:
        delivered = self._delivered.get(number)
        skipped = self._skipped.get(number)
        status: MselStatus
        if delivered is not None:
            status = "delivered"
        elif skipped is not None:
            status = "skipped"
        else:
            status = "due" if inject.time_min <= now_min else "pending"
        return MselItem(number=number, time_min=inject.time_min, type=inject.type, title=inject.title,
                        status=status, delivered_at_min=delivered,
                        skipped_at_min=None if skipped is None else skipped[0],
                        skip_reason="" if skipped is None else skipped[1], inject=inject)
