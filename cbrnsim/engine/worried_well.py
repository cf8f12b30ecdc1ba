"""Worried well: unexposed people who seek care because of the incident.

Their number follows the casualties who need treatment: each moderate-or-worse casualty the
exposure model emits adds ``behaviour.worried_well_ratio`` × (the current public-message factor)
expected care-seekers who need no treatment, and each mild casualty (who seeks care on their own,
see the care model) takes the place of one of them. The ratio counts everyone seen and sent home
per casualty needing treatment: SBCCOM 2000 "5 unaffected per affected"; St Luke's, Tokyo 1995: 530
sent home per 111 admitted = 4.8 (Ohbu et al. 1997, South Med J 90:587); Graniteville 2005: 525
outpatients per 72 hospitalised = 7.3 (Wenck et al. 2007, Public Health Rep 122:784). Counting it per
casualty of any severity, miosis included, double-counted the mildly affected, who are most of
those care-seekers (docs/validation.md). A
worried-well person k sets off at the first release time plus a lognormal delay (median
``behaviour.worried_well_delay_median_min``, geometric SD ``behaviour.care_seeking_delay_gsd``),
or now if that moment has passed, and not before the onset of the casualty whose count
brought them (people react to visible illness); they start from a point of a population zone chosen with
probability proportional to its population. Every draw of person k comes from its own keyed
stream ("worried_well", k), so ids, places and times are stable across branches; only how
many there are depends on the casualties so far and on public messages.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from ..rng import Streams
from ..scenario.behaviour import Behaviour
from .cohorts import ID_BLOCK, Population
from .exposure_specs import WorriedWellSpec

__all__ = ["WORRIED_WELL_GROUP", "WorriedWell", "WorriedWellSpec"]

WORRIED_WELL_GROUP = 200_000
"""Worried-well person k has id WORRIED_WELL_GROUP·ID_BLOCK + k."""


class WorriedWell:
    """Turns affected-casualty counts into WorriedWellSpecs, moved by public messages."""

    def __init__(self, behaviour: Behaviour, population: Population, streams: Streams,
                 on_worried_well: Callable[[WorriedWellSpec], None], first_release_min: float) -> None:
        self._behaviour = behaviour
        self._pop = population
        self._streams = streams
        self._emit = on_worried_well
        self._first_release_min = first_release_min
        self.factor = 1.0
        """Multiplier on the ratio from the latest public message (1 before any)."""
        self._expected = 0.0
        self.count = 0
        """Worried-well specs emitted so far."""

    def set_factor(self, factor: float) -> None:
        """A public message: from now on each casualty brings `factor` × the usual care-seekers."""
        self.factor = factor

    def casualties_emitted(self, onsets_min: Sequence[float], now_min: float,
                           limit: int | None = None,
                           severities: Sequence[int] | None = None) -> list[WorriedWellSpec]:
        """Add the care-seekers that new casualties (with these symptom onsets and severities)
        bring; emit them.

        A moderate-or-worse casualty adds ratio × factor expected care-seekers; a mild one
        (severity 1) stands in for one of them (without severities every casualty counts as
        moderate or worse). Care-seeker k is triggered by the casualty that takes the expected
        count past k and sets off no earlier than that casualty's onset (people react to visible
        illness: for a covert biological release, days after the release). At most `limit` in all
        (the people not affected, when given).
        """
        onsets = np.asarray(onsets_min, dtype=float)
        if onsets.size == 0 or self._pop.size == 0:
            return []
        step = np.full(onsets.size, self._behaviour.worried_well_ratio * self.factor)
        if severities is not None:
            step[np.asarray(severities) <= 1] = -1.0
        cumulative = self._expected + np.cumsum(step)
        self._expected = float(cumulative[-1])
        # floor with a small tolerance so 5 × 0.2 gives exactly 1, not 0.999…; the running maximum
        # because emitted care-seekers are not taken back when mild casualties follow
        reached = np.maximum.accumulate(np.floor(cumulative + 1e-9))
        target = int(reached[-1])
        if limit is not None:
            target = min(target, max(limit, self.count))
        if target <= self.count:
            return []
        index = np.arange(self.count, target, dtype=np.int64)
        trigger = np.searchsorted(reached, index + 1, side="left")
        specs = self._specs(index, now_min, onsets[np.minimum(trigger, onsets.size - 1)])
        self.count = target
        for spec in specs:
            self._emit(spec)
        return specs

    def departure_min(self, ids: np.ndarray, now_min: float) -> np.ndarray:
        """Departure of care-seekers (or people told to get screened) with these ids: the first
        release plus their keyed lognormal delay, or now if that has passed."""
        z = self._streams.normal_per_key("worried_well", ids, draw="delay")
        median = self._behaviour.worried_well_delay_median_min
        sigma = math.log(self._behaviour.care_seeking_delay_gsd)
        return np.maximum(self._first_release_min + median * np.exp(sigma * z), now_min)

    def _specs(self, index: np.ndarray, now_min: float, trigger_onset_min: np.ndarray) -> list[WorriedWellSpec]:
        ids = WORRIED_WELL_GROUP * ID_BLOCK + index
        depart = np.maximum(self.departure_min(ids, now_min), trigger_onset_min)
        # A uniformly chosen person of the whole population: zones weighted by their counts.
        pick = np.minimum((self._streams.uniform_per_key("worried_well", ids, draw="where")
                           * self._pop.size).astype(np.int64), self._pop.size - 1)
        rec = self._pop.receptor_of[pick]
        zones = [self._pop.zone_ids[z] for z in self._pop.receptor_zone[rec].tolist()]
        # Plain Python lists: building tens of thousands of specs from numpy scalars is 3x slower.
        return [WorriedWellSpec(id=i, x_m=x, y_m=y, depart_min=d, kind="worried_well", zone=z)
                for i, x, y, d, z in zip(ids.tolist(), self._pop.receptor_x_m[rec].tolist(),
                                         self._pop.receptor_y_m[rec].tolist(), depart.tolist(), zones)]
