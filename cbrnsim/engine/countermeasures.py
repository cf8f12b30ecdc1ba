"""Points of dispensing (PODs) and community reception centres as resources.

Reads ``scenario.countermeasures`` (cbrnsim/scenario/countermeasures.py): a POD's ``id``,
``people_per_h`` (throughput), ``zones`` (ids of the zones it serves; empty = every zone) and
``open_after_min`` (minutes after the agent is identified that it opens); a reception centre's
``id``, ``location`` and ``people_per_h``.

PODs are a fluid queue: an open POD serves its zones' population at its throughput, in a keyed
random order per person (the exposure model's ``dispense``), so by time t it has reached
min(1, (t − opening) × rate ÷ population) of them. Every ``POD_UPDATE_MIN`` the model passes the
progress to ``ExposureModel.dispense``, which returns the infections prevented; casualties not
yet ill among them never fall ill. Opening: automatically ``open_after_min`` after the agent is
identified (planning assumption: the US CDC Cities Readiness Initiative aims to dispense to a
whole metropolitan population within 48 h of the decision, CDC CRI programme guidance).

Reception centres: one screening lane per centre at ``people_per_h`` (a FastPriorityResource of
capacity 1 with service time 60 ÷ rate), for people told to attend for radiological screening.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from .queueing import FastPriorityResource

if TYPE_CHECKING:
    from .model import Model

POD_UPDATE_MIN = 60.0
"""How often POD progress is passed to the exposure model (min): hourly, a day-scale process."""


class PodModel:
    """One point of dispensing during a run."""

    def __init__(self, spec: Any, population: int) -> None:
        self.spec = spec
        self.id: str = spec.id
        """POD id."""
        self.people_per_h: float = float(spec.people_per_h)
        """Throughput (persons/h)."""
        self.population: int = population
        """People in the zones it serves."""
        self.opened_min: float | None = None
        """When it opened (None: not yet)."""

    def served(self, t_min: float) -> float:
        """People served by time t (persons)."""
        if self.opened_min is None or t_min <= self.opened_min:
            return 0.0
        return min(float(self.population), (t_min - self.opened_min) * self.people_per_h / 60.0)


class Countermeasures:
    """PODs and reception centres of a run."""

    def __init__(self, model: Model) -> None:
        self.model = model
        spec = model.scenario.countermeasures
        zones = {z.id: z.count for z in model.scenario.population}
        self.pods: list[PodModel] = []
        """Every POD, in scenario order."""
        for pod in spec.points_of_dispensing:
            served_zones = pod.zones or tuple(zones)
            self.pods.append(PodModel(pod, sum(zones.get(z, 0) for z in served_zones)))
        self.centres: list[tuple[Any, FastPriorityResource]] = [
            (centre, FastPriorityResource(model.env, 1)) for centre in spec.reception_centres]
        """Reception centres and their screening lanes."""
        self.screened: int = 0
        """People screened at reception centres so far."""

    def on_identified(self) -> None:
        """The agent is identified: PODs with an automatic opening are scheduled."""
        for pod in self.pods:
            if pod.opened_min is None:
                self.model.env.process(self._open_later(pod, float(pod.spec.open_after_min)))

    def open(self, pod: PodModel) -> None:
        """Open a POD now (inject or automatic)."""
        if pod.opened_min is not None:
            return
        pod.opened_min = self.model.env.now
        self.model.recorder.record_event(self.model.env.now, "pod_open", pod.id, {"people_per_h": pod.people_per_h})
        self.model.env.process(self._dispense(pod))

    def _open_later(self, pod: PodModel, after_min: float):  # type: ignore[no-untyped-def]
        yield self.model.env.timeout(after_min)
        self.open(pod)

    def _dispense(self, pod: PodModel):  # type: ignore[no-untyped-def]
        m = self.model
        zones = pod.spec.zones or tuple(z.id for z in m.scenario.population)
        while True:
            fraction = pod.served(m.env.now) / pod.population if pod.population else 1.0
            for zone in zones:
                for case_id in m.exposure.dispense(zone, fraction, m.env.now):
                    c = m.casualties.get(case_id)
                    if c is not None and c.state == "asymptomatic":
                        c.protected = True
            if fraction >= 1.0:
                return
            yield m.env.timeout(POD_UPDATE_MIN)

    def prophylaxis_share_pct(self, by_min: float) -> float | None:
        """Share of the PODs' population served by ``by_min`` (%); None without PODs."""
        population = sum(p.population for p in self.pods)
        if not population:
            return None
        return 100.0 * sum(p.served(min(by_min, self.model.env.now)) for p in self.pods) / population

    def pod_throughput_per_h(self) -> float | None:
        """Mean people per hour served by PODs while open; None if none opened."""
        now = self.model.env.now
        hours = sum((now - p.opened_min) / 60.0 for p in self.pods if p.opened_min is not None and now > p.opened_min)
        if hours <= 0:
            return None
        return sum(p.served(now) for p in self.pods) / hours

    def screening_centre(self, x_m: float, y_m: float) -> tuple[Any, FastPriorityResource] | None:
        """The nearest reception centre, if any."""
        if not self.centres:
            return None
        return min(self.centres, key=lambda pair: (math.hypot(pair[0].location.x_m - x_m, pair[0].location.y_m - y_m),
                                                   pair[0].id))
