"""Population cohorts: who stands where, indoors or out, and how many of them a dose affects.

Each population zone is represented by K receptor points (a fixed, deterministic pattern over
its circle or polygon) and each person belongs to one point and starts indoors or outdoors
(the zone's ``indoor_fraction``). People at one point in one micro-environment share a dose
history: they form a *cohort*. Protective actions split cohorts (the compliant part moves).

Every person carries one uniform number ``u`` from their own keyed stream (common random
numbers). With the exceedance probabilities S_k(dose) = P(severity ≥ k) of a monotone
severity mix, a person's severity is the largest k with u < S_k, so severity only rises as the
dose accumulates. Persons are kept sorted by (cohort, u): the number of people of a cohort at
or above severity k is then one ``searchsorted`` on the key cohort + u, for every cohort and
tier at once — no Python loop over people.

Ids are stable: person p (0-based) of zone z has id ``(z + 1)·10¹⁰ + p``; person p is indoors
when p < round(count · indoor_fraction) and stands at point p mod K.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from ..rng import Streams
from ..scenario.population import PopulationZone

ID_BLOCK = 10**10
"""Ids of a group (zone, enclosure, ...) are ``group·ID_BLOCK + index``; zones hold < 5·10⁷ people."""

OUTDOOR, INDOOR, AWAY = 0, 1, 2
"""Micro-environments of a cohort: in the open air, inside a building, gone from the zone."""

TIERS = 4
"""Severity tiers above none: mild, moderate, severe, lethal without care."""

RECEPTORS_PER_ZONE = 19
"""Points per zone: a centre and two rings (1 + 6 + 12), each point standing for 1/19 of the people."""

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def circle_pattern_m(cx_m: float, cy_m: float, radius_m: float) -> tuple[FloatArray, FloatArray]:
    """The 19 points of a circular zone: the centre, then rings of 6 and 12 at equal-area radii.

    Each point represents an equal share of a uniformly populated disc; a ring's points sit at
    the radius that halves the ring's area (the centre disc holds 1/19 of the area, ring one
    6/19, ring two 12/19), so the pattern's mean distance from the centre matches the disc's.
    """
    r1 = radius_m * math.sqrt(4.0 / 19.0)
    r2 = radius_m * math.sqrt(13.0 / 19.0)
    a1 = np.arange(6) * (2 * math.pi / 6)
    a2 = np.arange(12) * (2 * math.pi / 12) + math.pi / 12
    x = np.concatenate([[cx_m], cx_m + r1 * np.cos(a1), cx_m + r2 * np.cos(a2)])
    y = np.concatenate([[cy_m], cy_m + r1 * np.sin(a1), cy_m + r2 * np.sin(a2)])
    return x, y


def _inside_polygon(x: FloatArray, y: FloatArray, px: FloatArray, py: FloatArray) -> NDArray[np.bool_]:
    """Ray-casting point-in-polygon test, vectorised over points and edges."""
    jx, jy = np.roll(px, 1), np.roll(py, 1)
    crosses = (py[None, :] > y[:, None]) != (jy[None, :] > y[:, None])
    with np.errstate(divide="ignore", invalid="ignore"):
        x_cross = (jx - px)[None, :] * (y[:, None] - py[None, :]) / (jy - py)[None, :] + px[None, :]
    return np.sum(crosses & (x[:, None] < x_cross), axis=1) % 2 == 1


def polygon_pattern_m(px: FloatArray, py: FloatArray, wanted: int = RECEPTORS_PER_ZONE) -> tuple[FloatArray, FloatArray]:
    """About `wanted` points on a regular grid inside a polygon (its centroid if none fits)."""
    for n in range(int(math.sqrt(wanted)) + 1, 4 * wanted):
        gx = px.min() + (np.arange(n) + 0.5) * (px.max() - px.min()) / n
        gy = py.min() + (np.arange(n) + 0.5) * (py.max() - py.min()) / n
        x, y = (a.ravel() for a in np.meshgrid(gx, gy))
        inside = _inside_polygon(x, y, px, py)
        if inside.sum() >= wanted:
            keep = np.flatnonzero(inside)
            pick = keep[np.linspace(0, keep.size - 1, wanted).round().astype(int)]
            return x[pick], y[pick]
    return np.array([px.mean()]), np.array([py.mean()])


def zone_points_m(zone: PopulationZone) -> tuple[FloatArray, FloatArray]:
    """The receptor points of a zone."""
    if zone.polygon is None:
        assert zone.centre is not None and zone.radius_m is not None
        return circle_pattern_m(zone.centre.x_m, zone.centre.y_m, zone.radius_m)
    px = np.array([p.x_m for p in zone.polygon])
    py = np.array([p.y_m for p in zone.polygon])
    return polygon_pattern_m(px, py)


def distance_to_edge_m(zone: PopulationZone, x_m: FloatArray, y_m: FloatArray) -> FloatArray:
    """Straight distance from points inside a zone to its boundary (the way out on foot)."""
    if zone.polygon is None:
        assert zone.centre is not None and zone.radius_m is not None
        return np.maximum(zone.radius_m - np.hypot(x_m - zone.centre.x_m, y_m - zone.centre.y_m), 0.0)
    ax = np.array([p.x_m for p in zone.polygon])
    ay = np.array([p.y_m for p in zone.polygon])
    bx, by = np.roll(ax, -1), np.roll(ay, -1)
    ex, ey = bx - ax, by - ay
    t = ((x_m[:, None] - ax) * ex + (y_m[:, None] - ay) * ey) / np.maximum(ex * ex + ey * ey, 1e-12)
    t = np.clip(t, 0.0, 1.0)
    return np.min(np.hypot(x_m[:, None] - (ax + t * ex), y_m[:, None] - (ay + t * ey)), axis=1)


class KeyedNormals:
    """A stand-in for ``numpy.random.Generator`` that hands out precomputed per-person values.

    The hazard samplers (``onset_minutes``, ``sample_incubation_days``...) take a generator
    and draw one standard normal (or uniform) per casualty. Passing each casualty's own keyed
    value keeps every draw a function of (seed, person) only — common random numbers — while
    the published formulas stay in one place (the hazard modules).
    """

    def __init__(self, normals: FloatArray | None = None, uniforms: FloatArray | None = None) -> None:
        self._normals = normals
        self._uniforms = uniforms

    @staticmethod
    def _take(values: FloatArray | None, size: int | tuple[int, ...] | None, what: str) -> FloatArray:
        if values is None:
            raise ValueError(f"no keyed {what} values were given")
        shape = () if size is None else ((size,) if isinstance(size, int) else tuple(size))
        if int(np.prod(shape)) != values.size:
            raise ValueError(f"asked for {shape} {what} values, {values.size} were keyed")
        return values.reshape(shape)

    def standard_normal(self, size: int | tuple[int, ...] | None = None) -> FloatArray:
        """The keyed standard normals, in casualty order."""
        return self._take(self._normals, size, "normal")

    def random(self, size: int | tuple[int, ...] | None = None) -> FloatArray:
        """The keyed uniforms in [0, 1), in casualty order."""
        return self._take(self._uniforms, size, "uniform")


@dataclass
class Population:
    """Every person of the scenario's zones, with their fixed random numbers and home point."""

    person_id: IntArray
    """Stable id of each person."""
    u_dose: FloatArray
    """The person's dose-response uniform (draw 'dose_response')."""
    u_comply: FloatArray
    """The person's compliance uniform (draw 'compliance'): complies with an order of compliance c if u < c."""
    receptor_of: IntArray
    """Index of the receptor point where the person is."""
    indoor: NDArray[np.bool_]
    """Whether the person was indoors at STARTEX."""
    receptor_x_m: FloatArray
    """East coordinate of every receptor point."""
    receptor_y_m: FloatArray
    """North coordinate of every receptor point."""
    receptor_zone: IntArray
    """Zone index of every receptor point."""
    edge_distance_m: FloatArray
    """Distance from each receptor point to its zone's edge."""
    zone_ids: tuple[str, ...]
    """Zone ids, by zone index."""

    @property
    def size(self) -> int:
        """Number of people."""
        return int(self.person_id.size)


def build_population(zones: tuple[PopulationZone, ...], streams: Streams) -> Population:
    """People of every zone, spread over the zone points, indoors first (see module docstring)."""
    ids, receptor_of, indoor = [], [], []
    rx, ry, rzone, redge = [], [], [], []
    for z, zone in enumerate(zones):
        x, y = zone_points_m(zone)
        first = sum(a.size for a in rx)
        rx.append(x)
        ry.append(y)
        rzone.append(np.full(x.size, z))
        redge.append(distance_to_edge_m(zone, x, y))
        index = np.arange(zone.count, dtype=np.int64)
        ids.append((z + 1) * ID_BLOCK + index)
        receptor_of.append(first + index % x.size)
        indoor.append(index < round(zone.count * zone.indoor_fraction))
    person_id = np.concatenate(ids) if ids else np.zeros(0, dtype=np.int64)
    return Population(
        person_id=person_id,
        u_dose=streams.uniform_per_key("person", person_id, draw="dose_response"),
        u_comply=streams.uniform_per_key("person", person_id, draw="compliance"),
        receptor_of=np.concatenate(receptor_of) if receptor_of else np.zeros(0, dtype=np.int64),
        indoor=np.concatenate(indoor) if indoor else np.zeros(0, dtype=bool),
        receptor_x_m=np.concatenate(rx) if rx else np.zeros(0),
        receptor_y_m=np.concatenate(ry) if ry else np.zeros(0),
        receptor_zone=np.concatenate(rzone) if rzone else np.zeros(0, dtype=np.int64),
        edge_distance_m=np.concatenate(redge) if redge else np.zeros(0),
        zone_ids=tuple(zone.id for zone in zones),
    )


@dataclass
class Cohorts:
    """People grouped by shared dose history; sorted by (cohort, u) for vectorised counting."""

    population: Population
    receptor: IntArray = field(init=False)
    """Receptor point of each cohort."""
    mode: NDArray[np.int8] = field(init=False)
    """OUTDOOR, INDOOR or AWAY, per cohort."""
    moves: list[list[tuple[float, int]]] = field(init=False)
    """Scheduled changes of micro-environment per cohort: (time_min, new mode), in time order."""
    cohort_of: IntArray = field(init=False)
    """Cohort of each person."""

    def __post_init__(self) -> None:
        pop = self.population
        n_receptors = pop.receptor_x_m.size
        # Cohort 2r is outdoors at receptor r, 2r + 1 indoors.
        self.receptor = np.repeat(np.arange(n_receptors, dtype=np.int64), 2)
        self.mode = np.tile(np.array([OUTDOOR, INDOOR], dtype=np.int8), n_receptors)
        self.moves = [[] for _ in range(2 * n_receptors)]
        self._next_move_min = math.inf
        self.cohort_of = 2 * pop.receptor_of + pop.indoor.astype(np.int64)
        self._sort()

    def _sort(self) -> None:
        key = self.cohort_of + self.population.u_dose
        self.order = np.argsort(key, kind="stable")
        """Person indices sorted by (cohort, u)."""
        self.sorted_key = key[self.order]
        """cohort + u, ascending."""
        self.start = np.searchsorted(self.sorted_key, np.arange(self.count + 1, dtype=float))
        """First sorted position of each cohort (and the end)."""

    @property
    def count(self) -> int:
        """Number of cohorts."""
        return int(self.receptor.size)

    def sizes(self) -> IntArray:
        """People per cohort."""
        return np.diff(self.start)

    def counts_at_or_above(self, exceedance: FloatArray) -> IntArray:
        """People of each cohort with u < S, for exceedance S of shape (cohorts, tiers)."""
        cohorts = np.arange(self.count, dtype=float)[:, None]
        query = cohorts + np.clip(exceedance, 0.0, 1.0)
        return np.searchsorted(self.sorted_key, query.ravel()).reshape(query.shape) - self.start[:-1, None]

    def members(self, cohort: int, first: int, stop: int) -> IntArray:
        """Person indices at sorted positions [first, stop) of a cohort (lowest u first)."""
        base = int(self.start[cohort])
        return self.order[base + first: base + stop]

    def split(self, cohorts: IntArray, compliance: float) -> IntArray:
        """Move the compliant people (u_comply < compliance) of `cohorts` into new cohorts.

        Returns the new cohort index for each given cohort (-1 where nobody complied). New
        cohorts copy receptor, mode and scheduled moves; the caller copies dose state.
        """
        new_index = np.full(cohorts.size, -1, dtype=np.int64)
        for i, c in enumerate(cohorts):
            people = self.order[self.start[c]:self.start[c + 1]]
            movers = people[self.population.u_comply[people] < compliance]
            if movers.size == 0 or movers.size == people.size:
                new_index[i] = c if movers.size else -1
                continue
            new = self.count
            self.receptor = np.append(self.receptor, self.receptor[c])
            self.mode = np.append(self.mode, self.mode[c])
            self.moves.append(list(self.moves[c]))
            self.cohort_of[movers] = new
            new_index[i] = new
        self._sort()
        return new_index

    def schedule(self, cohort: int, time_min: float, mode: int) -> None:
        """Schedule a change of micro-environment (kept in time order)."""
        self.moves[cohort].append((time_min, mode))
        self.moves[cohort].sort()
        self._next_move_min = min(self._next_move_min, time_min)

    def apply_moves(self, now_min: float) -> bool:
        """Carry out every scheduled move due by now; True if any cohort moved."""
        if now_min + 1e-9 < self._next_move_min:
            return False
        for c, moves in enumerate(self.moves):
            while moves and moves[0][0] <= now_min + 1e-9:
                self.mode[c] = moves.pop(0)[1]
        self._next_move_min = min((m[0][0] for m in self.moves if m), default=math.inf)
        return True

    def next_move_min(self) -> float:
        """Time of the next scheduled move (inf if none)."""
        return self._next_move_min
