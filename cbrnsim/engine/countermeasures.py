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

Reception centres (community reception centres, CDC Population Monitoring in Radiation
Emergencies, 2nd ed. 2014), for people told to attend for radiological screening: a centre opens
``open_after_min`` after the agent is identified, like a POD (staff call-out, portal monitors and
showers take hours); people who arrive earlier queue outside. Each centre has one screening lane
at ``people_per_h`` and, if ``decon_showers_per_h`` > 0, one shower lane at that rate for those
found contaminated. Whether a person is contaminated comes from the exposure model's spec
(``contaminated``) when it says; otherwise a keyed draw with the Goiânia share
(``SCREENED_CONTAMINATED_SHARE``).
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from .queueing import FastPriorityResource

if TYPE_CHECKING:
    from .model import Model

SCREENED_CONTAMINATED_SHARE = 249 / 112_800
"""Share of people screened found externally contaminated when the exposure model does not say:
Goiânia 1987, 112,800 screened at the Olympic stadium, 249 contaminated (IAEA, The Radiological
Accident in Goiânia, 1988)."""

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

    def busy_min(self, t_min: float) -> float:
        """Minutes open by time t while people were still to be served (min)."""
        if self.opened_min is None or t_min <= self.opened_min:
            return 0.0
        finish_min = 60.0 * self.population / self.people_per_h
        return min(t_min - self.opened_min, finish_min)

    def served(self, t_min: float) -> float:
        """People served by time t (persons)."""
        if self.opened_min is None or t_min <= self.opened_min:
            return 0.0
        return min(float(self.population), (t_min - self.opened_min) * self.people_per_h / 60.0)


class ReceptionCentreModel:
    """One community reception centre during a run."""

    def __init__(self, env: Any, spec: Any) -> None:
        self.spec = spec
        self.id: str = spec.id
        """Centre id."""
        self.location = spec.location
        """Where it is (m)."""
        self.people_per_h: float = float(spec.people_per_h)
        """Screening throughput (persons/h)."""
        self.screening: FastPriorityResource = FastPriorityResource(env, 1)
        """The screening lane."""
        self.showers: FastPriorityResource | None = (
            FastPriorityResource(env, 1) if spec.decon_showers_per_h > 0 else None)
        """The shower lane for contaminated people (None: no showers on site)."""
        self.shower_min: float = 60.0 / spec.decon_showers_per_h if spec.decon_showers_per_h > 0 else 0.0
        """Minutes per person through the showers."""
        self.opened: Any = env.event()
        """Triggered when the centre opens."""
        self.opened_min: float | None = None
        """When it opened (None: not yet)."""
        self.waiting_outside: int = 0
        """People arrived before opening, waiting now."""
        self.screened: int = 0
        """People screened here so far."""
        self.showered: int = 0
        """Contaminated people showered here so far."""
        self.contaminated_unshowered: int = 0
        """Contaminated people screened here with no showers on site (referred on)."""


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
        self.centres: list[ReceptionCentreModel] = [
            ReceptionCentreModel(model.env, centre) for centre in spec.reception_centres]
        """Reception centres, in scenario order."""

    def on_identified(self) -> None:
        """The agent is identified: PODs and reception centres are scheduled to open."""
        for pod in self.pods:
            if pod.opened_min is None:
                self.model.env.process(self._open_later(pod, float(pod.spec.open_after_min)))
        for centre in self.centres:
            if centre.opened_min is None:
                self.model.env.process(self._open_centre_later(centre, float(centre.spec.open_after_min)))

    def _open_centre_later(self, centre: ReceptionCentreModel, after_min: float):  # type: ignore[no-untyped-def]
        yield self.model.env.timeout(after_min)
        centre.opened_min = self.model.env.now
        centre.opened.succeed()
        self.model.recorder.record_event(self.model.env.now, "reception_centre_open", centre.id,
                                         {"waiting": centre.waiting_outside})

    def is_contaminated(self, person: Any) -> bool:
        """Whether a person attending for screening is externally contaminated (see module doc)."""
        flag = getattr(person, "contaminated", None)
        if flag is not None:
            return bool(flag)
        u = self.model.streams.uniform_per_key("screening", np.asarray([person.id], dtype=np.int64), "contaminated")
        return bool(u[0] < SCREENED_CONTAMINATED_SHARE)

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
        """Mean people per hour served by PODs over the hours they had people to serve (a POD that
        has served its whole population stops counting hours); None if none opened."""
        now = self.model.env.now
        hours = sum(p.busy_min(now) / 60.0 for p in self.pods)
        if hours <= 0:
            return None
        return sum(p.served(now) for p in self.pods) / hours

    @property
    def screened(self) -> int:
        """People screened at reception centres so far."""
        return sum(c.screened for c in self.centres)

    def screening_centre(self, x_m: float, y_m: float) -> ReceptionCentreModel | None:
        """The nearest reception centre, if any."""
        if not self.centres:
            return None
        return min(self.centres, key=lambda c: (math.hypot(c.location.x_m - x_m, c.location.y_m - y_m), c.id))

    def reception_summary(self) -> dict[str, dict[str, Any]]:
        """Per centre: when it opened, screened, showered, contaminated without showers, waiting outside."""
        return {c.id: {"opened_min": c.opened_min, "screened": c.screened, "showered": c.showered,
                       "contaminated_no_showers": c.contaminated_unshowered, "waiting_outside": c.waiting_outside}
                for c in self.centres}
