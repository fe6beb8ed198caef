"""The vanishing-gradients chapter: derivations tied to SymPy, mpmath and the code; the experiment against an
independent NumPy run of the same network; the figures' numbers against the experiment; the caches.

The numerics of deep_chain and clipping themselves are tested in tests/numerics/test_deep_chain.py.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import mpmath as mp
import numpy as np
import pytest
import sympy as sp
from sympy import stats

from derive.chapters.vanishing_gradients import derivations as vg
from derive.chapters.vanishing_gradients import experiments as ex
from derive.core.cache import Store, digest, module_of_file
from derive.core.checker import expand_definitions
from derive.core.registry import all_values, get_value
from derive.numerics import deep_chain
from figures import vanishing_gradients as figs
from figures.style import LIGHT, themed

# ---------------------------------------------------------------- derivations


def test_chain_gradient_is_the_sources_formula():
    """The source writes dy/dw0 = δ2′ w2 δ1′ w1 δ0′ x; SymPy's diff of the nested sigmoids says the same."""
    x, w0, w1, w2 = vg.x, vg.w0, vg.w1, vg.w2
    s = lambda t: 1 / (1 + sp.exp(-t))  # noqa: E731
    ds = lambda t: sp.diff(s(sp.Symbol("u")), sp.Symbol("u")).subs(sp.Symbol("u"), t)  # noqa: E731
    a0 = s(w0 * x)
    a1 = s(w1 * a0)
    source = ds(w2 * a1) * w2 * ds(w1 * a0) * w1 * ds(w0 * x) * x
    direct = sp.diff(s(w2 * a1), w0)
    derived = expand_definitions(vg.chain_gradient.final, vg.chain_gradient.definitions)
    point = {x: sp.Rational(3, 10), w0: sp.Rational(-7, 5), w1: sp.Rational(9, 10), w2: sp.Rational(6, 5)}
    for expr in (direct, derived):
        assert abs(sp.N((expr - source).subs(point), 30)) < 1e-25


def test_slope_bound_is_attained_at_zero_only():
    d = vg.slope_product_bound
    first = expand_definitions(d.first, d.definitions)
    zero = {s: 0 for s in (vg.s1, vg.s2, vg.s3)}
    assert first.subs(zero) == d.final == sp.Rational(1, 64)
    assert first.subs({**zero, vg.s2: sp.Rational(1, 10)}) < d.final


def test_layer_variance_against_sympy_stats():
    """Var(w1 x1 + w2 x2) from sympy.stats, for Gaussian w (mean 0) and x (mean μ), is the derivation's."""
    s, mu, tau = sp.symbols("s mu tau", positive=True)
    w = [stats.Normal(f"w{i}", 0, s) for i in range(2)]
    x = [stats.Normal(f"x{i}", mu, tau) for i in range(2)]
    variance = stats.variance(sum(wi * xi for wi, xi in zip(w, x, strict=True)))
    claimed = vg.layer_variance.final.subs({vg.n: 2, vg.var_w: s**2, vg.msq_x: mu**2 + tau**2})
    assert sp.simplify(variance - claimed) == 0


def test_relu_half_power_against_mpmath():
    q = 0.7
    with mp.workdps(30):
        ref = mp.quad(lambda z: max(z, 0) ** 2 * mp.npdf(z, 0, mp.sqrt(q)), [-mp.inf, 0, mp.inf])
    claimed = float(vg.relu_half_power.final.subs(vg.q, sp.Rational(7, 10)))
    assert claimed == pytest.approx(float(ref), rel=1e-20)


def he_violations(init_std) -> list[str]:
    """Whether the numerics' He and Xavier variances are the derivations' (empty list: they agree)."""
    bad = []
    for n in (10, 1000):
        he = vg.he_gain.definitions[vg.var_w].subs(vg.n, n)
        if not math.isclose(init_std("he", n, n) ** 2, float(he), rel_tol=1e-14):
            bad.append(f"He at n={n}")
        xavier = expand_definitions(vg.xavier_square.first, vg.xavier_square.definitions).subs(vg.n, n)
        if not math.isclose(init_std("xavier", n, n) ** 2, float(xavier), rel_tol=1e-14):
            bad.append(f"Xavier at n={n}")
        if not math.isclose(init_std("normal", n, n) ** 2 * n, 1.0, rel_tol=1e-14):
            bad.append(f"source init at n={n}")
    return bad


def test_numerics_use_the_derived_variances():
    assert he_violations(deep_chain.init_std) == []


def test_planted_he_without_factor_two_is_caught():
    real = deep_chain.init_std
    assert he_violations(lambda init, a, b: real("normal" if init == "he" else init, a, b)) == [
        "He at n=10",
        "He at n=1000",
    ]


# ---------------------------------------------------------------- the experiment, against an independent run


@pytest.fixture(scope="module")
def runs():
    return ex.chain_runs()


def independent_run(activation: str, init_var: float, depth=ex.DEPTH, width=ex.WIDTH, seed=ex.SEED):
    """The source's network written again in plain NumPy (no deep_chain code): per-layer dW RMS and mean."""
    rng = np.random.default_rng(seed)
    x = rng.random((10, width))
    ws = [rng.standard_normal((width, width)) * math.sqrt(init_var) for _ in range(depth)]
    f = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "relu": lambda z: np.maximum(z, 0)}[activation]
    acts, slopes = [x], []
    for w in ws:
        z = acts[-1] @ w
        a = f(z)
        slopes.append(a * (1 - a) if activation == "sigmoid" else (z > 0) * 1.0)
        acts.append(a)
    g = 2 * acts[-1] / acts[-1].size  # d mean(out²) / d out
    rms, mean = [0.0] * depth, [0.0] * depth
    for k in reversed(range(depth)):
        dz = g * slopes[k]
        dw = acts[k].T @ dz
        rms[k], mean[k] = float(np.sqrt(np.mean(dw**2))), float(dw.mean())
        g = dz @ ws[k].T
    return np.array(rms), np.array(mean)


@pytest.fixture(scope="module")
def independent_sigmoid():
    return independent_run("sigmoid", 1 / ex.WIDTH)


def test_experiment_matches_an_independent_run(runs, independent_sigmoid):
    rms, mean = independent_sigmoid
    np.testing.assert_allclose(runs["sigmoid"]["dW_rms"], rms, rtol=1e-9)
    # a signed mean is a sum of cancelling terms: its rounding error scales with the layer's RMS, not with itself
    assert np.all(np.abs(runs["sigmoid"]["dW_mean"] - mean) <= 1e-9 * rms)


def test_relu_he_run_matches_an_independent_run(runs):
    rms, _ = independent_run("relu", 2 / ex.WIDTH, depth=ex.DEPTH)
    np.testing.assert_allclose(runs["relu_he"]["dW_rms"], rms, rtol=1e-9)


def test_page_values_are_the_runs_numbers(runs, independent_sigmoid):
    rms, mean = independent_sigmoid
    assert get_value("vg_sigmoid_rms_layer1").compute() == pytest.approx(rms[0], rel=1e-9)
    assert get_value("vg_sigmoid_rms_layer30").compute() == pytest.approx(rms[-1], rel=1e-9)
    assert get_value("vg_mean_understates").compute() == pytest.approx(rms[0] / abs(mean[0]), rel=1e-6)
    assert get_value("vg_mean_understates").compute() > 50  # the page says the mean hides about 100x
    assert get_value("vg_ratio_sigmoid").compute() == pytest.approx(rms[0] / rms[-1], rel=1e-9)


def test_slopes_explain_the_sigmoid_shrinkage(runs):
    """The page: linear gain about one, mean slope below 1/4, product of slopes about the measured shrink."""
    assert abs(get_value("vg_linear_gain").compute() - 1) < 0.03
    assert 0.2 < get_value("vg_mean_slope").compute() < 0.25
    ratio = get_value("vg_measured_shrink").compute() / get_value("vg_predicted_shrink").compute()
    assert 0.5 < ratio < 2
    assert get_value("vg_measured_shrink").compute() < get_value("vg_quarter_29").compute()


def test_source_claims_about_the_sigmoid():
    with mp.workdps(30):
        assert float(1 / (1 + mp.exp(0))) == float(get_value("sigmoid_at_0").compute()) == 0.5
        assert float(mp.diff(lambda t: 1 / (1 + mp.exp(-t)), 0)) == pytest.approx(0.25, rel=1e-25)
    assert get_value("vg_tanh_slope_at_0").compute() == 1.0


def test_clipping_example_values():
    exact = sp.deg(sp.acos(13 / sp.sqrt(185)))  # (3, 0.5) against (1, 0.5)
    assert get_value("vg_value_clip_turn").compute() == pytest.approx(float(exact), rel=1e-12)
    assert get_value("vg_norm_clip_turn").compute() < 1e-12
    assert get_value("vg_clipped_norm").compute() <= 1.0


# ---------------------------------------------------------------- figures: their numbers are the experiment's


def _plotted(name: str) -> list[np.ndarray]:
    with themed(LIGHT):
        fig = {
            "vg_gradient_rms_per_layer": figs.gradient_rms_per_layer,
            "vg_mean_vs_rms": figs.mean_vs_rms,
            "vg_exploding_clipping": figs.exploding_clipping,
        }[name](LIGHT)
    lines = [np.asarray(line.get_ydata(), dtype=float) for line in fig.axes[0].get_lines()]
    plt.close(fig)
    return lines


def figure_mismatches(runs) -> list[str]:
    """Every plotted series compared with the run it claims to show (empty list: all agree)."""
    expected = {
        "vg_gradient_rms_per_layer": [runs[n]["dW_rms"] for n in ex.VANISHING_RUNS],
        "vg_mean_vs_rms": [
            runs["sigmoid"]["dW_rms"],
            np.where(runs["sigmoid"]["dW_mean"] > 0, runs["sigmoid"]["dW_mean"], np.nan),
            np.where(runs["sigmoid"]["dW_mean"] < 0, -runs["sigmoid"]["dW_mean"], np.nan),
        ],
        "vg_exploding_clipping": [
            runs["exploding"]["dW_fro"],
            runs["exploding"]["dW_fro"] * runs["exploding"]["clip_coef"],
        ],
    }
    bad = []
    for name, series in expected.items():
        lines = _plotted(name)
        if len(lines) != len(series):
            bad.append(f"{name}: {len(lines)} lines for {len(series)} series")
            continue
        for i, (line, want) in enumerate(zip(lines, series, strict=True)):
            if not np.allclose(line, want, rtol=1e-12, atol=0, equal_nan=True):
                bad.append(f"{name}: line {i}")
    return bad


def test_figures_plot_the_experiment(runs):
    assert figure_mismatches(runs) == []


def test_figures_plot_the_independent_run(runs, independent_sigmoid):
    lines = _plotted("vg_gradient_rms_per_layer")
    np.testing.assert_allclose(lines[ex.VANISHING_RUNS.index("sigmoid")], independent_sigmoid[0], rtol=1e-9)


def test_planted_figure_defects_are_caught(runs, monkeypatch):
    # the first figure drawing the signed mean instead of the RMS
    monkeypatch.setattr(figs, "rms_series", lambda: {n: np.abs(ex.run(n)["dW_mean"]) for n in ex.VANISHING_RUNS})
    assert "vg_gradient_rms_per_layer: line 0" in figure_mismatches(runs)
    monkeypatch.undo()
    # the clipped curve drawn with a per-layer clip (each layer to norm 1) instead of one global coefficient
    monkeypatch.setattr(
        figs,
        "exploding_norms",
        lambda: {"raw": ex.run("exploding")["dW_fro"], "clipped": np.minimum(ex.run("exploding")["dW_fro"], 1.0)},
    )
    assert figure_mismatches(runs) == ["vg_exploding_clipping: line 1"]


# ---------------------------------------------------------------- caching: a warm build does not run the network


def _value_key(v) -> str:
    # the key mkdocs_handbook.pages._value_text uses (importing the hooks would reload derive)
    return digest(v.name, v.fmt, modules=(module_of_file(v.source_file),))


def test_warm_values_and_figures_do_not_rerun_the_experiment(tmp_path, monkeypatch):
    """With every value and figure stored under its current key, neither the values nor the figure build
    touch the network: a warm site build serves the chapter from .cache/ without running all_runs."""
    import hashlib

    from figures.build import build, figure_key, load_figures

    ex._timed_runs.cache_clear()
    calls = []
    monkeypatch.setattr(deep_chain, "all_runs", lambda *a, **k: calls.append(a) or pytest.fail("re-ran the network"))
    values = [v for v in all_values() if v.chapter == "vanishing_gradients"]
    store = Store("values", tmp_path)
    for v in values:
        store.put(v.name, _value_key(v), "stored")
    assert all(store.get(v.name, _value_key(v)) == "stored" for v in values)

    out = tmp_path / "figures"
    out.mkdir()
    figure_store = Store("figures", tmp_path)
    stored = hashlib.sha256(b"stored").hexdigest()
    for name, draw in load_figures().items():
        for theme in ("light", "dark"):
            (out / f"{name}.{theme}.svg").write_text("stored")
            figure_store.put(f"{name}.{theme}.svg", figure_key(name, draw), stored)
    assert build(out, store=figure_store) == []
    assert calls == []
    # and the check can fail: with the value's module changed (a different key), the value is not served
    assert store.get(values[0].name, _value_key(values[0]) + "x") is None


def test_one_run_feeds_every_value(monkeypatch):
    ex._timed_runs.cache_clear()
    real, calls = deep_chain.all_runs, []

    def counting(*a, **k):
        calls.append(a)
        return real(width=32, depth=ex.DEPTH, seed=ex.SEED)  # small: this test counts calls, not numbers

    monkeypatch.setattr(deep_chain, "all_runs", counting)
    for v in all_values():
        if v.chapter == "vanishing_gradients":
            v.compute.__wrapped__()
    assert len(calls) == 1
    ex._timed_runs.cache_clear()


# ---------------------------------------------------------------- the exercises' answers
def test_the_layer_count_for_the_bound_is_the_ceiling_of_a_logarithm():
    """The smallest k with 4^-k below 10^-6 is ⌈6 / log10 4⌉ (not an integer, so no tie), in mpmath."""
    with mp.workdps(50):
        expected = int(mp.ceil(6 / mp.log10(4)))
    assert get_value("vg_ex_layers_bound_below").compute() == expected
    assert get_value("vg_ex_bound_at_those_layers").compute() == pytest.approx(0.25**expected, rel=1e-15)
    assert (
        get_value("vg_ex_bound_at_those_layers").compute() < 1e-6 < get_value("vg_ex_bound_one_layer_fewer").compute()
    )


def test_the_leaky_relu_mean_square_by_quadrature():
    """E[LeakyReLU(z)²] for z ~ N(0, q) by mpmath quadrature at 30 digits, against the proved (1 + α²) q / 2."""
    from derive.chapters.vanishing_gradients import exercises as exe

    d = exe.leaky_power
    claimed = sp.lambdify((exe.q, exe.alpha), d.final, "mpmath")
    with mp.workdps(30):
        for q0, a0 in [(0.3, 0.01), (1.0, 0.2), (2.5, 0.75), (4.0, 1.0)]:
            q0, a0 = mp.mpf(q0), mp.mpf(a0)

            def density(z, q0=q0):
                return mp.exp(-(z**2) / (2 * q0)) / mp.sqrt(2 * mp.pi * q0)

            numeric = mp.quad(lambda z: z**2 * density(z), [0, mp.inf]) + mp.quad(
                lambda z, a0=a0: (a0 * z) ** 2 * density(z), [-mp.inf, 0]
            )
            assert abs(claimed(q0, a0) - numeric) < mp.mpf("1e-25")


def test_the_leaky_relu_gain_is_one_in_a_wide_sampled_layer():
    """A layer of leaky-ReLU inputs with Var(w) from the derivation keeps the mean square, in a Monte Carlo run."""
    from derive.chapters.vanishing_gradients import exercises as exe

    slope, width = 0.2, 500
    variance = float(exe.leaky_variance.final.subs({exe.alpha: slope, vg.n: width}))
    rng = np.random.default_rng(3)
    z = rng.standard_normal((width, 400))
    inputs = np.where(z > 0, z, slope * z)
    weights = rng.standard_normal((width, width)) * math.sqrt(variance)
    gain = np.mean((weights @ inputs) ** 2) / np.mean(z**2)
    assert gain == pytest.approx(1.0, rel=0.05)
    assert variance == pytest.approx(2 / ((1 + slope**2) * width), rel=1e-15)


def test_the_clipping_exercise_by_hand():
    g = np.array(get_value("vg_ex_clip_gradient").compute())
    tau = get_value("vg_ex_clip_at").compute()
    by_norm = g * tau / (math.hypot(*g) + 1e-6)  # PyTorch's coefficient, written out
    assert np.allclose(get_value("vg_ex_clip_by_norm").compute(), by_norm, rtol=1e-15)
    assert get_value("vg_ex_clip_by_value").compute() == tuple(min(max(v, -tau), tau) for v in g)
    cosine = np.dot(g, [tau, tau]) / (np.linalg.norm(g) * tau * math.sqrt(2))
    assert get_value("vg_ex_clip_by_value_turn").compute() == pytest.approx(math.degrees(math.acos(cosine)), abs=1e-9)
    assert get_value("vg_ex_clip_by_norm_turn").compute() == pytest.approx(0.0, abs=1e-9)
