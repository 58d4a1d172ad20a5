"""The internal scaling and the anomaly score ``S`` (Eq. 25), chunk by chunk."""

import numpy as np
import torch

from ._latent import optimise_latent, start_points
from ._losses import hce_real

# Scaled values are clipped to this size: any row that far outside the
# generator's range [-1, 1] is an outlier whatever the threshold, and the clip
# keeps ||x - G(z)||, whose square is summed over the features, finite.
SCALED_LIMIT = 1e100


def scale_rows(X, data_min, scale):
    """Map every feature's training range onto [-1, 1]: ``(X - data_min) * scale - 1``.

    The subtraction comes first, so when ``X`` and ``data_min`` are shifted
    and multiplied by a power of two without rounding (and ``scale`` divided
    by it), the result is bit for bit the same.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    data_min, scale : ndarray of shape (n_features,)
        The training minimum and ``2 / training range`` of every feature.

    Returns
    -------
    X_scaled : ndarray of shape (n_samples, n_features), float64
        Finite for any finite ``X``.
    """
    big = np.finfo(np.float64).max
    with np.errstate(over="ignore"):
        # Far outside a huge training range the difference overflows; capped,
        # it stays finite, and finite times a zero scale is zero, not NaN.
        shifted = np.clip(X - data_min, -big, big)
        X_scaled = shifted * scale
    np.clip(X_scaled, -SCALED_LIMIT, SCALED_LIMIT, out=X_scaled)
    X_scaled -= 1.0
    return X_scaled


def anomaly_scores(
    X,
    generator,
    discriminator,
    anchors,
    *,
    lam,
    eta,
    latent_steps,
    latent_learning_rate,
    latent_tol,
    chunk_size,
    transform=None,
):
    """``S(x) = (1 - eta) J(x, z_opt) + eta Hce(D(x), 1)`` for every row of ``X``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        The rows to score.
    generator, discriminator : torch.nn.Module
        Frozen networks, on the device and in the dtype to score with.
    anchors : torch.Tensor of shape (n_anchors, latent_dim)
        Latent start candidates, same device and dtype.
    lam, eta : float
        The paper's lambda and eta.
    latent_steps, latent_learning_rate, latent_tol
        The latent search's budget, step size and tolerance.
    chunk_size : int
        Rows per chunk; memory use is bounded by it, not by ``n_samples``.
    transform : callable, default=None
        Maps a chunk of rows of ``X`` into the generator's output range;
        applied chunk by chunk, so no scaled copy of the whole ``X`` is made.
        None when ``X`` is already in that range.

    Returns
    -------
    scores : ndarray of shape (n_samples,), float64
        ``S(x)``; larger is more anomalous.
    """
    dtype, device = anchors.dtype, anchors.device
    with torch.no_grad():
        anchor_images = generator(anchors)
        anchor_hce = hce_real(discriminator(anchor_images))
    scores = np.empty(X.shape[0], dtype=np.float64)
    for start in range(0, X.shape[0], chunk_size):
        stop = start + chunk_size
        rows = X[start:stop] if transform is None else transform(X[start:stop])
        x = torch.as_tensor(rows, dtype=dtype).to(device)
        z0 = start_points(x, anchors, anchor_images, anchor_hce, lam)
        _, j = optimise_latent(
            x,
            generator,
            discriminator,
            z0,
            lam=lam,
            steps=latent_steps,
            learning_rate=latent_learning_rate,
            tol=latent_tol,
        )
        with torch.no_grad():
            s = (1.0 - eta) * j + eta * hce_real(discriminator(x))
        scores[start:stop] = s.cpu().numpy()
    return scores
