"""The anomaly score ``S`` (Eq. 25), computed chunk by chunk."""

import numpy as np
import torch

from ._latent import optimise_latent, start_points
from ._losses import hce_real


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
):
    """``S(x) = (1 - eta) J(x, z_opt) + eta Hce(D(x), 1)`` for every row of ``X``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Rows already mapped into the generator's output range.
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
        x = torch.as_tensor(X[start:stop], dtype=dtype).to(device)
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
