"""The objective metrics (exactly ``cbrnsim.scenario.objectives.METRICS``) and the run outcome.

Definitions follow the METRICS meanings; where the engine had to choose, the choice is here:

- "symptomatic casualties of an agent with an antidote" (antidote_within_min) are those whose
  severity calls for antidote (moderate and worse: ``casualty.ANTIDOTE_DOSES``); miosis alone is
  not treated with atropine (USAMRICD MMCCH 4th ed. 2007);
- "truly needed immediate care" (undertriage_pct) is the true START category immediate;
- time-to-milestone metrics measure from the first release; a milestone that has not happened
  yet counts as "now − first release" (the rest of the run so far), as METRICS says for
  agent_identified_by_min;
- a share whose denominator is empty is None (nothing to rate);
- ed_peak_occupancy_pct / icu_peak_occupancy_pct rate peak DEMAND (patients in a bed + patients
  waiting for one, at the same moment) against the beds at STARTEX: a hospital "above 100 %"
  has people waiting. ``outcome()`` reports occupancy (≤ beds) and waiting apart.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cbrnsim.scenario import METRICS

from .antidote import doses_for
from .hospitals import BED_TYPES

if TYPE_CHECKING:
    from .model import Model


def _first_release_min(m: Model) -> float:
    return min(r.start_min for r in m.scenario.releases)


def _since_release(m: Model, t_min: float | None) -> float | None:
    """Minutes from the first release to `t_min` (0 if it came first, e.g. a warning before the
    release); while it has not happened, the time elapsed so far; None before the release."""
    start = _first_release_min(m)
    if t_min is None:
        return m.env.now - start if m.env.now >= start else None
    return max(t_min - start, 0.0)


def _pct(numerator: int, denominator: int) -> float | None:
    return 100.0 * numerator / denominator if denominator else None


def _peak_pct(m: Model, bed_type: str) -> float | None:
    # Demand (in a bed + waiting for one), not occupancy: an ED "above 100 % of its spaces" is
    # only possible counting the patients in corridors, which is what the objective rates.
    shares = [100.0 * h.peak_demand[bed_type] / h.startex_capacity[bed_type]
              for h in m.hospitals if h.startex_capacity[bed_type] > 0]
    return max(shares) if shares else None


def compute_metric(m: Model, name: str, within_min: float | None = None) -> float | None:
    """The value of one metric now (its unit is METRICS[name].unit)."""
    if name not in METRICS:
        raise KeyError(f"unknown metric '{name}' (known: {', '.join(METRICS)})")
    info = METRICS[name]
    if info.needs_within_min and within_min is None:
        raise ValueError(f"metric '{name}' needs within_min")
    cs = list(m.casualties.values())
    w = within_min if within_min is not None else 0.0
    if name == "immediate_in_hospital_within_min":
        immediate = [c for c in cs if c.category == "immediate"]
        return _pct(sum(1 for c in immediate if c.ed_min is not None and c.ed_min - c.spec.onset_min <= w),
                    len(immediate))
    if name == "antidote_within_min":
        needing = [c for c in cs if c.state != "asymptomatic" and m.care_of(c.spec.agent).has_antidote
                   and doses_for(c) > 0]
        return _pct(sum(1 for c in needing if c.antidote_min is not None and c.antidote_min - c.spec.onset_min <= w),
                    len(needing))
    if name == "decon_within_min":
        needing = [c for c in cs if c.spec.contaminated]
        return _pct(sum(1 for c in needing if c.decon_min is not None and c.decon_min - c.spec.exposed_min <= w),
                    len(needing))
    if name == "prophylaxis_within_min":
        return m.countermeasures.prophylaxis_share_pct(_first_release_min(m) + w)
    if name == "agent_identified_by_min":
        return _since_release(m, m.identified_min)
    if name == "first_unit_on_scene_min":
        times = [s.first_unit_min for s in m.scenes if s.first_unit_min is not None]
        return _since_release(m, min(times) if times else None)
    if name == "first_decon_line_open_min":
        times = [s.decon_open_min for s in m.scenes if s.decon_open_min is not None]
        times += [h.decon_open_min for h in m.hospitals if h.decon_open_min is not None]
        return _since_release(m, min(times) if times else None)
    if name == "protective_action_by_min":
        return _since_release(m, m.protective_action_min)
    if name == "public_message_by_min":
        return _since_release(m, m.public_message_min)
    if name == "ed_peak_occupancy_pct":
        return _peak_pct(m, "ed_spaces")
    if name == "icu_peak_occupancy_pct":
        return _peak_pct(m, "icu_beds")
    if name == "deaths":
        return float(m.counts["dead"])
    if name == "deaths_prehospital":
        return float(m.deaths_prehospital)
    if name == "undertriage_pct":
        truly = [c for c in cs if c.true_category == "immediate"]
        return _pct(sum(1 for c in truly if c.category in ("delayed", "minor")), len(truly))
    return m.countermeasures.pod_throughput_per_h()  # pod_throughput_per_h, the last METRICS name


def kpis(m: Model) -> dict[str, float | None]:
    """Every metric that needs no time window, plus the windowed ones at the scenario's objective
    windows (named '<metric>@<window>')."""
    values: dict[str, float | None] = {n: compute_metric(m, n) for n, i in METRICS.items() if not i.needs_within_min}
    for objective in m.scenario.objectives:
        if objective.within_min is not None:
            values[f"{objective.metric}@{objective.within_min:g}"] = compute_metric(m, objective.metric,
                                                                                   objective.within_min)
    return values


def burn_beds(m: Model) -> dict[str, int]:
    """Burn-centre beds: needed now (severe burn casualties alive and not discharged), the most
    needed at once, open to the incident now, and the unmet need (severe burns not in one)."""
    in_burn_bed = sum(h.beds["burn_beds"].count for h in m.hospitals)
    return {"burn_beds_needed": m.burn_beds_needed, "burn_beds_needed_peak": m.burn_beds_needed_peak,
            "burn_beds_available": m.burn_beds_for_incident(), "burn_beds_unmet": m.burn_beds_needed - in_burn_bed}


def outcome(m: Model) -> dict[str, Any]:
    """The numbers `cbrnsim run --json` prints (issue 4, 'Command'); objectives are added by the
    Exercise layer."""
    cs = m.casualties.values()
    return {
        "scenario": m.scenario.metadata.title,
        "seed": m.seed,
        "until_min": m.env.now,
        "exposed": len(m.casualties),
        "casualties": dict(m.category_counts),
        "worried_well": m.worried_well_arrived,
        "deaths": m.counts["dead"],
        "deaths_prehospital": m.deaths_prehospital,
        "hospital_arrivals": sum(1 for c in cs if c.hospital_arrival_min is not None),
        "admissions": sum(h.admissions for h in m.hospitals),
        "icu_admissions": sum(h.icu_admissions for h in m.hospitals),
        "hospitals": {
            h.id: {"arrivals": h.arrivals, "worried_well": h.worried_well_arrivals,
                   "peak_occupancy": {t: h.peak_occupied[t] for t in BED_TYPES},
                   "peak_waiting": {t: h.peak_waiting[t] for t in BED_TYPES},
                   "peak_demand": {t: h.peak_demand[t] for t in BED_TYPES},
                   "peak_beds": {t: h.peak_capacity[t] for t in BED_TYPES},
                   "beds": {t: h.capacity_now(t) for t in BED_TYPES}}
            for h in m.hospitals},
        "by_state": dict(m.counts),
        "antidote_given": sum(1 for c in cs if c.antidote_min is not None),
        "arrived_in_arrest": sum(1 for c in cs if c.arrest_min is not None and c.hospital_arrival_min is not None),
        **burn_beds(m),
        "reception_centres": m.countermeasures.reception_summary(),
        "kpis": kpis(m),
        "events": m.events_processed,
    }
