"""The four objectives: their formulas, stability and optimal discriminators."""

import math

import numpy as np
import pytest
import torch
from scipy.optimize import minimize_scalar

from skmimgan._losses import LOSSES, WassersteinGPLoss, get_loss, hce_real

LOGITS = torch.tensor([-3.0, -0.5, 0.0, 1.0, 4.0], dtype=torch.float64)


def _identity_critic(x):
    return x.squeeze(-1)


def test_registry_and_unknown_name():
    assert sorted(LOSSES) == ["kl", "ls", "mim", "w"]
    assert get_loss("mim") is LOSSES["mim"]
    with pytest.raises(ValueError, match="Unknown loss 'js'"):
        get_loss("js")


def test_formulas_match_the_design():
    real, fake = LOGITS, LOGITS.flip(0)
    d_real, d_fake = torch.sigmoid(real), torch.sigmoid(fake)
    expected = {
        "mim": (
            torch.exp(1 - d_real).mean() + torch.exp(d_fake).mean(),
            -torch.exp(d_fake).mean(),
        ),
        "kl": (
            -torch.log(d_real).mean() - torch.log(1 - d_fake).mean(),
            -torch.log(d_fake).mean(),
        ),
        "ls": (
            0.5 * ((d_real - 1) ** 2).mean() + 0.5 * (d_fake**2).mean(),
            0.5 * ((d_fake - 1) ** 2).mean(),
        ),
    }
    for name, (d_loss, g_loss) in expected.items():
        loss = LOSSES[name]
        torch.testing.assert_close(loss._discriminator_objective(real, fake), d_loss)
        torch.testing.assert_close(loss.generator_loss(fake), g_loss)
    w = LOSSES["w"]
    torch.testing.assert_close(
        w._discriminator_objective(real, fake), fake.mean() - real.mean()
    )
    torch.testing.assert_close(w.generator_loss(fake), -fake.mean())


@pytest.mark.parametrize("name", ["mim", "kl", "ls", "w"])
def test_extreme_logits_stay_finite(name):
    logits = torch.tensor(
        [-1e4, -50.0, 50.0, 1e4], dtype=torch.float32, requires_grad=True
    )
    loss = LOSSES[name]
    value = loss._discriminator_objective(logits, logits.flip(0)) + loss.generator_loss(
        logits
    )
    value.backward()
    assert torch.isfinite(value) and torch.all(torch.isfinite(logits.grad))
    assert torch.isfinite(hce_real(torch.tensor(-1e4)))


def test_gradient_penalty_vanishes_for_a_unit_slope_critic():
    real = torch.randn(16, 1, dtype=torch.float64)
    fake = torch.randn(16, 1, dtype=torch.float64)
    gen = torch.Generator().manual_seed(0)
    assert WassersteinGPLoss.gradient_penalty(_identity_critic, real, fake, gen) == 0
    doubled = WassersteinGPLoss.gradient_penalty(
        lambda x: 2 * x.squeeze(-1), real, fake, gen
    )
    torch.testing.assert_close(doubled, torch.tensor(1.0, dtype=torch.float64))


@pytest.mark.parametrize("name", ["mim", "kl", "ls"])
@pytest.mark.parametrize("p, q", [(0.3, 0.5), (0.5, 0.5), (0.8, 0.6), (1.2, 0.9)])
def test_optimal_discriminator_minimises_the_pointwise_objective(name, p, q):
    # For fixed G the discriminator's objective at a point x is
    # P(x) f(D) + P_g(x) g(D); its minimiser over D is D*(x).
    pointwise = {
        "mim": lambda d: p * math.exp(1 - d) + q * math.exp(d),
        "kl": lambda d: -p * math.log(d) - q * math.log(1 - d),
        "ls": lambda d: 0.5 * p * (d - 1) ** 2 + 0.5 * q * d**2,
    }[name]
    bounds = (-5.0, 5.0) if name == "mim" else (1e-9, 1 - 1e-9)
    found = minimize_scalar(
        pointwise, bounds=bounds, method="bounded", options={"xatol": 1e-10}
    ).x
    expected = float(LOSSES[name].optimal_discriminator(p, q))
    assert found == pytest.approx(expected, abs=1e-6)
    if name == "mim":
        assert expected == pytest.approx(0.5 + 0.5 * np.log(p / q))


def test_wasserstein_has_no_closed_form_discriminator():
    assert LOSSES["w"].optimal_discriminator(0.5, 0.5) is None
