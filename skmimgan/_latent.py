"""The batched latent optimiser (Eq. 22-24).

All rows of a chunk are optimised together as one ``(n, latent_dim)`` tensor.
The loss is the sum of the rows' objectives and Adam works per coordinate, so
every row follows exactly the path it would follow alone: one batched
forward/backward per step replaces ``n`` separate searches.
"""

import torch

from ._losses import hce_real

# Steps without an improvement larger than ``tol`` after which a row is frozen.
PATIENCE = 5


def latent_objective(x, generator, discriminator, z, lam):
    """``J(x, z) = (1 - lam) ||x - G(z)||_2 + lam Hce(D(G(z)), 1)`` per row."""
    images = generator(z)
    residual = torch.linalg.vector_norm(x - images, dim=1)
    return (1.0 - lam) * residual + lam * hce_real(discriminator(images))


def start_points(x, anchors, anchor_images, anchor_hce, lam):
    """Start each row at the latent anchor with the lowest ``J``.

    The anchors are drawn once at fit time, so a row's start does not depend on
    which other rows share its batch.
    """
    # Without the matrix-product shortcut each distance is computed on its own,
    # so it is the same whatever the batch size.
    distances = torch.cdist(
        x, anchor_images, compute_mode="donot_use_mm_for_euclid_dist"
    )
    cost = (1.0 - lam) * distances + lam * anchor_hce
    return anchors[cost.argmin(dim=1)]


def optimise_latent(x, generator, discriminator, z0, *, lam, steps, learning_rate, tol):
    """Minimise ``J(x, z)`` over ``z`` for every row of ``x`` at once.

    Parameters
    ----------
    x : torch.Tensor of shape (n_samples, n_features)
    generator, discriminator : torch.nn.Module
        Frozen networks (no parameter gradients).
    z0 : torch.Tensor of shape (n_samples, latent_dim)
        Start points.
    lam : float
        Weight of the discriminator term (the paper's lambda).
    steps : int
        Budget of Adam steps.
    learning_rate : float
        Adam's step size.
    tol : float
        A row stops once ``PATIENCE`` successive steps each improved its best
        ``J`` by no more than ``tol``. Near an exact reconstruction the
        Euclidean norm has no gradient and Adam would oscillate; freezing the
        row there keeps its result independent of rounding noise.

    Returns
    -------
    z : torch.Tensor of shape (n_samples, latent_dim)
        The best latent code visited by each row.
    J : torch.Tensor of shape (n_samples,)
        ``J(x, z)`` at that code.
    """
    z = z0.detach().clone().requires_grad_(True)
    optimizer = torch.optim.Adam([z], lr=learning_rate)
    best_z = z0.detach().clone()
    best_j = torch.full((x.shape[0],), float("inf"), dtype=x.dtype, device=x.device)
    stalled = torch.zeros(x.shape[0], dtype=torch.long, device=x.device)
    active = torch.ones(x.shape[0], dtype=torch.bool, device=x.device)
    for step in range(steps + 1):
        j = latent_objective(x, generator, discriminator, z, lam)
        with torch.no_grad():
            current = j.detach()
            stalled = torch.where(current < best_j - tol, 0, stalled + 1)
            better = active & (current < best_j)
            best_j = torch.where(better, current, best_j)
            best_z[better] = z.detach()[better]
            active &= stalled < PATIENCE
        if step == steps or not bool(active.any()):
            break
        optimizer.zero_grad(set_to_none=True)
        j.sum().backward()
        optimizer.step()
    return best_z, best_j
