"""
Training curves from the fitted history
=======================================

A fitted :class:`~skmimgan.GANAnomalyDetector` keeps the mean loss of each
epoch for both players in ``history_`` (``"discriminator_loss"`` and
``"generator_loss"``), and the number of epochs in ``n_iter_``. Here the four
objectives are trained on the paper's one-dimensional Gaussian N(4, 1.25)
(:func:`~skmimgan.datasets.make_gaussian`), the setting of the paper's
training-curve comparison.

The objectives have different scales, so each gets its own panel. The dotted
lines mark each loss's value when the discriminator can no longer tell real
from generated samples and answers D = 1/2 everywhere: for MIM ``2 sqrt(e)``
and ``-sqrt(e)``, for KL ``2 ln 2`` and ``ln 2``, for least squares 1/4 and 1/8.
"""

# %%
import math

import matplotlib.pyplot as plt
import numpy as np
import torch

from skmimgan import GANAnomalyDetector
from skmimgan.datasets import make_gaussian

X = make_gaussian(2000, random_state=0)
losses = ["mim", "kl", "ls", "w"]
detectors = {
    loss: GANAnomalyDetector(loss=loss, epochs=30, latent_dim=4,
                             random_state=0).fit(X)
    for loss in losses
}
for loss, detector in detectors.items():
    history = detector.history_
    print(f"loss={loss!r}: {detector.n_iter_} epochs, last discriminator loss "
          f"{history['discriminator_loss'][-1]:.3f}, last generator loss "
          f"{history['generator_loss'][-1]:.3f}")

# %%
# The curves
# ----------
# One column per objective, discriminator above, generator below; the dotted
# lines are the values at D = 1/2. The Wasserstein critic's loss includes the
# gradient penalty, and its generator loss has no fixed reference value.
at_half = {
    "mim": (2 * math.sqrt(math.e), -math.sqrt(math.e)),
    "kl": (2 * math.log(2), math.log(2)),
    "ls": (0.25, 0.125),
    "w": (0.0, None),
}
fig, axes = plt.subplots(2, 4, figsize=(13, 5.5), sharex=True,
                         layout="constrained")
for column, (loss, detector) in enumerate(detectors.items()):
    epochs = np.arange(1, detector.n_iter_ + 1)
    for row, key in enumerate(("discriminator_loss", "generator_loss")):
        ax = axes[row, column]
        ax.plot(epochs, detector.history_[key], c=f"C{row}")
        reference = at_half[loss][row]
        if reference is not None:
            ax.axhline(reference, c="grey", ls=":")
        if row == 0:
            ax.set_title(f"loss={loss!r}")
        else:
            ax.set_xlabel("epoch")
axes[0, 0].set_ylabel("discriminator loss")
axes[1, 0].set_ylabel("generator loss")
plt.show()

# %%
# What each generator learned
# ---------------------------
# ``generator_`` maps latent codes into the scaled space and ``scaler_`` maps
# back to the data's units; the histograms compare 5000 generated samples with
# the true density. A generator that has collapsed onto a few values shows up
# as a narrow spike (each panel has its own vertical scale).
grid = np.linspace(-1, 9, 300)
density = np.exp(-0.5 * ((grid - 4) / 1.25) ** 2) / (1.25 * math.sqrt(2 * math.pi))
fig, axes = plt.subplots(1, 4, figsize=(13, 3.2), layout="constrained")
for ax, (loss, detector) in zip(axes, detectors.items()):
    z = torch.randn(5000, detector.latent_dim, dtype=torch.float64,
                    generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        samples = detector.scaler_.inverse_transform(detector.generator_(z).numpy())
    ax.hist(samples.ravel(), bins=60, range=(-1, 9), density=True,
            color="tab:orange", alpha=0.7, label="G(z)")
    ax.plot(grid, density, c="k", label="N(4, 1.25)")
    ax.set_title(f"loss={loss!r}")
    ax.set_xlabel("x")
axes[0].set_ylabel("density")
axes[0].legend(fontsize=8)
plt.show()
