"""Gaussian puff model for exercise hazard fields, exercise grade.

A release is cut into puffs (every ``release_interval_s`` for timed, line and moving
sources). Each puff is a 3-D Gaussian with equal along- and cross-wind spread, reflected
at the ground (Turner 1970, AP-26, ch. 3; Hanna, Briggs & Hosker 1982)::

    C = M / ((2 pi)^3/2 sh^2 sz) exp(-r^2 / 2 sh^2)
        [exp(-(z-H)^2 / 2 sz^2) + exp(-(z+H)^2 / 2 sz^2)]

Transport: in each sub-step every puff moves with the wind of that time (one wind for
the whole domain) and grows along the sigma curves of the current stability from its
virtual distance (the distance at which the curve gives its present sigma), so growth
is continuous when stability changes (the virtual-source method of ISC3 and CALPUFF).
Dosage at receptors is integrated exactly along each puff's straight track within a
sub-step (integrated puff sampling, as in CALPUFF, Scire et al. 2000), so puffs
cannot skip receptors. Dry deposition with a deposition velocity depletes puff mass
(the source-depletion model of Chamberlain 1953, AERE HP/R-1261) and accumulates
deposited mass per m² at receptors.

Time is minutes since scenario start; positions are local metres (x east, y north);
wind directions are meteorological "from" degrees. See ``docs/models-dispersion.md``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from cbrnsim.hazard.densegas import DenseSpread, dense_spread
from cbrnsim.hazard.dispersion import SCHEMES, SigmaGrowth, erf
from cbrnsim.hazard.meteo import clamp_wind_speed_m_s, downwind_unit_vector
from cbrnsim.hazard.puff_inputs import (
    PUFF_FIELDS as _FIELDS, LineSource, MovingSource, PointSource, PuffSettings, Source, WeatherStep,
    release_schedule as _schedule,
)

__all__ = ["G_S_M3_TO_MG_MIN_M3", "LineSource", "MovingSource", "PointSource", "PuffModel", "PuffSettings",
           "Source", "WeatherStep"]

G_S_M3_TO_MG_MIN_M3: float = 1000.0 / 60.0
"""1 g·s/m³ = 1000 mg × (1/60) min per m³."""

SQRT_2PI: float = math.sqrt(2.0 * math.pi)
"""√(2π): a ground-reflected Gaussian's vertical factor V(z) over √(2π)·σz is its vertical
density g(z) (per metre), which integrates to 1 over z ≥ 0."""

MIN_SAMPLE_HEIGHT_M: float = 1e-6
"""Receptors below this height are taken as ground receptors by the dense-gas mass bound (it
divides by the height); the bound there is ~10⁶/m, far above any puff's own density."""


TAIL_CUTOFF_EXPONENT: float = -40.0
"""Gaussian factors below exp(-40) ≈ 4e-18 of the puff peak are set to zero: they are
negligible, and as subnormal floats they would slow the matrix product about 100-fold."""


SAMPLE_REACH_SIGMAS: float = 9.0
"""Receptor–puff pairs farther than this many (largest) horizontal sigmas from a puff's track
in a sub-step are not evaluated. Across the track the Gaussian there is below
exp(-9²/2) = exp(-40.5), i.e. under TAIL_CUTOFF_EXPONENT; along it, both error functions of
the integrated sampling are ±1 to double precision beyond 9 sigmas, so their sum is exactly 0."""


def _gaussian_factor(exponent: NDArray) -> NDArray:
    """exp(exponent) with the far tail flushed to exactly zero."""
    factor = np.exp(exponent)
    factor[exponent < TAIL_CUTOFF_EXPONENT] = 0.0
    return factor


@dataclass
class _Receptors:
    x: NDArray[np.float64]
    y: NDArray[np.float64]
    z: NDArray[np.float64]
    dosage_g_s_m3: NDArray[np.float64] = field(init=False)
    deposit_g_m2: NDArray[np.float64] = field(init=False)

    x_min: float = field(init=False)
    x_max: float = field(init=False)
    y_min: float = field(init=False)
    y_max: float = field(init=False)

    def __post_init__(self) -> None:
        self.dosage_g_s_m3 = np.zeros_like(self.x)
        self.deposit_g_m2 = np.zeros_like(self.x)
        self.x_min, self.x_max = (float(self.x.min()), float(self.x.max())) if self.x.size else (0.0, 0.0)
        self.y_min, self.y_max = (float(self.y.min()), float(self.y.max())) if self.y.size else (0.0, 0.0)


class PuffModel:
    """Puffs from several sources under a weather timeline; concentration and dosage.

    Typical use by the engine: register receptor sets once with :meth:`add_receptors`,
    call :meth:`run` to each engine time, then read :meth:`dosage_mg_min_m3`. Injects
    act through :meth:`add_source` (secondary release) and :meth:`add_weather` (wind
    shift). The console draws :meth:`concentration_grid_g_m3`.
    """

    def __init__(self, sources: Sequence[Source], weather: Sequence[WeatherStep],
                 settings: PuffSettings | None = None) -> None:
        self.settings = settings or PuffSettings()
        if self.settings.scheme not in SCHEMES:
            raise ValueError(f"unknown sigma scheme {self.settings.scheme!r}")
        if not weather:
            raise ValueError("at least one WeatherStep is needed")
        self._weather = sorted(weather, key=lambda w: w.start_min)
        self._curves = SigmaGrowth(self.settings.scheme)
        self._sources: list[Source] = []
        self._pending = {name: np.empty(0) for name in _FIELDS}
        self._puffs = {name: np.empty(0) for name in _FIELDS}
        self._spread = np.empty(0)
        self._zspread = np.empty(0)
        self._receptors: dict[str, _Receptors] = {}
        self._dense_setups: dict[tuple[int, float, str, str], DenseSpread] = {}
        """Britter–McQuaid set-ups by (source, wind speed, stability, terrain): built once each."""
        self._time_s = 0.0
        self.released_mass_g = 0.0
        """Mass put into the air so far."""
        self.deposited_mass_g = 0.0
        """Mass removed from the air by dry deposition so far."""
        self.retired_mass_g = 0.0
        """Mass of puffs retired beyond ``max_travel_m``."""
        for source in sources:
            self.add_source(source)

    # ---- inputs -------------------------------------------------------------------------
    @property
    def time_min(self) -> float:
        """Current model time, minutes since scenario start."""
        return self._time_s / 60.0

    def add_source(self, source: Source) -> None:
        """Add a release (e.g. a secondary release inject); past release times start now."""
        if isinstance(source, PointSource) and source.dense and source.height_m > 0:
            raise ValueError("Britter-McQuaid dense-gas correlations are for ground releases")
        self._sources.append(source)
        new = _schedule(len(self._sources) - 1, source, self.settings.release_interval_s)
        new["t_s"] = np.maximum(new["t_s"], self._time_s)
        merged = {k: np.concatenate([self._pending[k], new[k]]) for k in _FIELDS}
        order = np.argsort(merged["t_s"], kind="stable")
        self._pending = {k: v[order] for k, v in merged.items()}

    def add_weather(self, step: WeatherStep) -> None:
        """Insert a weather change (e.g. a wind-shift inject) from ``step.start_min`` on."""
        self._weather = sorted([w for w in self._weather if w.start_min != step.start_min]
                               + [step], key=lambda w: w.start_min)

    def weather_at(self, time_min: float) -> WeatherStep:
        """The weather step in force at a time (the first one before it starts)."""
        starts = [w.start_min for w in self._weather]
        return self._weather[max(0, int(np.searchsorted(starts, time_min, side="right")) - 1)]

    def add_receptors(self, name: str, x_m: ArrayLike, y_m: ArrayLike,
                      z_m: ArrayLike = 1.5) -> None:
        """Register receptor points whose dosage and deposition accumulate from now."""
        x, y, z = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (x_m, y_m, z_m)))
        self._receptors[name] = _Receptors(x.ravel().copy(), y.ravel().copy(), z.ravel().copy())

    # ---- outputs ------------------------------------------------------------------------
    def dosage_g_s_m3(self, name: str) -> NDArray[np.float64]:
        """Time-integrated concentration at a receptor set, g·s/m³."""
        return self._receptors[name].dosage_g_s_m3.copy()

    def dosage_mg_min_m3(self, name: str) -> NDArray[np.float64]:
        """Time-integrated concentration at a receptor set, mg·min/m³ (Ct of toxicology)."""
        return self._receptors[name].dosage_g_s_m3 * G_S_M3_TO_MG_MIN_M3

    def deposition_g_m2(self, name: str) -> NDArray[np.float64]:
        """Dry-deposited mass per m² of ground at a receptor set."""
        return self._receptors[name].deposit_g_m2.copy()

    @property
    def puff_count(self) -> int:
        """Puffs currently airborne."""
        return int(self._puffs["mass"].size)

    @property
    def airborne_mass_g(self) -> float:
        """Mass currently in the air."""
        return float(self._puffs["mass"].sum())

    def concentration_g_m3(self, x_m: ArrayLike, y_m: ArrayLike,
                           z_m: ArrayLike = 1.5) -> NDArray[np.float64]:
        """Concentration now at arbitrary receptor arrays (broadcast), g/m³."""
        x, y, z = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (x_m, y_m, z_m)))
        flat = [v.ravel() for v in (x, y, z)]
        p = self._puffs
        sh = p["sh"] * self._spread
        sz = p["sz"] * self._zspread
        amplitude = p["mass"] / ((2.0 * math.pi) ** 1.5 * sh**2 * sz)
        out = np.zeros(flat[0].size)
        for rows in self._chunks(flat[0].size):
            dx = flat[0][rows, None] - p["x"]
            dy = flat[1][rows, None] - p["y"]
            horizontal = np.exp(-(dx * dx + dy * dy) / (2.0 * sh * sh))
            out[rows] = np.sum(amplitude * horizontal
                               * self._vertical_sampled(flat[2][rows, None], p["z"], sz, self._zspread),
                               axis=1)
        return out.reshape(x.shape)

    def concentration_grid_g_m3(self, x_axis_m: ArrayLike, y_axis_m: ArrayLike,
                                z_m: float = 1.5, dtype: type = np.float32) -> NDArray:
        """Concentration now on the grid x_axis × y_axis, shape (ny, nx), g/m³.

        Each puff's horizontal Gaussian factorises into an x vector and a y vector, so the
        field is one matrix product (puffs are circular, so any grid orientation works).
        """
        p = self._puffs
        x = np.asarray(x_axis_m, dtype=dtype)
        y = np.asarray(y_axis_m, dtype=dtype)
        if p["mass"].size == 0:
            return np.zeros((y.size, x.size), dtype=dtype)
        sh = (p["sh"] * self._spread).astype(dtype)
        sz = p["sz"] * self._zspread
        weight = p["mass"] / ((2.0 * math.pi) ** 1.5 * (p["sh"] * self._spread) ** 2 * sz)
        weight = (weight * self._vertical_sampled(np.float64(z_m), p["z"], sz, self._zspread)).astype(dtype)
        inv = (-0.5 / (sh * sh))[:, None]
        ex = _gaussian_factor(np.square(x[None, :] - p["x"].astype(dtype)[:, None]) * inv)
        ey = _gaussian_factor(np.square(y[None, :] - p["y"].astype(dtype)[:, None]) * inv)
        return (ey * weight[:, None]).T @ ex

    # ---- time stepping ------------------------------------------------------------------
    def step(self, dt_min: float) -> None:
        """Advance the model by ``dt_min`` minutes."""
        self.run(self.time_min + dt_min)

    def run(self, until_min: float) -> None:
        """Advance the model to ``until_min`` in sub-steps no longer than max_substep_s,
        split at weather changes."""
        end_s = until_min * 60.0
        changes = [w.start_min * 60.0 for w in self._weather]
        while self._time_s < end_s - 1e-9:
            next_change = min([c for c in changes if c > self._time_s + 1e-9] + [np.inf])
            t1 = min(end_s, self._time_s + self.settings.max_substep_s, next_change)
            self._advance(self._time_s, t1)
            self._time_s = t1

    def _advance(self, t0: float, t1: float) -> None:
        weather = self.weather_at(t0 / 60.0 + 1e-9)
        self._release(t1)
        p = self._puffs
        if p["mass"].size == 0:
            return
        u = float(clamp_wind_speed_m_s(weather.wind_speed_m_s))
        ue, un = downwind_unit_vector(weather.wind_from_deg)
        tau = t1 - np.maximum(p["t_s"], t0)
        step_m = u * tau
        start_x, start_y = p["x"].copy(), p["y"].copy()
        end_sh, end_sz = self._curves.grow(p["sh"], p["sz"], step_m,
                                           weather.stability, weather.terrain)
        end_travel = p["travel"] + step_m
        (spread, zspread), (end_spread, end_zspread) = self._spread_factors(
            p["travel"] + 0.5 * step_m, end_travel, weather)
        sz_mid = 0.5 * (p["sz"] + end_sz)
        if self._depositing():
            decay = np.exp(-p["vd"] * tau * self._vertical(0.0, p["z"], sz_mid)
                           / (math.sqrt(2.0 * math.pi) * sz_mid))
            mass_mid = p["mass"] * np.sqrt(decay)
        else:  # exp(0) = 1 everywhere: nothing deposits, the mass is unchanged
            decay, mass_mid = None, p["mass"]
        track = _Track(start_x, start_y, ue, un, u, step_m, p["sh"] * spread,
                       end_sh * spread, p["sz"] * zspread, end_sz * zspread, mass_mid, zspread)
        for receptors in self._receptors.values():
            self._sample(receptors, track)
        if decay is not None:
            self.deposited_mass_g += float(np.sum(p["mass"] * (1.0 - decay)))
            p["mass"] = p["mass"] * decay
        p["x"] = start_x + ue * step_m
        p["y"] = start_y + un * step_m
        p["travel"] = end_travel
        p["sh"], p["sz"] = end_sh, end_sz
        self._spread, self._zspread = end_spread, end_zspread
        self._retire()

    def _depositing(self) -> bool:
        return bool(np.any(self._puffs["vd"] > 0.0))

    def _release(self, t1: float) -> None:
        due = self._pending["t_s"] < t1
        if not due.any():
            return
        for k in _FIELDS:
            self._puffs[k] = np.concatenate([self._puffs[k], self._pending[k][due]])
            self._pending[k] = self._pending[k][~due]
        self.released_mass_g = float(self.released_mass_g + self._puffs["mass"][-due.sum():].sum())
        self._spread = np.ones_like(self._puffs["mass"])
        self._zspread = np.ones_like(self._puffs["mass"])

    def _retire(self) -> None:
        p = self._puffs
        keep = (p["travel"] <= self.settings.max_travel_m) & (p["mass"] > 0.0)
        if keep.all():
            return  # nothing to retire: no need to copy every puff array
        self.retired_mass_g += float(p["mass"][~keep].sum())
        self._puffs = {k: v[keep] for k, v in p.items()}
        self._spread = self._spread[keep]
        self._zspread = self._zspread[keep]

    def _spread_factors(self, mid_travel_m: NDArray, end_travel_m: NDArray,
                        weather: WeatherStep) -> tuple[NDArray, NDArray]:
        """Dense-gas spread factors at mid-step and at the end of the step, from one evaluation
        of the (elementwise) correlation: the set-up of the Britter–McQuaid curves is most of the
        cost, so both travel arrays go through it together."""
        h, v = self._spread_factor(np.concatenate([mid_travel_m, end_travel_m]), weather, repeat=2)
        n = mid_travel_m.size
        return (h[:n], v[:n]), (h[n:], v[n:])

    def _spread_factor(self, travel_m: NDArray, weather: WeatherStep, repeat: int = 1) -> NDArray:
        """Dense-gas horizontal spread multiplier per puff (1 for passive sources); ``travel_m``
        may hold ``repeat`` consecutive arrays of one value per puff."""
        factor = np.ones_like(travel_m)
        vertical = np.ones_like(travel_m)
        source_of = np.tile(self._puffs["source"].astype(int), repeat)
        for index in np.unique(source_of):
            source = self._sources[index]
            if not isinstance(source, PointSource) or source.dense is None:
                continue
            mine = source_of == index
            f, vertical[mine] = self._dense_setup(int(index), source, weather).factors(travel_m[mine])
            factor[mine] = np.sqrt(f) if source.duration_min <= 0 else f
        return factor, vertical

    def _dense_setup(self, index: int, source: PointSource, weather: WeatherStep) -> DenseSpread:
        """The Britter–McQuaid set-up of one dense source under one weather, built once per run."""
        key = (index, weather.wind_speed_m_s, weather.stability, weather.terrain)
        setup = self._dense_setups.get(key)
        if setup is None:
            assert source.dense is not None
            kwargs = ({"mass_kg": source.mass_g * 1e-3} if source.duration_min <= 0
                      else {"rate_kg_s": source.mass_g * 1e-3 / (source.duration_min * 60.0)})
            setup = dense_spread(weather.wind_speed_m_s, weather.stability, source.dense,
                                 terrain=weather.terrain, scheme=self.settings.scheme, **kwargs)
            self._dense_setups[key] = setup
        return setup

    @staticmethod
    def _vertical(z, release_height, sigma_z):
        inv = -0.5 / np.square(sigma_z)
        return np.exp(np.square(z - release_height) * inv) + \
            np.exp(np.square(z + release_height) * inv)

    @classmethod
    def _vertical_sampled(cls, z, release_height, sigma_z, z_scale):
        """Vertical factor of puffs read by receptors at height ``z``: for a flattened dense puff
        (``z_scale`` = f_z < 1, ``sigma_z`` already flattened) the passive profile is read at
        z·f_z — the same fraction of the puff's depth — and capped by the puff's own mass.

        Why the cap: a ground release has a vertical profile that does not increase with height,
        so its density g obeys g(z)·z ≤ ∫₀ᶻ g ≤ 1, i.e. V(z) ≤ √(2π)·σz/z. Read at z·f_z, a puff
        flattened to centimetres gave 1.5 m the Britter–McQuaid ground value: 408 kg of chlorine
        over 10 min (D, 3 m/s, urban) gave 215 g/m³ at 22 m where the mass allows 17 g/m³
        (docs/models-dispersion.md, "Sampling height"). Where the cap binds, the flattened
        cloud's mass counts as mixed evenly up to the receptor: the most the mass allows.
        Passive puffs (f_z = 1) are read at z unchanged."""
        vertical = cls._vertical(z * z_scale, release_height, sigma_z)
        flattened = z_scale < 1.0
        if not np.any(flattened):
            return vertical
        cap = np.where(flattened, SQRT_2PI * sigma_z / np.maximum(z, MIN_SAMPLE_HEIGHT_M), np.inf)
        return np.minimum(vertical, cap)

    def _chunks(self, count: int, puffs: int | None = None):
        width = self._puffs["mass"].size if puffs is None else puffs
        block = max(1, self.settings.receptor_chunk // max(1, width))
        return (slice(i, min(i + block, count)) for i in range(0, count, block))

    def _sample(self, receptors: _Receptors, track: _Track) -> None:
        """Time integral of each puff along its straight track this sub-step.

        Exact for a Gaussian moving at constant speed; the puff's sigmas are taken where
        it passes closest to the receptor (linear between the sub-step's end values).
        Only receptor–puff pairs within ``SAMPLE_REACH_SIGMAS`` of the track are evaluated
        (see there): first puffs whose reach misses every receptor are dropped, then the
        remaining pairs are gathered, so a cloud far from the people costs next to nothing.
        """
        reach = SAMPLE_REACH_SIGMAS * np.maximum(track.sh0, track.sh1)
        near = self._puffs_near(receptors, track, reach)
        if near.size == 0:
            return
        x0, y0, length_m, reach = track.x0[near], track.y0[near], track.length_m[near], reach[near]
        sh0, dsh = track.sh0[near], track.sh1[near] - track.sh0[near]
        sz0, dsz = track.sz0[near], track.sz1[near] - track.sz0[near]
        amplitude = track.mass[near] / (4.0 * math.pi * track.u)
        pz, vd = self._puffs["z"][near], self._puffs["vd"][near]
        zscale = track.z_scale[near]
        depositing = bool(np.any(vd > 0.0))
        clamped = np.maximum(length_m, 1e-9)
        for rows in self._chunks(receptors.x.size, near.size):
            dx = receptors.x[rows, None] - x0
            dy = receptors.y[rows, None] - y0
            along = dx * track.ue + dy * track.un
            across_sq = np.maximum(dx * dx + dy * dy - along * along, 0.0)
            pairs = (across_sq < reach * reach) & (along > -reach) & (along < length_m + reach)
            r, k = np.nonzero(pairs)
            if r.size == 0:
                continue
            along, across_sq = along[r, k], across_sq[r, k]
            w = np.clip(along / clamped[k], 0.0, 1.0)
            sh = sh0[k] + w * dsh[k]
            sz = sz0[k] + w * dsz[k]
            root2_sh = math.sqrt(2.0) * sh
            contribution = (erf((length_m[k] - along) / root2_sh) + erf(along / root2_sh)) \
                * np.exp(-across_sq / (2.0 * sh * sh)) * (amplitude[k] / (sh * sz))
            # a flattened dense puff: read at the same fraction of its depth, capped by its mass
            vertical = self._vertical_sampled(receptors.z[rows][r], pz[k], sz, zscale[k])
            count = rows.stop - rows.start
            receptors.dosage_g_s_m3[rows] += np.bincount(r, contribution * vertical, minlength=count)
            if depositing:
                ground = self._vertical(0.0, pz[k], sz) * vd[k]
                receptors.deposit_g_m2[rows] += np.bincount(r, contribution * ground, minlength=count)

    @staticmethod
    def _puffs_near(receptors: _Receptors, track: _Track, reach: NDArray) -> NDArray[np.intp]:
        """Indices of puffs whose track, widened by ``reach``, overlaps the receptors' bounding box."""
        if receptors.x.size == 0:
            return np.empty(0, dtype=np.intp)
        x1 = track.x0 + track.ue * track.length_m
        y1 = track.y0 + track.un * track.length_m
        hit = ((np.maximum(track.x0, x1) + reach >= receptors.x_min)
               & (np.minimum(track.x0, x1) - reach <= receptors.x_max)
               & (np.maximum(track.y0, y1) + reach >= receptors.y_min)
               & (np.minimum(track.y0, y1) - reach <= receptors.y_max))
        return np.flatnonzero(hit)


@dataclass(frozen=True)
class _Track:
    """Straight path of every puff during one sub-step, with sigmas at both ends."""

    x0: NDArray[np.float64]
    y0: NDArray[np.float64]
    ue: float
    un: float
    u: float
    length_m: NDArray[np.float64]
    sh0: NDArray[np.float64]
    sh1: NDArray[np.float64]
    sz0: NDArray[np.float64]
    sz1: NDArray[np.float64]
    mass: NDArray[np.float64]
    z_scale: NDArray[np.float64]
