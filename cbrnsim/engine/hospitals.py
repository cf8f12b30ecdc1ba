"""Hospitals: ED spaces, ward / ICU / burn beds and ventilators as priority queues, with surge,
status changes, decontamination at the door, secondary contamination and antidote stock.

Every bed type is a ``FastPriorityResource`` whose capacity is what is free at STARTEX
(capacity − baseline occupied). Three numbers are kept apart per bed type:

- occupancy (``occupied``, ``peak_occupied``) = baseline still in bed + incident patients in a
  bed — never more than the beds there are;
- waiting (``waiting``, ``peak_waiting``) = incident patients waiting for a bed (ED: in corridors
  for a space; ward/ICU/burn: boarding in the ED);
- demand (``demand``, ``peak_demand``) = occupancy + waiting at the same moment. Only demand can
  exceed 100 % of the beds, so it is what a "no ED above 150 %" objective
  (``ed_peak_occupancy_pct``) rates.

Worried well being seen hold ED spaces and count as occupancy (``worried_well_in_service``, taken
off the ED resource's capacity); those waiting for a space (waiting room) are counted separately
(``worried_well_waiting``), neither as ED waiting nor as demand.

Surge (the hospital's major-incident plan), from the first casualty arrival + ``activation_min``:
overflow ED spaces and converted ICU beds open at once; the chosen shares of baseline ward
inpatients are discharged early and of baseline ICU patients stepped down to ward, one bed at a
time, evenly over ``discharge_over_h`` (reverse triage: Kelen et al. 2006, Lancet 368:1984–1990,
up to 77 % of inpatients' beds creatable in 72 h, most within 24 h; Kelen et al. 2009, Disaster
Med Public Health Prep 3(2 Suppl):S10 — the scenario carries the shares it uses).

Secondary contamination: contaminated casualties who reach the ED before the hospital's
decontamination line works off-gas onto staff. After ``SECONDARY_CONTAMINATION_THRESHOLD`` such
arrivals at an agent with moderate or high secondary-contamination risk, the ED loses
``SECONDARY_CONTAMINATION_ED_LOSS`` of its spaces for ``SECONDARY_CONTAMINATION_MIN``.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import simpy

from .queueing import FastPriorityResource, SlotRequest

if TYPE_CHECKING:
    from cbrnsim.scenario import BedChanges, Hospital

BED_TYPES: tuple[str, ...] = ("ed_spaces", "ward_beds", "icu_beds", "burn_beds", "ventilators")
"""Bed (and ventilator) types, in the scenario's order."""

SECONDARY_CONTAMINATION_ED_LOSS = 0.23
"""Share of ED capacity lost when staff are secondarily contaminated: 23 % of St Luke's staff
reported symptoms after Tokyo 1995 (Okumura et al. 1998, Acad Emerg Med 5:618–624, Part 2;
'more than 20 %' of house staff, Ohbu et al. 1997, South Med J 90:587, abstract). Staff loss is
read as the same share of treatment spaces lost (planning assumption)."""

SECONDARY_CONTAMINATION_THRESHOLD = 10
"""Undecontaminated contaminated arrivals that make an ED lose staff. Planning assumption: no
published dose-response exists; in Tokyo hundreds of undeconned patients reached St Luke's."""

SECONDARY_CONTAMINATION_MIN = 240.0
"""How long the lost spaces stay lost (min). Planning assumption: in Tokyo staff symptoms were
mild and resolved within hours with ventilation and atropine for a few (Nozaki et al. 1995,
Intensive Care Med 21:1032 — 13 of 15 doctors symptomatic, none worsened after ventilation);
four hours covers relief, replacement and ventilation of the treatment area."""

CLOSED = "closed"
"""Value of an ED request that fired because the ED closed (no space was granted)."""

EventSink = Callable[[str, dict[str, object]], None]
"""Records a hospital event: (kind, payload)."""

RISKS_THAT_CONTAMINATE = frozenset({"moderate", "high"})
"""Agent secondary-contamination risk levels (agent file) that endanger ED staff."""


class HospitalModel:
    """One receiving hospital during a run."""

    def __init__(self, env: simpy.Environment, spec: Hospital, on_event: EventSink) -> None:
        self.env: simpy.Environment = env
        """The environment."""
        self.spec: Hospital = spec
        """The scenario's hospital."""
        self.id: str = spec.id
        """Hospital id."""
        self.x_m: float = spec.location.x_m
        """ED location east (m)."""
        self.y_m: float = spec.location.y_m
        """ED location north (m)."""
        self.status: str = spec.status
        """open / diverting / closed / contaminated."""
        self._event = on_event
        free = spec.free_at_start()
        self.beds: dict[str, FastPriorityResource] = {
            t: FastPriorityResource(env, getattr(free, t)) for t in BED_TYPES}
        """Incident patients' beds per type (capacity = free beds now)."""
        self.baseline: dict[str, int] = {t: getattr(spec.baseline_occupied, t) for t in BED_TYPES}
        """Non-incident patients still occupying beds, per type."""
        self.startex_capacity: dict[str, int] = {t: getattr(spec.capacity, t) for t in BED_TYPES}
        """Capacity at STARTEX per type (the denominator of the peak-occupancy metrics)."""
        self.peak_occupied: dict[str, int] = {t: self.baseline[t] for t in BED_TYPES}
        """Most beds of a type in use at once so far (baseline + incident patients in a bed; never
        above the beds there were at that moment). Nobody waiting is counted here."""
        self.peak_waiting: dict[str, int] = {t: 0 for t in BED_TYPES}
        """Most incident patients waiting at once for a bed of a type (ED: in corridors for a
        space; ward/ICU/burn: boarding in the ED for a bed)."""
        self.peak_capacity: dict[str, int] = dict(self.startex_capacity)
        """Most beds of a type staffed at once so far (surge and injects included): the beds the
        peak occupancy is measured against, since beds lost later do not unseat anyone."""
        self.peak_demand: dict[str, int] = {t: self.baseline[t] for t in BED_TYPES}
        """Highest demand (occupied + waiting at the same moment) per type: the measure that can
        exceed the beds, and the one ``ed_peak_occupancy_pct`` rates."""
        self.stock: dict[str, int] = dict(sorted(spec.stock.items()))
        """Antidote and prophylaxis stock on hand, name -> doses (never negative)."""
        self._ed_nominal = self.beds["ed_spaces"].capacity
        self._ed_lost = 0
        self.arrivals: int = 0
        """Casualties who reached the hospital (walk-in or ambulance)."""
        self.worried_well_arrivals: int = 0
        """Unexposed care-seekers who reached the hospital."""
        self.worried_well_waiting: int = 0
        """Unexposed care-seekers waiting for an ED space now (not in the ED resource's queue)."""
        self.worried_well_in_service: int = 0
        """Unexposed care-seekers being seen in the ED now; their spaces are taken off the ED
        resource's capacity (see cbrnsim.engine.worried_well_flow)."""
        self._ed_usable = 0
        self.admissions: int = 0
        """Casualties admitted to a ward, ICU or burn bed."""
        self.icu_admissions: int = 0
        """Casualties admitted to ICU."""
        self.first_arrival_min: float | None = None
        """When the first casualty arrived."""
        self.alerted_min: float | None = None
        """When the hospital learnt of the incident (dispatch alert or first arrival)."""
        self.decon_open_min: float | None = None
        """When its decontamination line started working (None: not yet, or none)."""
        self.decon: FastPriorityResource | None = (
            FastPriorityResource(env, 1) if spec.decon_people_per_h > 0 else None)
        """The ED-door decontamination line (one lane at ``decon_people_per_h``), if any."""
        self.decon_service_min: float = 60.0 / spec.decon_people_per_h if spec.decon_people_per_h > 0 else math.inf
        """Minutes per person through the hospital decon line."""
        self.undeconned_arrivals: int = 0
        """Contaminated casualties who entered before the decon line worked."""
        self.surge_active_min: float | None = None
        """When the surge plan took effect."""
        self.apply_ed_capacity()

    # ------------------------------------------------------------------ occupancy
    def occupied(self, bed_type: str) -> int:
        """Beds of a type in use now: baseline + incident patients in a bed (ED: + worried well
        being seen). Patients waiting for a bed are not in one: see ``waiting``."""
        res = self.beds[bed_type]
        extra = self.worried_well_in_service if bed_type == "ed_spaces" else 0
        return self.baseline[bed_type] + res.count + extra

    def occupancy(self) -> list[int]:
        """``occupied(t)`` for every t in ``BED_TYPES``, in that order (the per-minute series
        samples this for every hospital: one call instead of five)."""
        baseline, beds = self.baseline, self.beds
        values = [baseline[t] + len(beds[t]._users) for t in BED_TYPES]
        values[0] += self.worried_well_in_service  # BED_TYPES[0] is the ED, see occupied()
        return values

    def waiting(self, bed_type: str) -> int:
        """Incident patients waiting for a bed of a type now (the worried well waiting for the ED
        are counted apart, in ``worried_well_waiting``)."""
        return self.beds[bed_type].queue_len

    def demand(self, bed_type: str) -> int:
        """Occupied + waiting: how many beds of a type would be needed now to seat everyone."""
        return self.occupied(bed_type) + self.waiting(bed_type)

    def capacity_now(self, bed_type: str) -> int:
        """Staffed beds of a type now (baseline occupied + available to the incident)."""
        if bed_type == "ed_spaces":
            return self.baseline[bed_type] + self._ed_usable
        return self.baseline[bed_type] + self.beds[bed_type].capacity

    def note_demand(self, bed_type: str) -> None:
        """Update the peaks after a request or a capacity change (the only moments occupancy,
        waiting or demand can rise)."""
        occupied, waiting = self.occupied(bed_type), self.beds[bed_type].queue_len
        capacity = self.capacity_now(bed_type)
        if capacity > self.peak_capacity[bed_type]:
            self.peak_capacity[bed_type] = capacity
        if occupied > self.peak_occupied[bed_type]:
            self.peak_occupied[bed_type] = occupied
        if waiting > self.peak_waiting[bed_type]:
            self.peak_waiting[bed_type] = waiting
        if occupied + waiting > self.peak_demand[bed_type]:
            self.peak_demand[bed_type] = occupied + waiting

    def ed_has_room(self) -> bool:
        """Whether the ED has a free space no casualty is already waiting for (the worried well
        queue behind casualties and do not count)."""
        ed = self.beds["ed_spaces"]
        return ed.count + ed.queue_len < ed.capacity

    def burn_bed_free(self) -> bool:
        """Whether a burn-centre bed is free that no patient is already waiting for."""
        burn = self.beds["burn_beds"]
        return burn.count + burn.queue_len < burn.capacity

    def ed_load(self) -> float:
        """(In ED + casualties waiting) ÷ spaces available to the incident (inf with none)."""
        ed = self.beds["ed_spaces"]
        in_ed = ed.count + self.worried_well_in_service
        return (in_ed + ed.queue_len) / self._ed_usable if self._ed_usable else math.inf

    def accepts_walk_ins(self) -> bool:
        """Open or diverting: walk-ins are seen."""
        return self.status in ("open", "diverting")

    # ------------------------------------------------------------------ requests
    def request_bed(self, bed_type: str, priority: float) -> SlotRequest:
        """Ask for a bed of a type; records the demand peak."""
        request = self.beds[bed_type].request(priority)
        self.note_demand(bed_type)
        return request

    def take_stock(self, names: tuple[str, ...], doses: int) -> str | None:
        """Take ``doses`` from the first of ``names`` (in order) holding enough; the item used, or None."""
        for name in names:
            if self.stock.get(name, 0) >= doses:
                self.stock[name] -= doses
                return name
        return None

    def deliver(self, items: dict[str, int]) -> None:
        """Stock arrives (stockpile delivery)."""
        for name, doses in sorted(items.items()):
            self.stock[name] = self.stock.get(name, 0) + doses

    # ------------------------------------------------------------------ arrivals
    def note_arrival(self) -> None:
        """A casualty arrives: counts, first-arrival alert and surge trigger."""
        self.arrivals += 1
        if self.first_arrival_min is None:
            self.first_arrival_min = self.env.now
            self.alert()
            self.env.process(self._surge())

    def alert(self) -> None:
        """The hospital learns of the incident (once): its decon line starts setting up."""
        if self.alerted_min is not None:
            return
        self.alerted_min = self.env.now
        self._event("hospital_alerted", {"hospital": self.id})
        if self.decon is not None:
            self.env.process(self._open_decon())

    def decon_working(self) -> bool:
        """Whether the ED-door decontamination line is working now."""
        return self.decon_open_min is not None

    def note_undeconned(self, agent_risk: str) -> None:
        """A contaminated casualty entered without decontamination; staff may be affected."""
        self.undeconned_arrivals += 1
        if self.undeconned_arrivals == SECONDARY_CONTAMINATION_THRESHOLD and agent_risk in RISKS_THAT_CONTAMINATE:
            self.env.process(self._staff_contaminated())

    # ------------------------------------------------------------------ injects
    def set_status(self, status: str) -> None:
        """Open / diverting / closed / contaminated (from an inject)."""
        self.status = status
        self.apply_ed_capacity()
        if status in ("closed", "contaminated"):
            self.worried_well_waiting = 0  # sent home
            # Everyone still waiting for a space is told to go elsewhere: their request is
            # withdrawn and fires with the CLOSED marker instead of a space.
            for request in self.beds["ed_spaces"].queue:
                request.cancel()
                request.succeed(CLOSED)
        self._event("hospital_status", {"hospital": self.id, "status": status})

    def change_beds(self, changes: BedChanges) -> None:
        """Add or remove beds; nobody already in a bed loses it (capacity shrinks as they leave)."""
        for bed_type in BED_TYPES:
            delta = getattr(changes, bed_type)
            if not delta:
                continue
            if bed_type == "ed_spaces":
                self._ed_nominal = max(0, self._ed_nominal + delta)
                self.apply_ed_capacity()
            else:
                res = self.beds[bed_type]
                res.set_capacity(max(0, res.capacity + delta))
                self.note_demand(bed_type)
        self._event("hospital_beds", {"hospital": self.id, **changes.model_dump()})

    # ------------------------------------------------------------------ processes
    def apply_ed_capacity(self) -> None:
        """Give the ED resource the spaces casualties can have now: none when closed, else the
        nominal spaces minus those lost to staff contamination and those the worried well hold."""
        ed = self.beds["ed_spaces"]
        usable = 0 if self.status in ("closed", "contaminated") else max(0, self._ed_nominal - self._ed_lost)
        self._ed_usable = usable
        capacity = max(0, usable - self.worried_well_in_service)
        if capacity != ed.capacity:
            ed.set_capacity(capacity)
        self.note_demand("ed_spaces")

    def _open_decon(self):  # type: ignore[no-untyped-def]
        yield self.env.timeout(self.spec.decon_setup_min)
        self.decon_open_min = self.env.now
        self._event("decon_line_open", {"hospital": self.id})

    def _staff_contaminated(self):  # type: ignore[no-untyped-def]
        lost = math.ceil(SECONDARY_CONTAMINATION_ED_LOSS * self._ed_nominal_total())
        self._ed_lost += lost
        self.apply_ed_capacity()
        self._event("secondary_contamination", {"hospital": self.id, "ed_spaces_lost": lost})
        yield self.env.timeout(SECONDARY_CONTAMINATION_MIN)
        self._ed_lost -= lost
        self.apply_ed_capacity()
        self._event("secondary_contamination_over", {"hospital": self.id})

    def _ed_nominal_total(self) -> int:
        return self._ed_nominal + self.baseline["ed_spaces"]

    def _surge(self):  # type: ignore[no-untyped-def]
        plan = self.spec.surge
        yield self.env.timeout(plan.activation_min)
        self.surge_active_min = self.env.now
        self._ed_nominal += plan.extra_ed_spaces
        self.apply_ed_capacity()
        icu = self.beds["icu_beds"]
        icu.set_capacity(icu.capacity + plan.extra_icu_beds)
        self.note_demand("icu_beds")
        self._event("surge_activated", {"hospital": self.id, "extra_ed_spaces": plan.extra_ed_spaces,
                                        "extra_icu_beds": plan.extra_icu_beds})
        ward_n = round(plan.ward_discharge_fraction * self.baseline["ward_beds"])
        icu_n = round(plan.icu_discharge_fraction * self.baseline["icu_beds"])
        yield from self._free_beds_evenly(ward_n, icu_n, plan.discharge_over_h * 60.0)

    def _free_beds_evenly(self, ward_n: int, icu_n: int, over_min: float):  # type: ignore[no-untyped-def]
        # One schedule for both kinds, each spread evenly over the period (reverse triage).
        schedule = sorted([((k + 1) * over_min / ward_n, 0, "ward") for k in range(ward_n)] +
                          [((k + 1) * over_min / icu_n, 1, "icu") for k in range(icu_n)])
        start = self.env.now
        for at_min, _, kind in schedule:
            wait = start + at_min - self.env.now
            if wait > 0:
                yield self.env.timeout(wait)
            if kind == "ward":
                self._discharge_baseline("ward_beds")
            else:
                self._step_down_icu()

    def _discharge_baseline(self, bed_type: str) -> None:
        if self.baseline[bed_type] > 0:
            self.baseline[bed_type] -= 1
            res = self.beds[bed_type]
            res.set_capacity(res.capacity + 1)
            self.note_demand(bed_type)

    def _step_down_icu(self) -> None:
        # A baseline ICU patient moves to a ward bed: ICU frees one, the ward fills one.
        # Only when a ward bed is free for them, so no ward is ever above its capacity.
        ward = self.beds["ward_beds"]
        if self.baseline["icu_beds"] > 0 and ward.count + ward.queue_len < ward.capacity:
            self._discharge_baseline("icu_beds")
            self.baseline["ward_beds"] += 1
            ward.set_capacity(ward.capacity - 1)
            self.note_demand("ward_beds")

