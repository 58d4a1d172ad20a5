"""The paper's theory, checked numerically (skmimgan.theory)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize, minimize_scalar

from skmimgan.theory import (
    bhattacharyya_coefficient,
    mim_objective_at_optimum,
    optimal_discriminator,
    pointwise_discriminator_objective,
    rare_event_share,
    renyi_divergence,
)

TWO_SQRT_E = 2 * math.sqrt(math.e)


def _logit(d):
    return math.log(d / (1 - d))


def _sigmoid(x):
    return 1 / (1 + math.exp(-x))


# Lemma 1 ---------------------------------------------------------------------


@pytest.mark.parametrize("loss", ["mim", "kl", "ls"])
@pytest.mark.parametrize(
    "p, q", [(0.3, 0.5), (0.5, 0.5), (0.8, 0.6), (0.12, 0.3), (2.0, 0.9)]
)
def test_numeric_minimiser_finds_the_optimal_discriminator(loss, p, q):
    # The point-wise objective goes through the estimator's loss objects; a
    # numeric minimiser over D in (0, 1) must land on the closed form.
    result = minimize_scalar(
        lambda t: pointwise_discriminator_objective(loss, _sigmoid(t), p, q).item(),
        bounds=(-12, 12),
        method="bounded",
        options={"xatol": 1e-10},
    )
    expected = optimal_discriminator(loss, [p], [q])[0]
    assert 0 < expected < 1  # these (p, q) keep MIM's D* inside (0, 1)
    assert _sigmoid(result.x) == pytest.approx(expected, abs=1e-6)


def test_lemma_1_formula_and_its_pointwise_objective():
    p = np.array([0.2, 0.5, 0.3])
    q = np.array([0.25, 0.5, 0.25])
    d_star = optimal_discriminator("mim", p, q)
    np.testing.assert_allclose(d_star, 0.5 + 0.5 * np.log(p / q))
    # The loss object's point-wise objective is P e^(1-D) + P_g e^D up to a constant.
    d = np.array([0.1, 0.4, 0.9])
    direct = p * np.exp(1 - d) + q * np.exp(d) - (p + q) * math.exp(0.5)
    computed = pointwise_discriminator_objective("mim", d, p, q)
    np.testing.assert_allclose(computed, direct)
    # KL and LS share the classic optimum P / (P + P_g).
    for loss in ("kl", "ls"):
        np.testing.assert_allclose(optimal_discriminator(loss, p, q), p / (p + q))


def test_whole_distribution_minimiser_matches_lemma_1():
    # Minimise the expected discriminator objective over all of D at once.
    p = np.array([0.1, 0.2, 0.3, 0.4])
    q = np.array([0.15, 0.25, 0.25, 0.35])

    def total(logits):
        d = 1 / (1 + np.exp(-logits))
        return pointwise_discriminator_objective("mim", d, p, q).sum()

    result = minimize(total, np.zeros(4), method="BFGS", options={"gtol": 1e-10})
    np.testing.assert_allclose(
        1 / (1 + np.exp(-result.x)), optimal_discriminator("mim", p, q), atol=1e-5
    )


def test_optimal_discriminator_rejects_what_it_cannot_answer():
    with pytest.raises(ValueError, match="no closed-form"):
        optimal_discriminator("w", [0.5], [0.5])
    with pytest.raises(ValueError, match="Unknown loss"):
        optimal_discriminator("js", [0.5], [0.5])
    with pytest.raises(ValueError, match="positive"):
        optimal_discriminator("mim", [0.0, 1.0], [0.5, 0.5])
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        pointwise_discriminator_objective("mim", 1.0, 0.5, 0.5)
    with pytest.raises(ValueError, match="no point-wise"):
        pointwise_discriminator_objective("w", 0.5, 0.5, 0.5)


# Proposition 1 ---------------------------------------------------------------


def _distributions(min_size=2, max_size=8):
    return st.lists(
        st.floats(0.01, 1.0), min_size=min_size, max_size=max_size
    ).map(lambda w: np.asarray(w) / np.sum(w))


@st.composite
def _pairs(draw):
    p = draw(_distributions())
    q = draw(st.lists(st.floats(0.01, 1.0), min_size=len(p), max_size=len(p)))
    return p, np.asarray(q) / np.sum(q)


@settings(max_examples=200, deadline=None)
@given(p=_distributions())
def test_proposition_1_equal_distributions_give_two_sqrt_e(p):
    assert mim_objective_at_optimum(p, p) == pytest.approx(TWO_SQRT_E, rel=1e-12)


@settings(max_examples=200, deadline=None)
@given(pair=_pairs())
def test_proposition_1_other_distributions_give_less(pair):
    p, q = pair
    value = mim_objective_at_optimum(p, q)
    bc = bhattacharyya_coefficient(p, q)
    # The value computed from D* and the definition equals the closed form ...
    assert value == pytest.approx(TWO_SQRT_E * bc, rel=1e-12)
    # ... and the Renyi-1/2 form (Eq. 9).
    assert value == pytest.approx(
        TWO_SQRT_E * math.exp(-renyi_divergence(p, q) / 2), rel=1e-12
    )
    # 2 sqrt(e) is the maximum, reached only at P_g = P.
    gap = 0.5 * np.sum((np.sqrt(p) - np.sqrt(q)) ** 2)  # = 1 - BC
    assert value == pytest.approx(TWO_SQRT_E * (1 - gap), rel=1e-12)
    if np.max(np.abs(p - q)) > 1e-6:
        assert value < TWO_SQRT_E


def test_proposition_1_on_given_distributions():
    p = np.array([0.1, 0.2, 0.7])
    assert mim_objective_at_optimum(p, [0.2, 0.2, 0.6]) == pytest.approx(
        TWO_SQRT_E * (math.sqrt(0.02) + 0.2 + math.sqrt(0.42))
    )
    # Disjoint supports: D* diverges but the value has the limit 0.
    assert mim_objective_at_optimum([1.0, 0.0], [0.0, 1.0]) == 0.0
    assert renyi_divergence([1.0, 0.0], [0.0, 1.0]) == math.inf
    assert bhattacharyya_coefficient([0.5, 0.5], [0.5, 0.5]) == 1.0


def test_distribution_checks():
    with pytest.raises(ValueError, match="sum to 1"):
        mim_objective_at_optimum([0.5, 0.6], [0.5, 0.5])
    with pytest.raises(ValueError, match="same length"):
        bhattacharyya_coefficient([0.5, 0.5], [1.0])
    with pytest.raises(ValueError, match="non-negative"):
        bhattacharyya_coefficient([1.5, -0.5], [0.5, 0.5])
    with pytest.raises(ValueError, match="alpha"):
        renyi_divergence([0.5, 0.5], [0.5, 0.5], alpha=1)


# Proposition 4 / Corollary 2 -------------------------------------------------


def test_rare_event_share_mim_at_least_kl_over_a_grid():
    p, eps, gamma = np.meshgrid(
        np.geomspace(1e-5, 0.45, 40),
        np.linspace(-0.95, 8.0, 41),
        [0.5, 0.75, 1.0, 1.5, 2.0, 3.0],
        indexing="ij",
    )
    q = p + eps * p**gamma
    keep = (q > 0) & (q <= 0.5)  # the event is rare under both distributions
    p, eps, gamma = p[keep], eps[keep], gamma[keep]
    assert p.size > 5000
    mim = rare_event_share("mim", p, eps, gamma)
    kl = rare_event_share("kl", p, eps, gamma)
    assert np.all(mim >= kl - 1e-12)
    # Strictly larger wherever the generator misses the rare event noticeably.
    visible = np.abs(eps * p**gamma) > 1e-3 * p
    assert np.all(mim[visible] > kl[visible])


@pytest.mark.parametrize("p", [1e-4, 0.01, 0.2])
@pytest.mark.parametrize("gamma", [0.5, 1.0, 2.0])
def test_rare_event_share_equal_at_p_equal_q(p, gamma):
    # eps = 0 means P_g = P: both shares equal the rare event's probability.
    assert rare_event_share("mim", p, 0.0, gamma) == pytest.approx(p, rel=1e-12)
    assert rare_event_share("kl", p, 0.0, gamma) == pytest.approx(p, rel=1e-12)


def test_rare_event_share_closed_forms():
    p, eps, gamma = 0.01, 1.0, 1.0
    q = p + eps * p**gamma
    root = math.sqrt(p * q)
    assert rare_event_share("mim", p, eps, gamma) == pytest.approx(
        root / (root + math.sqrt((1 - p) * (1 - q)))
    )
    rare = p * math.log(p / (p + q)) + q * math.log(q / (p + q))
    common = (1 - p) * math.log((1 - p) / (2 - p - q)) + (1 - q) * math.log(
        (1 - q) / (2 - p - q)
    )
    expected = rare / (rare + common)
    assert rare_event_share("kl", p, eps, gamma) == pytest.approx(expected)


def test_rare_event_share_checks():
    with pytest.raises(ValueError, match="loss must be one of"):
        rare_event_share("ls", 0.1, 0.1, 1.0)
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        rare_event_share("mim", 0.0, 0.1, 1.0)
    with pytest.raises(ValueError, match="q = p"):
        rare_event_share("mim", 0.1, 20.0, 1.0)
    assert rare_event_share("mim", [0.1, 0.2], 0.0, 1.0).shape == (2,)
