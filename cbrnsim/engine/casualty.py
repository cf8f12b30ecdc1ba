"""One casualty: its record, its random draws, its clinical needs, and its death clock.

The casualty's path through the response is the SimPy process in ``cbrnsim.engine.care``; this
module holds what that process needs to know about the person and the agent:

- ``Casualty`` — the mutable record (state, triage, key times) the model counts and reports;
- ``CareDraws`` — every random number the casualty will ever use, drawn once at creation from
  keyed uniforms of the casualty's id (``Streams.uniform_per_key('care', ...)``), so a branch
  that changes anything else leaves them unchanged (common random numbers);
- ``AgentCare`` — antidote, secondary-contamination risk and biological fatality of an agent,
  read from the agent library;
- the care-profile numbers (ED times, lengths of stay, ventilation, deaths despite care), each
  with its source or labelled a planning assumption.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

if TYPE_CHECKING:
    import simpy

_Z = NormalDist()
_Z95 = 1.6448536269514722  # standard-normal 95th percentile


class CasualtyLike(Protocol):
    """The fields of ``cbrnsim.engine.exposure.CasualtySpec`` the care model reads."""

    id: int
    zone: str
    x_m: float
    y_m: float
    exposed_min: float
    onset_min: float
    severity: int
    injury: str
    contaminated: bool
    ambulatory: bool
    death_untreated_min: float | None
    agent: str
    leaves_min: float | None


@dataclass(frozen=True)
class TimeRange:
    """A published or assumed 5th–95th percentile range (min), drawn as a lognormal."""

    low_min: float
    high_min: float

    def draw(self, u: float) -> float:
        """The value at quantile ``u`` of the lognormal with these 5 % / 95 % points."""
        if self.low_min == self.high_min:
            return self.low_min
        median = math.sqrt(self.low_min * self.high_min)
        sigma = math.log(self.high_min / self.low_min) / (2 * _Z95)
        return median * math.exp(sigma * _Z.inv_cdf(min(max(u, 1e-12), 1 - 1e-12)))


# --- care profile ------------------------------------------------------------------------------
ED_OBSERVATION_CHEMICAL = TimeRange(360.0, 360.0)
"""Mild chemical casualties: observed 6 h in the ED, then sent home (St Luke's, Tokyo 1995: 'Other
victims had only mild symptoms and were released after 6 hours of observation', Ohbu et al. 1997,
South Med J 90:587, abstract)."""

ED_OBSERVATION_OTHER = TimeRange(60.0, 360.0)
"""Mild non-chemical casualties in the ED (min, 5–95 %). Planning assumption: seen, treated and
discharged within the ED's usual hours."""

ED_BEFORE_ADMISSION = TimeRange(30.0, 240.0)
"""From getting an ED space to the admission decision (min, 5–95 %). Planning assumption bounded
by the UK four-hour standard (95 % of ED patients admitted, transferred or discharged within
4 h; NHS Constitution for England, 2012 handbook, §3a). The ED space is held until a bed is free
(boarding)."""

WARD_STAY = TimeRange(1 * 1440.0, 5 * 1440.0)
"""Ward length of stay of moderate casualties (min, 5–95 %): in Tokyo 'all but five patients
were discharged from the hospital by the fifth day' (IOM 2000, Gulf War and Health vol. 1, p. 194,
citing Okumura et al. 1996 and Ohbu et al. 1997)."""

ICU_STAY = TimeRange(2 * 1440.0, 14 * 1440.0)
"""ICU length of stay of severe casualties (min, 5–95 %). Planning assumption: no published
distribution for chemical mass casualties was found."""

BURN_STAY = TimeRange(7 * 1440.0, 42 * 1440.0)
"""Burn-unit stay (min, 5–95 %). Planning assumption after the burn-care rule of thumb of about one
day per % body surface burned (American Burn Association, National Burn Repository reports)."""

DEATH_DESPITE_CARE = TimeRange(30.0, 1440.0)
"""From definitive care to death for casualties whose treatment fails (min, 5–95 %). Planning
assumption: at St Luke's two of five patients who arrived in arrest died, one on the day and one
later (Ohbu et al. 1997)."""

DEATH_WITH_TIMELY_CARE: dict[str, float] = {
    "toxic": 0.10, "blast": 0.10, "burn": 0.30, "radiation": 0.50, "combined": 0.50, "infection": 0.50}
"""Death probability of a lethal-without-care casualty who reaches definitive care in time, when
the agent has no antidote (and, for 'infection', no biological fatality data). Planning
assumptions. Context for 'toxic': all nine Graniteville chlorine deaths (2005) were found at the
scene, none of the ~75 admitted is reported to have died in hospital (ENS, 10 Jan 2005; ASPR
TRACIE interview with S. Grant) — timely supportive care saves most."""

ARRIVED_IN_ARREST_DEATH = 0.4
"""Death probability of a casualty who arrives at hospital in cardiopulmonary arrest and is
resuscitated at the door: of the five Tokyo victims who 'arrived with cardiopulmonary or
respiratory arrest' at St Luke's, 'two died and three recovered completely' (Ohbu et al. 1997,
South Med J 90:587, abstract; Okumura et al. 1998, Acad Emerg Med 5:613, Part 1). Five patients:
exercise grade."""

ARREST_INJURIES = frozenset({"toxic"})
"""Injuries whose terminal event is a respiratory arrest that ventilation can bridge (nerve agents,
asphyxiants: USAMRICD MMCCH 4th ed. 2007), so an ambulance crew ventilating en route delivers the
casualty in arrest rather than dead. Traumatic, burn and radiation deaths keep dying when their
clock runs out (planning assumption: their arrests are rarely survivable)."""

ARREST_WITH_RESPONDERS_STATES = frozenset({"awaiting_decon", "in_decon", "awaiting_transport", "in_transport"})
"""States in which a casualty is with responders (past extraction, at the collection point, in
decontamination, waiting for or in an ambulance), who ventilate a casualty going into respiratory
arrest (bag-valve-mask). In Tokyo the casualties who reached St Luke's in arrest had been found and
carried by the fire department (Okumura et al. 1998, Acad Emerg Med 5:613, Part 1; Ohbu et al.
1997). Casualties still where they fell, or awaiting extraction from the hot zone, die."""

ARREST_SURVIVABLE_MIN = 60.0
"""How long a ventilated casualty in arrest can wait for hospital before the arrest is no longer
survivable (min). Planning assumption: no published figure was found; Tokyo's arrivals in arrest
at St Luke's came within the first hours (first ambulance about 08:40, S. Ishimatsu, Yomiuri
Shimbun, 4 March 2025)."""

MINOR_RELEASED_AT_SCENE_SHARE = 0.5
"""Share of casualties triaged minor (green, walking) at a scene who are treated and released at
the casualty collection point; the rest go to hospital by bus. SALT sends minor casualties to
'self-treat / minimal care' rather than ambulances (Lerner et al. 2008, Disaster Med Public
Health Prep 2(S1):S25, Figure 1), and mass-casualty plans move walking casualties by bus
(e.g. ambulance-bus and MCI-bus programmes in US EMS planning guidance). The share is a planning
assumption: no published split was found; set it from your own plans."""

MCI_BUS_RESPONSE_MIN = 30.0
"""From the first unit on scene to buses ready to take minor casualties to hospital (min).
Planning assumption (a transit bus requisitioned by the incident commander)."""

WORRIED_WELL_ED_MIN = 20.0
"""ED time of an unexposed care-seeker: triaged, briefly examined, reassured, sent home (min).
Planning assumption (a fast-track consultation); they wait behind every casualty."""

SCENE_LOADING_MIN = 5.0
"""Loading a triaged patient into an ambulance at the casualty clearing point (min). Planning
assumption."""


# --- per-casualty random draws -----------------------------------------------------------------
DRAW_NAMES: tuple[str, ...] = (
    "self_evacuation", "care_delay", "overtriage", "undertriage", "fate", "ed_time", "stay",
    "ventilator", "icu", "death_delay", "prophylaxis_rank", "prophylaxis_effect", "disposition")
"""The named uniforms every casualty draws at creation, in this fixed order."""


_DRAW_OFFSETS = np.arange(len(DRAW_NAMES), dtype=np.int64)


class CareDraws:
    """A casualty's uniforms by name (``draws.fate``), fixed at creation."""

    __slots__ = DRAW_NAMES

    def __init__(self, values: list[float]) -> None:
        for name, value in zip(DRAW_NAMES, values):
            object.__setattr__(self, name, value)

    @classmethod
    def for_casualty(cls, streams: Any, casualty_id: int) -> CareDraws:
        """The draws of one casualty (see ``for_casualties``)."""
        return cls.for_casualties(streams, [casualty_id])[0]

    @classmethod
    def for_casualties(cls, streams: Any, casualty_ids: list[int]) -> list[CareDraws]:
        """The draws of many casualties in one numpy call: the counter-based keyed uniforms of
        ``Streams`` (kind 'care', key = id × 16 + draw index), a pure function of (seed, id) —
        the same whether a casualty is drawn alone or in a batch."""
        ids = np.asarray(casualty_ids, dtype=np.int64)
        keys = (ids[:, None] * np.int64(16) + _DRAW_OFFSETS[None, :]).ravel()
        values = streams.uniform_per_key("care", keys, "care").reshape(len(ids), len(DRAW_NAMES)).tolist()
        return [cls(row) for row in values]


class Casualty:
    """The mutable record of one exposed person during a run."""

    __slots__ = ("spec", "key", "u", "state", "state_since", "category", "true_category", "triaged_min",
                 "antidote_min", "ed_min", "hospital_arrival_min", "hospital_id", "decon_min", "death_min",
                 "died_prehospital", "clock_stopped", "fate_die", "protected", "proc", "helper", "scene",
                 "arrest_min")

    def __init__(self, spec: CasualtyLike, draws: CareDraws | None) -> None:
        self.spec: CasualtyLike = spec
        """What the exposure model said about the person."""
        self.key: str = f"cas-{spec.id}"
        """Entity id in events: 'cas-<id>'."""
        self.u: CareDraws = draws  # type: ignore[assignment]
        """The person's random draws (filled in batches by the model before first use)."""
        self.state: str = "asymptomatic"
        """Current casualty state (see cbrnsim.engine.state.CASUALTY_STATES)."""
        self.state_since: float = spec.exposed_min
        """When the current state began (min)."""
        self.category: str | None = None
        """Triage category assigned (None before triage)."""
        self.true_category: str | None = None
        """Category a perfect triage would have given."""
        self.triaged_min: float | None = None
        """When triaged."""
        self.antidote_min: float | None = None
        """When the first antidote dose was given."""
        self.ed_min: float | None = None
        """When the person got an ED space (or bed): 'in hospital care'."""
        self.hospital_arrival_min: float | None = None
        """When the person first reached a hospital."""
        self.hospital_id: str | None = None
        """The hospital they are at (or were last at)."""
        self.decon_min: float | None = None
        """When decontamination was completed (None: not done)."""
        self.death_min: float | None = None
        """When the person died."""
        self.died_prehospital: bool = False
        """True for deaths before reaching a hospital."""
        self.clock_stopped: bool = False
        """True once care in time stopped the death clock."""
        self.fate_die: bool | None = None
        """Whether the person dies despite care (decided when the clock stops)."""
        self.protected: bool = False
        """True when prophylaxis before onset prevented the disease."""
        self.proc: simpy.Process | None = None
        """The person's SimPy process."""
        self.helper: simpy.Process | None = None
        """A side process working on the person (field treatment), if any."""
        self.scene: Any = None
        """The incident scene the person is at (None for community cases)."""
        self.arrest_min: float | None = None
        """When the person went into cardiopulmonary arrest with responders (None: did not)."""


@dataclass(frozen=True)
class AgentCare:
    """What care needs to know about an agent, read from the agent library."""

    agent_id: str
    category: str
    """chemical / biological / radiological / nuclear."""
    antidote_tokens: tuple[str, ...] = ()
    """Lower-case drug words of the agent's antidotes ('atropine', 'pralidoxime', ...)."""
    antidote_window_min: float | None = None
    """Minutes after exposure within which the antidote works (None: no limit)."""
    antidote_death_multiplier: float = 1.0
    """Factor on the death probability of lethal casualties treated in time."""
    secondary_risk: str = "low"
    """Secondary-contamination risk to staff (agent file)."""
    treated_prodromal_fatality: float | None = None
    """Biological: deaths among cases treated in the prodromal phase."""
    treated_fulminant_fatality: float | None = None
    """Biological: deaths among cases treated in the fulminant phase."""
    prodromal_min: float | None = None
    """Biological: length of the prodromal phase (min)."""
    icu_fraction: float = 1.0
    """Biological: share of hospitalised cases needing ICU."""
    ventilator_fraction: float = 1.0
    """Share of ICU cases needing a ventilator (chemical: severe and lethal cases, see ventilator_needed)."""
    hospitalised_fraction: float = 1.0
    """Biological: share of moderate cases admitted."""

    @property
    def has_antidote(self) -> bool:
        """Whether the agent has a specific antidote that stock can provide."""
        return bool(self.antidote_tokens)

    def stock_items(self, stock_names: list[str]) -> tuple[str, ...]:
        """The stock items that hold this agent's antidote, autoinjector kits first, then by name."""
        matching = [n for n in stock_names if any(tok in self.antidote_tokens for tok in n.lower().split("_"))]
        return tuple(sorted(matching, key=lambda n: ("autoinjector" not in n, n)))


ANTIDOTE_DOSES: dict[int, int] = {1: 0, 2: 1, 3: 3, 4: 3}
"""Antidote doses per casualty by severity: none for miosis alone, one autoinjector kit (2 mg
atropine + 600 mg pralidoxime) for moderate, three for severe (USAMRICD Medical Management of
Chemical Casualties Handbook, 4th ed. 2007, Nerve agents, treatment table). Stock items of other
units (atropine 1 mg ampoules) are counted as the same 'doses' — an exercise-grade simplification."""


def agent_care(agent: Any) -> AgentCare:
    """Build the care view of a library agent."""
    category = agent.category
    if category == "chemical":
        antidotes = list(agent.antidotes)
        tokens: set[str] = set()
        for antidote in antidotes:
            tokens.update(w.strip("(),+/").lower() for w in antidote.name.split() if len(w.strip("(),+/")) > 3)
        first = antidotes[0] if antidotes else None
        return AgentCare(
            agent.id, category, tuple(sorted(tokens)),
            first.effective_window_min if first else None,
            first.lethal_mortality_multiplier if first else 1.0,
            agent.secondary_contamination.risk)
    if category == "biological":
        return AgentCare(
            agent.id, category,
            treated_prodromal_fatality=agent.case_fatality.treated_prodromal_fraction.value,
            treated_fulminant_fatality=agent.case_fatality.treated_fulminant_fraction.value,
            prodromal_min=agent.clinical_course.prodromal_phase_days.value * 1440.0,
            icu_fraction=agent.hospital.icu_fraction_of_hospitalised.value,
            ventilator_fraction=agent.hospital.ventilator_fraction_of_icu.value,
            hospitalised_fraction=agent.hospital.hospitalised_fraction_of_cases.value)
    return AgentCare(agent.id, category)


def death_probability_with_care(c: Casualty, care: AgentCare, now_min: float) -> float:
    """Death probability of a lethal-without-care casualty whose clock care has just stopped."""
    if c.arrest_min is not None:
        return ARRIVED_IN_ARREST_DEATH
    if care.category == "biological" and care.treated_prodromal_fatality is not None:
        in_prodrome = care.prodromal_min is None or now_min - c.spec.onset_min < care.prodromal_min
        fatality = care.treated_prodromal_fatality if in_prodrome else care.treated_fulminant_fatality
        return float(fatality if fatality is not None else DEATH_WITH_TIMELY_CARE["infection"])
    if care.has_antidote:
        return care.antidote_death_multiplier if c.antidote_min is not None else 1.0
    return DEATH_WITH_TIMELY_CARE.get(c.spec.injury, DEATH_WITH_TIMELY_CARE["toxic"])


BURN_INJURIES = frozenset({"burn", "combined"})
"""Injuries that put a severe casualty in need of a burn-centre bed."""


def needs_burn_bed(spec: CasualtyLike) -> bool:
    """Severe (or worse) burn or combined injury: a burn-centre patient (American Burn Association
    burn-centre referral criteria, e.g. partial-thickness burns > 10 % of body surface; ABA
    Guidelines for the Operation of Burn Centers, 2006, ch. 14). Severity 3-4 stands for those."""
    return spec.severity >= 3 and spec.injury in BURN_INJURIES


def admission_bed(c: Casualty, care: AgentCare, has_burn_beds: bool) -> str | None:
    """The bed type the casualty is admitted to after the ED, or None (sent home)."""
    severity = c.spec.severity
    if severity <= 1:
        return None
    if care.category == "biological":
        if severity == 2:
            return "ward_beds" if c.u.icu < care.hospitalised_fraction else None
        return "icu_beds" if c.u.icu < care.icu_fraction else "ward_beds"
    if severity == 2:
        return "ward_beds"
    if c.spec.injury in BURN_INJURIES and has_burn_beds:
        return "burn_beds"
    return "icu_beds"


def ventilator_needed(c: Casualty, care: AgentCare, bed: str) -> bool:
    """Whether an ICU/burn patient also needs a ventilator.

    Chemical lethal-without-care casualties do: nerve agents kill by apnoea and lung agents by
    respiratory failure, and both are ventilated (USAMRICD MMCCH 4th ed. 2007, Nerve agents and
    Lung-damaging agents). Biological cases use the agent's ventilator share of ICU cases; other
    lethal casualties (burns with inhalation injury, ARS) are ventilated as a planning assumption.
    """
    if bed not in ("icu_beds", "burn_beds"):
        return False
    if care.category == "biological":
        return c.u.ventilator < care.ventilator_fraction
    return c.spec.severity >= 4


def stay_range(bed: str) -> TimeRange:
    """Length-of-stay range of a bed type."""
    return {"ward_beds": WARD_STAY, "icu_beds": ICU_STAY, "burn_beds": BURN_STAY}[bed]
