"""The training-curve experiment on the paper's Gaussian (its Figure 1).

Data: N(4, 1.25), 16,000 fresh samples per iteration. For every objective the
discriminator is first trained against the untrained generator for N
iterations (N = 500, 1000, 1500); the discriminator is then frozen, and the
generator is trained against it for 2,000 iterations. Both steps use plain SGD
with learning rate 0.001. The generator's objective is recorded at every
iteration.

The networks and objectives are the estimator's own (``build_networks`` and the
loss objects of ``LOSSES``): leaky-ReLU hidden layers, a tanh generator output,
a discriminator returning a logit whose sigmoid is ``D``. A tanh output lies in
(-1, 1) while the data lie around 4, so the data are divided by
``data_scale = 10`` before they reach the networks: N(0.4, 0.125). This is a
change of units and nothing else, the same as giving the generator the output
``10 tanh(.)``: the data stay 3.2 standard deviations away from the
generator's starting point near 0, as in the original units, and nearly all
the mass (up to 4.8 standard deviations above the mean) is within the
generator's reach.
"""

import copy
import sys

import numpy as np
import torch

from .._losses import get_loss
from .._networks import build_networks
from ..datasets import make_gaussian

MEAN, STD = 4.0, 1.25


def _seeds(random_state):
    rng = np.random.RandomState(random_state)
    return [int(s) for s in rng.randint(np.iinfo(np.int32).max, size=3)]


def training_curves(
    *,
    losses=("mim", "kl", "ls", "w"),
    pretrain_iterations=(500, 1000, 1500),
    generator_iterations=2000,
    n_samples=16000,
    learning_rate=1e-3,
    hidden_layer_sizes=(32, 32),
    latent_dim=1,
    data_scale=10.0,
    random_state=0,
    progress=sys.stderr,
):
    """Train the discriminator N iterations, then the generator against it.

    Every objective starts from the same initial networks and sees the same
    sequence of data and latent draws.

    Parameters
    ----------
    losses : sequence of str
        Objectives by name (``"mim"``, ``"kl"``, ``"ls"``, ``"w"``).
    pretrain_iterations : sequence of int
        The discriminator's pre-training lengths N. One run of ``max(N)``
        iterations per objective, with snapshots at every N.
    generator_iterations : int
        Generator iterations against each frozen discriminator.
    n_samples : int
        Data rows and latent draws per iteration.
    learning_rate : float
        SGD's step size for both networks.
    hidden_layer_sizes : tuple of int
        Hidden widths of both networks.
    latent_dim : int
        Size of the latent code.
    data_scale : float
        The data are divided by it before they reach the networks.
    random_state : int
        Seeds initialisation and every draw.
    progress : file-like or None
        Where one line per finished run goes.

    Returns
    -------
    curves : dict
        ``curves[(N, loss)]`` holds per-iteration arrays of length
        `generator_iterations`: ``"generator_objective"`` (the value the
        generator minimises, before its step), ``"gradient_norm"`` (norm of the
        gradient of that objective over the generator's parameters) and
        ``"generated_mean"`` (mean of the generated samples, in data units);
        plus the floats ``"d_real"`` and ``"d_fake"``: the frozen
        discriminator's mean output ``D`` on data and on the untrained
        generator's samples.
    """
    pretrain_iterations = sorted(set(int(n) for n in pretrain_iterations))
    init_seed, data_seed, latent_seed = _seeds(random_state)
    generator0, discriminator0 = build_networks(
        latent_dim, hidden_layer_sizes, 1, init_seed
    )
    curves = {}
    for name in losses:
        loss = get_loss(name)
        snapshots = _pretrain(
            loss,
            generator0,
            copy.deepcopy(discriminator0),
            pretrain_iterations,
            n_samples=n_samples,
            learning_rate=learning_rate,
            latent_dim=latent_dim,
            data_scale=data_scale,
            data_seed=data_seed,
            latent_seed=latent_seed,
        )
        for n, (discriminator, d_real, d_fake) in snapshots.items():
            curve = _train_generator(
                loss,
                copy.deepcopy(generator0),
                discriminator,
                generator_iterations,
                n_samples=n_samples,
                learning_rate=learning_rate,
                latent_dim=latent_dim,
                data_scale=data_scale,
                latent_seed=latent_seed + 1,
            )
            curve.update(d_real=d_real, d_fake=d_fake)
            curves[(n, name)] = curve
            if progress is not None:
                print(
                    f"{name} N={n}: D(data) {d_real:.3f}, D(fake) {d_fake:.3f}; "
                    f"generator objective {curve['generator_objective'][0]:.4f} -> "
                    f"{curve['generator_objective'][-1]:.4f}, generated mean "
                    f"{curve['generated_mean'][0]:.3f} -> "
                    f"{curve['generated_mean'][-1]:.3f}",
                    file=progress,
                    flush=True,
                )
    return curves


def _pretrain(
    loss,
    generator,
    discriminator,
    snapshot_at,
    *,
    n_samples,
    learning_rate,
    latent_dim,
    data_scale,
    data_seed,
    latent_seed,
):
    """Train the discriminator against the fixed generator; copy it at each N."""
    data_rng = np.random.RandomState(data_seed)
    torch_generator = torch.Generator().manual_seed(latent_seed)
    optimizer = torch.optim.SGD(discriminator.parameters(), lr=learning_rate)
    snapshots = {}
    for iteration in range(1, max(snapshot_at) + 1):
        real = _data(n_samples, data_rng, data_scale)
        with torch.no_grad():
            fake = generator(
                torch.randn(n_samples, latent_dim, generator=torch_generator)
            )
        d_loss = loss.discriminator_loss(
            discriminator, real, fake, generator=torch_generator
        )
        optimizer.zero_grad(set_to_none=True)
        d_loss.backward()
        optimizer.step()
        if iteration in snapshot_at:
            frozen = copy.deepcopy(discriminator).requires_grad_(False)
            with torch.no_grad():
                d_real = torch.sigmoid(frozen(real)).mean().item()
                d_fake = torch.sigmoid(frozen(fake)).mean().item()
            snapshots[iteration] = (frozen, d_real, d_fake)
    return snapshots


def _train_generator(
    loss,
    generator,
    discriminator,
    iterations,
    *,
    n_samples,
    learning_rate,
    latent_dim,
    data_scale,
    latent_seed,
):
    """Train the generator against the frozen discriminator; record each step."""
    torch_generator = torch.Generator().manual_seed(latent_seed)
    params = list(generator.parameters())
    optimizer = torch.optim.SGD(params, lr=learning_rate)
    objective = np.empty(iterations)
    gradient_norm = np.empty(iterations)
    generated_mean = np.empty(iterations)
    for iteration in range(iterations):
        fake = generator(torch.randn(n_samples, latent_dim, generator=torch_generator))
        g_loss = loss.generator_loss(discriminator(fake))
        optimizer.zero_grad(set_to_none=True)
        g_loss.backward()
        objective[iteration] = g_loss.item()
        gradient_norm[iteration] = torch.sqrt(
            sum(p.grad.square().sum() for p in params)
        ).item()
        generated_mean[iteration] = fake.mean().item() * data_scale
        optimizer.step()
    return {
        "generator_objective": objective,
        "gradient_norm": gradient_norm,
        "generated_mean": generated_mean,
    }


def _data(n_samples, rng, data_scale):
    X = make_gaussian(n_samples, mean=MEAN, std=STD, random_state=rng) / data_scale
    return torch.as_tensor(X, dtype=torch.float32)
