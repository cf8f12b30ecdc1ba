"""The dispatch policy: which unit goes, which hospital receives, what a new incident gets.

Explicit and swappable: ``Model(..., policy=MyPolicy())`` takes anything that satisfies
``DispatchPolicy``. Requests are always served most urgent first (triage priority, then first
come) by the unit pools; the policy chooses *which* idle unit and *which* hospital.

The default, ``NearestAvailable``:
- unit: the idle unit with the shortest travel time to the pick-up point (ties: unit id);
- hospital: among hospitals taking ambulances (status 'open'), the nearest whose ED has room
  (free spaces beyond those already queued); when none has room, the least loaded relative to
  its ED spaces (waiting + in ED) ÷ spaces, then the nearest — load balancing as in regional
  patient-distribution plans; when none is open, diverting ones are used as a last resort,
  then any hospital;
- initial response to a new incident ("first alarm"): every HAZMAT, decontamination and
  medical team unit (a CBRN mass-casualty incident commits the whole specialist fleet; mutual
  aid comes by inject), half of the idle fire/rescue companies (rounded up), ambulances on
  demand. Fire/rescue is halved because units stay at their scene to the end: committing them
  all left every later site of a multi-site attack (Tokyo 1995: five trains, several stations)
  with no unit ever, its stretcher cases never extracted (found by the Tokyo validation,
  docs/validation.md). Planning assumption: replace ``first_alarm`` with your service's
  predetermined attendance.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from .travel import Travel
from .units import Unit, UnitRequest

if TYPE_CHECKING:
    from .hospitals import HospitalModel


class DispatchPolicy(Protocol):
    """What the model asks of a dispatch policy."""

    def choose_unit(self, idle: Sequence[Unit], request: UnitRequest, now_min: float) -> Unit:
        """The idle unit to send to a request (``idle`` is never empty)."""

    def choose_hospital(self, hospitals: Sequence[HospitalModel], x_m: float, y_m: float, category: str,
                        speed_km_h: float, now_min: float) -> HospitalModel:
        """The hospital an ambulance takes a patient of ``category`` to, from (x, y)."""

    def first_alarm(self, kind: str, available: int) -> int:
        """How many units of ``kind`` (of ``available`` idle) a new incident gets at once."""


class NearestAvailable:
    """Nearest available unit, highest triage first; nearest hospital with ED room, load-balanced."""

    FIRST_ALARM_KINDS: tuple[str, ...] = ("hazmat", "decon", "fire_rescue", "medical_team")
    """Kinds committed in full to a new CBRN incident (planning assumption, see module doc)."""

    def __init__(self, travel: Travel) -> None:
        self.travel: Travel = travel
        """Travel-time calculator (road closures included)."""

    def choose_unit(self, idle: Sequence[Unit], request: UnitRequest, now_min: float) -> Unit:
        """The idle unit that would arrive first (ties: unit id)."""
        def arrival_min(unit: Unit) -> tuple[float, str]:
            x, y = unit.position(now_min)
            return (self.travel.time_min(x, y, request.x_m, request.y_m, unit.pool.speed_km_h, now_min), unit.id)
        return min(idle, key=arrival_min)

    def choose_hospital(self, hospitals: Sequence[HospitalModel], x_m: float, y_m: float, category: str,
                        speed_km_h: float, now_min: float) -> HospitalModel:
        """Nearest open hospital with ED room; else least loaded open one; else any."""
        def drive_min(h: HospitalModel) -> float:
            return self.travel.time_min(x_m, y_m, h.x_m, h.y_m, speed_km_h, now_min)
        for statuses in (("open",), ("diverting",), ("open", "diverting", "contaminated", "closed")):
            candidates = [h for h in hospitals if h.status in statuses]
            if not candidates:
                continue
            with_room = [h for h in candidates if h.ed_has_room()]
            if with_room:
                return min(with_room, key=lambda h: (drive_min(h), h.id))
            return min(candidates, key=lambda h: (round(h.ed_load(), 3), drive_min(h), h.id))
        raise ValueError("no hospitals in the scenario")

    def first_alarm(self, kind: str, available: int) -> int:
        """All HAZMAT, decon and medical teams, half the idle fire/rescue companies (a reserve for the
        next site); no ambulances (they are requested per patient)."""
        if kind == "fire_rescue":
            return (available + 1) // 2
        return available if kind in self.FIRST_ALARM_KINDS else 0
