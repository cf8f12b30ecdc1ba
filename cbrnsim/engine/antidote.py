"""Specific treatment: when the agent is known, and who gets the antidote from which stock.

A released agent is identified by a HAZMAT detector on scene, by an inject, or clinically
(``CLINICAL_IDENTIFICATION``); identification unlocks the antidote. Medical teams give it in the
field from their autoinjector kits or their station's delivered stock, hospitals from theirs,
each in the agent's window and while stock lasts (``casualty.ANTIDOTE_DOSES`` per casualty by
severity). The antidote stops the casualty's death clock (``Model.stop_clock``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .casualty import ANTIDOTE_DOSES, AgentCare, Casualty

if TYPE_CHECKING:
    from .hospitals import HospitalModel
    from .model import Model
    from .response import Scene
    from .units import Unit

IN_HOSPITAL_STATES = frozenset({"in_ed", "admitted_ward", "admitted_icu", "admitted_burn"})
"""States in which a casualty can be given a hospital's antidote."""


@dataclass(frozen=True)
class ClinicalIdentification:
    """When hospital clinicians name the agent class without a detector."""

    delay_min: float
    """Minutes from the first qualifying patient reaching a hospital to the identification."""
    by_ambulance_only: bool = False
    """Only a patient brought by ambulance starts the clock (see CLINICAL_IDENTIFICATION)."""


CLINICAL_IDENTIFICATION: dict[str, ClinicalIdentification] = {
    "chemical": ClinicalIdentification(80.0, by_ambulance_only=True),
    "biological": ClinicalIdentification(2880.0),
    "radiological": ClinicalIdentification(120.0),
    "nuclear": ClinicalIdentification(0.0),
}
"""Clinical identification per agent class. Chemical: Tokyo 1995 — the first AMBULANCE reached St
Luke's at about 08:40, its patient with eye pain and difficulty breathing, and information that it
was sarin came at about 10:00 (S. Ishimatsu, Yomiuri Shimbun interview, 4 March 2025): 80 min,
counted from the first patient brought by ambulance, as the source counts it — walk-ins with
sore eyes alone (the model's first arrivals, minutes after a release) do not start a diagnosis;
the fire department had told the hospital of an "explosion" (08:16, Jiji Press, 17 March 2025).
One incident, and the one the validation re-creates, so that figure is a consistency check, not
an independent test (docs/validation.md). Biological: the first 2001 inhalational anthrax case was
admitted on 2 October and confirmed on 4 October (Jernigan et al. 2001, Emerg Infect Dis 7:933) —
two days after one patient. Radiological: one patient with contamination found on a survey meter,
two hours for the isotope (planning assumption). Nuclear: the event is self-evident."""


def starts_clinical_identification(category: str, arrived_by_ambulance: bool) -> ClinicalIdentification | None:
    """The rule if this symptomatic arrival can start the diagnosis clock of its agent class."""
    rule = CLINICAL_IDENTIFICATION.get(category, CLINICAL_IDENTIFICATION["chemical"])
    return rule if arrived_by_ambulance or not rule.by_ambulance_only else None


def doses_for(c: Casualty) -> int:
    """Antidote doses the casualty needs (by severity)."""
    return ANTIDOTE_DOSES.get(c.spec.severity, 3)


def antidote_allowed(m: Model, c: Casualty, care: AgentCare) -> bool:
    """The agent has an antidote, it is identified, the casualty is alive, untreated, needs it, and
    is within the antidote's window from exposure."""
    window = care.antidote_window_min
    return (care.has_antidote and c.antidote_min is None and c.death_min is None
            and m.identified_min is not None and doses_for(c) > 0
            and (window is None or m.env.now - c.spec.exposed_min <= window))


def give_antidote(m: Model, c: Casualty, where: str, item: str) -> None:
    """Record the antidote and stop the death clock."""
    c.antidote_min = m.env.now
    if m.first_antidote_min is None:
        m.first_antidote_min = m.env.now
    m.recorder.record_event(m.env.now, "antidote_given", c.key, {"where": where, "item": item})
    if c.spec.death_untreated_min is not None:
        m.stop_clock(c)


def field_antidote(m: Model, c: Casualty, scene: Scene, team: Unit, care: AgentCare) -> None:
    """A medical team gives the antidote from its kit or its station's delivered stock."""
    if not antidote_allowed(m, c, care):
        return
    doses = doses_for(c)
    if scene.team_stock.get(team.id, 0) >= doses:
        scene.team_stock[team.id] -= doses
        give_antidote(m, c, team.id, "autoinjector")
        return
    stock = m.fleet.station_stock[team.station_id]
    for item in care.stock_items(list(stock)):
        if stock[item] >= doses:
            stock[item] -= doses
            give_antidote(m, c, team.id, item)
            return


def hospital_antidote(m: Model, c: Casualty, h: HospitalModel, care: AgentCare) -> bool:
    """The hospital gives the antidote from its stock if it can now."""
    if not antidote_allowed(m, c, care):
        return False
    items = care.stock_items(list(h.stock))
    item = h.take_stock(items, doses_for(c))
    if item is None:
        if items and h.id not in m.stock_exhausted:  # it held the antidote, and it has run out
            m.stock_exhausted.add(h.id)
            m.recorder.record_event(m.env.now, "stock_exhausted", h.id,
                                    {"hospital": h.id, "items": {i: h.stock[i] for i in items},
                                     "doses_needed": doses_for(c)})
        return False
    give_antidote(m, c, h.id, item)
    return True


def sweep_hospital_antidote(m: Model) -> None:
    """Identification or a delivery: patients already in hospital get the antidote now."""
    for c in m.casualties.values():
        if c.state in IN_HOSPITAL_STATES and c.antidote_min is None:
            hospital_antidote(m, c, m.hospital_by_id[c.hospital_id or ""], m.care_of(c.spec.agent))
