"""
Anomaly scores on a two-dimensional toy problem
===============================================

On two features the anomaly score ``S(x)`` can be drawn everywhere: a contour
map of ``S`` over the plane, with the decision boundary ``S(x) = Gamma``
(where ``decision_function`` crosses zero) drawn on top. Beside it, samples of
the trained generator: the score is low where the generator can reproduce a
point, and grows with the distance to what it produces.
"""

# %%
# Three clusters of normal points and a few scattered outliers
# ------------------------------------------------------------
import matplotlib.pyplot as plt
import numpy as np
import torch
from sklearn.datasets import make_blobs

from skmimgan import GANAnomalyDetector

rng = np.random.RandomState(0)
X_normal, _ = make_blobs(
    400,
    centers=[[0, 0], [2, 1], [0.5, 1.5]],
    cluster_std=[0.25, 0.3, 0.15],
    random_state=0,
)
X_outliers = rng.uniform([-1.5, -1.0], [3.0, 2.5], size=(20, 2))
X = np.r_[X_normal, X_outliers]

# %%
# Fit on everything, outliers included, without labels
# ----------------------------------------------------
# ``contamination=0.05`` puts the threshold Gamma at the 95th percentile of the
# training scores. Two small hidden layers suit two features: with the default
# single wide layer and this short training, the generator tends to drop one of
# the three clusters, whose points then score as outliers (change
# ``hidden_layer_sizes`` to see it). The right-hand panel below shows such a
# failure at once.
detector = GANAnomalyDetector(hidden_layer_sizes=(64, 64), epochs=100,
                              contamination=0.05, random_state=0)
detector.fit(X)
print(f"Gamma = {detector.threshold_:.3f}")

# %%
# Score a grid covering the plane
# -------------------------------
# ``score_samples`` returns ``-S``; the latent search runs for all grid points
# at once.
xx, yy = np.meshgrid(np.linspace(-2.0, 3.5, 110), np.linspace(-1.5, 3.0, 90))
grid = np.c_[xx.ravel(), yy.ravel()]
S = -detector.score_samples(grid).reshape(xx.shape)
flagged = detector.predict(X) == -1

# %%
# And what the generator produces
# -------------------------------
# ``generator_`` maps latent codes into the scaled space; ``scaler_`` maps its
# output back to the units of ``X``.
z = torch.randn(600, detector.latent_dim, dtype=torch.float64,
                generator=torch.Generator().manual_seed(0))
with torch.no_grad():
    generated = detector.scaler_.inverse_transform(detector.generator_(z).numpy())

# %%
# The map
# -------
fig, (ax_score, ax_gen) = plt.subplots(1, 2, figsize=(11, 4.6), sharey=True,
                                       layout="constrained")
filled = ax_score.contourf(xx, yy, S, levels=20, cmap="viridis_r")
ax_score.contour(xx, yy, S, levels=[detector.threshold_], colors="red",
                 linewidths=2)
ax_score.scatter(*X[~flagged].T, s=6, c="k", label="inlier (predict = +1)")
ax_score.scatter(*X[flagged].T, s=30, facecolors="none", edgecolors="red",
                 label="outlier (predict = -1)")
ax_score.plot([], [], c="red", lw=2, label="S(x) = Gamma")
ax_score.set_title("anomaly score S(x) and decision boundary")
ax_score.legend(loc="lower right", fontsize=8)
fig.colorbar(filled, ax=ax_score, label="S(x)")

ax_gen.scatter(*X.T, s=6, c="k", label="training data")
ax_gen.scatter(*generated.T, s=6, c="tab:orange", alpha=0.6,
               label="generator samples G(z)")
ax_gen.set_title("what the generator learned")
ax_gen.legend(loc="lower right", fontsize=8)
for ax in (ax_score, ax_gen):
    ax.set_xlabel("feature 0")
    ax.set_xlim(xx.min(), xx.max())
    ax.set_ylim(yy.min(), yy.max())
ax_score.set_ylabel("feature 1")
plt.show()
