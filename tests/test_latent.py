"""The batched latent optimiser gives every row the path it would have alone."""

import numpy as np
import torch

from skmimgan._latent import latent_objective, optimise_latent, start_points
from skmimgan._losses import hce_real
from skmimgan._networks import build_networks, frozen_copy


def _networks(n_features=5, latent_dim=3):
    generator, discriminator = build_networks(latent_dim, (16, 16), n_features, seed=0)
    return frozen_copy(generator), frozen_copy(discriminator)


def _rows(n=12, n_features=5, seed=0):
    gen = torch.Generator().manual_seed(seed)
    return torch.rand(n, n_features, generator=gen, dtype=torch.float64) * 2 - 1


def test_batched_search_equals_one_row_at_a_time():
    generator, discriminator = _networks()
    x = _rows()
    z0 = torch.randn(
        len(x), 3, generator=torch.Generator().manual_seed(1), dtype=torch.float64
    )
    options = dict(lam=0.1, steps=60, learning_rate=0.01, tol=1e-6)
    z_batch, j_batch = optimise_latent(x, generator, discriminator, z0, **options)
    for i in range(len(x)):
        z_one, j_one = optimise_latent(
            x[i : i + 1], generator, discriminator, z0[i : i + 1], **options
        )
        torch.testing.assert_close(z_batch[i : i + 1], z_one, rtol=0, atol=1e-12)
        torch.testing.assert_close(j_batch[i : i + 1], j_one, rtol=0, atol=1e-12)


def test_search_improves_on_its_start_and_reports_j_at_its_result():
    generator, discriminator = _networks()
    x = _rows()
    z0 = torch.zeros(len(x), 3, dtype=torch.float64)
    z, j = optimise_latent(
        x, generator, discriminator, z0, lam=0.1, steps=100, learning_rate=0.01, tol=0
    )
    with torch.no_grad():
        j0 = latent_objective(x, generator, discriminator, z0, 0.1)
        torch.testing.assert_close(
            latent_objective(x, generator, discriminator, z, 0.1), j
        )
    assert torch.all(j < j0)


def test_zero_steps_keeps_the_start():
    generator, discriminator = _networks()
    x = _rows()
    z0 = torch.randn(len(x), 3, dtype=torch.float64)
    z, j = optimise_latent(
        x, generator, discriminator, z0, lam=0.3, steps=0, learning_rate=0.01, tol=0
    )
    torch.testing.assert_close(z, z0, rtol=0, atol=0)


def test_objective_matches_the_paper():
    generator, discriminator = _networks()
    x = _rows(4)
    z = torch.randn(4, 3, dtype=torch.float64)
    lam = 0.25
    with torch.no_grad():
        images = generator(z)
        logits = discriminator(images)
        expected = (1 - lam) * torch.sqrt(
            ((x - images) ** 2).sum(1)
        ) + lam * -torch.log(torch.sigmoid(logits))
        torch.testing.assert_close(
            latent_objective(x, generator, discriminator, z, lam), expected
        )


def test_start_point_is_the_best_anchor_whatever_the_batch():
    generator, discriminator = _networks()
    anchors = torch.randn(
        50, 3, generator=torch.Generator().manual_seed(2), dtype=torch.float64
    )
    with torch.no_grad():
        images = generator(anchors)
        hce = hce_real(discriminator(images))
        x = _rows(30)
        starts = start_points(x, anchors, images, hce, lam=0.1)
        cost = 0.9 * torch.cdist(x, images) + 0.1 * hce
        expected = anchors[cost.argmin(1)]
        torch.testing.assert_close(starts, expected)
        for i in (0, 7, 29):
            np.testing.assert_array_equal(
                start_points(x[i : i + 1], anchors, images, hce, lam=0.1),
                starts[i : i + 1],
            )


def test_inputs_are_left_unchanged():
    generator, discriminator = _networks()
    for n in (1, 7):
        x = _rows(n)
        z0 = torch.randn(n, 3, dtype=torch.float64)
        x_before, z0_before = x.clone(), z0.clone()
        optimise_latent(
            x, generator, discriminator, z0, lam=0.1, steps=5, learning_rate=0.1, tol=0
        )
        torch.testing.assert_close(x, x_before, rtol=0, atol=0)
        torch.testing.assert_close(z0, z0_before, rtol=0, atol=0)


def test_hand_written_gradient_matches_autograd():
    from skmimgan._latent import latent_value_and_grad
    from skmimgan._networks import linear_layers

    for hidden in [(16, 16), (8,), ()]:
        generator, discriminator = build_networks(3, hidden, 5, seed=1)
        generator, discriminator = frozen_copy(generator), frozen_copy(discriminator)
        x = _rows(9)
        z = torch.randn(
            9, 3, generator=torch.Generator().manual_seed(4), dtype=torch.float64
        )
        for lam in (0.0, 0.1, 1.0):
            j, grad = latent_value_and_grad(
                x, linear_layers(generator), linear_layers(discriminator), z, lam
            )
            z_auto = z.clone().requires_grad_(True)
            j_auto = latent_objective(x, generator, discriminator, z_auto, lam)
            (grad_auto,) = torch.autograd.grad(j_auto.sum(), z_auto)
            torch.testing.assert_close(j, j_auto.detach(), rtol=1e-12, atol=1e-12)
            torch.testing.assert_close(grad, grad_auto, rtol=1e-10, atol=1e-12)


def test_latent_steps_follow_torch_adam():
    # With tol=0 and no row frozen early, the search's path is torch's Adam
    # minimising the summed objective.
    generator, discriminator = _networks()
    x = _rows(6)
    z0 = torch.randn(
        6, 3, generator=torch.Generator().manual_seed(5), dtype=torch.float64
    )
    steps, lr = 15, 0.01
    z = z0.clone().requires_grad_(True)
    optimizer = torch.optim.Adam([z], lr=lr)
    best_j = torch.full((6,), float("inf"), dtype=torch.float64)
    best_z = z0.clone()
    for step in range(steps + 1):
        j = latent_objective(x, generator, discriminator, z, 0.1)
        better = j.detach() < best_j
        best_j = torch.where(better, j.detach(), best_j)
        best_z = torch.where(better[:, None], z.detach(), best_z)
        if step == steps:
            break
        optimizer.zero_grad()
        j.sum().backward()
        optimizer.step()
    z_ours, j_ours = optimise_latent(
        x,
        generator,
        discriminator,
        z0,
        lam=0.1,
        steps=steps,
        learning_rate=lr,
        tol=-1.0,
    )
    torch.testing.assert_close(j_ours, best_j, rtol=1e-10, atol=1e-12)
    torch.testing.assert_close(z_ours, best_z, rtol=1e-10, atol=1e-12)
