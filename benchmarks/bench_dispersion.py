"""Timed dispersion workloads (not tests). Run:

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /tmp/venv/bin/python benchmarks/bench_dispersion.py

Prints the figures recorded in benchmarks/README.md: steady plume on 1000×1000 receptors
(textbook vs wind-aligned separable, float64/float32), a 100-puff field on 200×200
receptors (loop over puffs vs x/y factorisation), and a side-by-side with pyeldqm.
"""

from __future__ import annotations

import cProfile
import io
import math
import pstats
import timeit

import numpy as np

from cbrnsim.hazard.dispersion import (
    plume_concentration,
    plume_concentration_wind_grid,
    sigmas,
)
from cbrnsim.hazard.puff import PointSource, PuffModel, WeatherStep


def best_ms(func, repeat: int = 7, number: int = 3) -> float:
    """Best wall time of one call in milliseconds."""
    return min(timeit.repeat(func, repeat=repeat, number=number)) / number * 1e3


def plume_benchmark() -> None:
    x = np.linspace(0.0, 10_000.0, 1000)
    y = np.linspace(-2_000.0, 2_000.0, 1000)
    gx, gy = np.meshgrid(x, y)
    args = (100.0, 4.0)
    tail = (1.5, 10.0, "D")

    def textbook():
        return plume_concentration(*args, gx, gy, *tail)

    profile = cProfile.Profile()
    profile.runcall(textbook)
    text = io.StringIO()
    pstats.Stats(profile, stream=text).sort_stats("tottime").print_stats(6)
    print("profile of the textbook plume (top of tottime):")
    print("\n".join(line for line in text.getvalue().splitlines() if "{" in line or "py:" in line)[:1400])

    t_text = best_ms(textbook)
    t_sep64 = best_ms(lambda: plume_concentration_wind_grid(*args, x, y, *tail, dtype=np.float64))
    t_sep32 = best_ms(lambda: plume_concentration_wind_grid(*args, x, y, *tail))
    ref = textbook()
    single = plume_concentration_wind_grid(*args, x, y, *tail)
    mask = ref > 1e-6 * ref.max()
    err32 = float(np.max(np.abs(single[mask] / ref[mask] - 1.0)))
    print(f"plume 1000x1000: textbook {t_text:.1f} ms; separable float64 {t_sep64:.1f} ms "
          f"({t_text / t_sep64:.1f}x); separable float32 {t_sep32:.1f} ms "
          f"({t_text / t_sep32:.1f}x); float32 max rel err (C > 1e-6 max) {err32:.1e}")


def puff_benchmark() -> None:
    rng = np.random.default_rng(20240601)
    weather = [WeatherStep(0.0, 3.0, 250.0, "D")]
    sources = [PointSource(float(e), float(n), mass_g=1e4, start_min=float(t))
               for e, n, t in zip(rng.uniform(-500, 500, 100), rng.uniform(-500, 500, 100),
                                  rng.uniform(0.0, 9.0, 100))]
    model = PuffModel(sources, weather)
    model.run(10.0)
    assert model.puff_count == 100
    x = np.linspace(-1000.0, 4000.0, 200)
    y = np.linspace(-2500.0, 2500.0, 200)
    gx, gy = np.meshgrid(x, y)
    p = model._puffs

    def loop_over_puffs():
        field = np.zeros_like(gx)
        for i in range(p["mass"].size):
            sh, sz, h = p["sh"][i], p["sz"][i], p["z"][i]
            r2 = (gx - p["x"][i]) ** 2 + (gy - p["y"][i]) ** 2
            vertical = math.exp(-(1.5 - h) ** 2 / (2 * sz * sz)) + \
                math.exp(-(1.5 + h) ** 2 / (2 * sz * sz))
            field += p["mass"][i] / ((2 * math.pi) ** 1.5 * sh * sh * sz) * \
                np.exp(-r2 / (2 * sh * sh)) * vertical
        return field

    t_loop = best_ms(loop_over_puffs)
    t_f64 = best_ms(lambda: model.concentration_grid_g_m3(x, y, 1.5, dtype=np.float64))
    t_f32 = best_ms(lambda: model.concentration_grid_g_m3(x, y, 1.5))
    ref = loop_over_puffs()
    single = model.concentration_grid_g_m3(x, y, 1.5)
    mask = ref > 1e-6 * ref.max()
    err32 = float(np.max(np.abs(single[mask] / ref[mask] - 1.0)))
    t_step = best_ms(lambda: PuffModel(sources, weather).run(10.0), repeat=3, number=1)
    print(f"100 puffs on 200x200: loop {t_loop:.2f} ms; factorised float64 {t_f64:.2f} ms "
          f"({t_loop / t_f64:.0f}x); float32 {t_f32:.2f} ms ({t_loop / t_f32:.0f}x); "
          f"float32 max rel err {err32:.1e}; whole 10-min run of 100 sources {t_step:.1f} ms")


def pyeldqm_comparison() -> None:
    try:
        from pyeldqm.core.dispersion_models.dispersion_utils import get_sigmas
        from pyeldqm.core.dispersion_models.gaussian_model import (
            multi_source_concentration,
            single_source_concentration,
        )
    except ImportError as error:  # the bench extra is optional
        print(f"pyeldqm not available: {error}")
        return
    rate, wind, height, z = 1000.0, 5.0, 3.0, 1.5
    distances = np.array([100.0, 300.0, 1000.0, 3000.0, 10_000.0])
    for terrain in ("rural", "urban"):
        for stability in ("B", "D", "F"):
            _, sy, sz = get_sigmas(distances, stability, terrain.upper())
            theirs = single_source_concentration(distances, 20.0, z, 0, 0, rate, wind, 1.0,
                                                 sy, sz, height, mode="continuous")
            ours = plume_concentration(rate, wind, distances, 20.0, z, height, stability, terrain)
            rel = ours / theirs - 1.0
            print(f"pyeldqm {terrain:5s} {stability}: rel. diff at "
                  + ", ".join(f"{d:.0f} m {r:+.1e}" for d, r in zip(distances, rel)))
    x = np.linspace(1.0, 10_000.0, 1000)
    y = np.linspace(-2_000.0, 2_000.0, 1000)
    gx, gy = np.meshgrid(x, y)
    source = [{"Q": rate, "x0": 0.0, "y0": 0.0, "h_s": height}]
    t_theirs = best_ms(lambda: multi_source_concentration(source, gx, gy, z, 600, 600, wind,
                                                          "D", "RURAL", "continuous"), repeat=3)
    t_text = best_ms(lambda: plume_concentration(rate, wind, gx, gy, z, height, "D"), repeat=3)
    t_ours = best_ms(lambda: plume_concentration_wind_grid(rate, wind, x, y, z, height, "D"))
    theirs = multi_source_concentration(source, gx, gy, z, 600, 600, wind, "D", "RURAL",
                                        "continuous")
    ours = plume_concentration_wind_grid(rate, wind, x, y, z, height, "D", dtype=np.float64)
    mask = theirs > 1e-6 * theirs.max()
    print(f"pyeldqm grid 1000x1000 class D: pyeldqm {t_theirs:.1f} ms, cbrnsim textbook "
          f"{t_text:.1f} ms, cbrnsim separable float32 {t_ours:.1f} ms "
          f"(pyeldqm / separable = {t_theirs / t_ours:.1f}x); field max rel diff "
          f"{np.max(np.abs(ours[mask] / theirs[mask] - 1)):.1e}")
    sy_urban = sigmas(1000.0, "D", "urban")[0]
    print(f"note: at 1 km class D urban, cbrnsim sigma_y = {float(sy_urban):.1f} m (Briggs "
          f"urban); pyeldqm uses the rural sigma_y = {float(get_sigmas(1000.0, 'D', 'URBAN')[1]):.1f} m")


if __name__ == "__main__":
    plume_benchmark()
    puff_benchmark()
    pyeldqm_comparison()
