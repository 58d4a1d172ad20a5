"""The batched latent optimiser (Eq. 22-24).

All rows of a chunk are optimised together as one tensor of latent codes.
Every row's objective depends on its own latent code only and Adam works per
coordinate, so every row follows exactly the path it would follow alone: one
batched forward and backward pass per step replaces ``n`` separate searches.

The gradient is written out by hand for the networks of ``_networks`` rather
than taken by autograd: it skips the parameters' gradients and never forms the
``(n, width)`` outer product that autograd builds for the discriminator's
scalar output. docs/performance.rst has the measurements.
"""

import math

import torch
import torch.nn.functional as F

from ._losses import hce_real
from ._networks import LEAKY_SLOPE, linear_layers

# Steps without an improvement larger than ``tol`` after which a row is frozen.
PATIENCE = 5
# Adam's defaults, as in the paper.
ADAM_BETAS = (0.9, 0.999)
ADAM_EPS = 1e-8


def latent_objective(x, generator, discriminator, z, lam):
    """``J(x, z) = (1 - lam) ||x - G(z)||_2 + lam Hce(D(G(z)), 1)`` per row."""
    images = generator(z)
    residual = torch.linalg.vector_norm(x - images, dim=1)
    return (1.0 - lam) * residual + lam * hce_real(discriminator(images))


def _forward(layers, a):
    """Hidden activations and output pre-activation of an MLP of ``_networks``.

    Feature-major: ``a`` and every result hold one column per row.
    """
    hidden = []
    for weight, bias in layers[:-1]:
        a = F.leaky_relu_(torch.addmm(bias[:, None], weight, a), LEAKY_SLOPE)
        hidden.append(a)
    weight, bias = layers[-1]
    return hidden, torch.addmm(bias[:, None], weight, a)


def _to_input(layers, hidden, grad):
    """Carry ``grad``, the gradient at the last hidden activation, to the input."""
    for (weight, _), a in zip(reversed(layers[:-1]), reversed(hidden)):
        # With a positive slope, a leaky ReLU's output has its input's sign.
        grad = weight.T @ torch.ops.aten.leaky_relu_backward(grad, a, LEAKY_SLOPE, True)
    return grad


def _value_and_grad(xt, generator_layers, discriminator_layers, zt, lam):
    """``latent_value_and_grad`` on feature-major ``xt`` and ``zt``.

    With a column per row every matrix product is ``weight @ activations``:
    a short, wide product, which BLAS runs up to twice as fast as the tall,
    thin ``activations @ weight.T`` when a layer has few outputs.
    """
    g_hidden, g_out = _forward(generator_layers, zt)
    images = torch.tanh(g_out)
    diff = images - xt
    residual = torch.linalg.vector_norm(diff, dim=0)
    # d||r||/dr = r / ||r||, taken as 0 at r = 0 (then diff is 0 too).
    tiny = torch.finfo(residual.dtype).tiny
    grad_images = diff * ((1.0 - lam) / residual.clamp_min(tiny))
    j = (1.0 - lam) * residual
    if lam:
        d_hidden, d_out = _forward(discriminator_layers, images)
        logits = d_out[0]
        j = j + lam * hce_real(logits)
        # The logit's gradient is one number per row: back-propagate the last
        # layer's weights once, then scale each row by it.
        last = discriminator_layers[-1][0].T
        first = d_hidden[-1] if d_hidden else images
        d_images = _to_input(discriminator_layers, d_hidden, last.expand_as(first))
        grad_images = grad_images - d_images * (lam * torch.sigmoid(-logits))
    grad = generator_layers[-1][0].T @ (grad_images * (1.0 - images * images))
    return j, _to_input(generator_layers, g_hidden, grad)


def latent_value_and_grad(x, generator_layers, discriminator_layers, z, lam):
    """``J(x, z)`` per row and its gradient with respect to ``z``.

    Parameters
    ----------
    x : torch.Tensor of shape (n_samples, n_features)
    generator_layers, discriminator_layers : list of (weight, bias)
        The linear layers of the networks (``_networks.linear_layers``).
    z : torch.Tensor of shape (n_samples, latent_dim)
    lam : float
        The paper's lambda.

    Returns
    -------
    J : torch.Tensor of shape (n_samples,)
    grad : torch.Tensor of shape (n_samples, latent_dim)
        ``dJ/dz``, row by row.
    """
    j, grad = _value_and_grad(x.T, generator_layers, discriminator_layers, z.T, lam)
    return j, grad.T


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
        Networks built by ``_networks``, frozen (no parameter gradients).
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
    g_layers, d_layers = linear_layers(generator), linear_layers(discriminator)
    beta1, beta2 = ADAM_BETAS
    with torch.no_grad():
        xt = x.T.contiguous()
        # A copy even where the transpose is already contiguous (one row):
        # Adam updates z in place, and z0 is the caller's.
        z = z0.T.clone(memory_format=torch.contiguous_format)
        best_z = z.clone()
        first_moment = torch.zeros_like(z)
        second_moment = torch.zeros_like(z)
        best_j = torch.full((x.shape[0],), math.inf, dtype=x.dtype, device=x.device)
        stalled = torch.zeros(x.shape[0], dtype=torch.long, device=x.device)
        active = torch.ones(x.shape[0], dtype=torch.bool, device=x.device)
        for step in range(steps + 1):
            j, grad = _value_and_grad(xt, g_layers, d_layers, z, lam)
            stalled = torch.where(j < best_j - tol, 0, stalled + 1)
            better = active & (j < best_j)
            best_j = torch.where(better, j, best_j)
            best_z = torch.where(better, z, best_z)
            active &= stalled < PATIENCE
            if step == steps or not bool(active.any()):
                break
            # Adam, as torch.optim.Adam computes it, on the whole tensor.
            t = step + 1
            first_moment.lerp_(grad, 1.0 - beta1)
            second_moment.mul_(beta2).addcmul_(grad, grad, value=1.0 - beta2)
            denom = (second_moment.sqrt() / math.sqrt(1.0 - beta2**t)).add_(ADAM_EPS)
            z.addcdiv_(first_moment, denom, value=-learning_rate / (1.0 - beta1**t))
    return best_z.T.contiguous(), best_j
