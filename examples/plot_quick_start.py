"""
Quick start: a GAN outlier detector in a Pipeline
=================================================

Fit :class:`~skmimgan.GANAnomalyDetector` behind a
:class:`~sklearn.preprocessing.StandardScaler` on unlabelled, mostly normal
data, then score and label new rows. The detector follows scikit-learn's
conventions: ``score_samples`` is higher for more normal rows, ``predict``
returns +1 for inliers and -1 for outliers.
"""

# %%
# Data: a correlated cloud of normal rows, and a few outliers
# -----------------------------------------------------------
# Eight features; the normal rows are correlated Gaussian draws, the outliers
# uniform in a box around them. The training part holds 5 % outliers and no
# labels are used for fitting.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skmimgan import GANAnomalyDetector

rng = np.random.RandomState(0)
mixing = rng.normal(size=(8, 8))


def make_data(n_normal, n_outliers):
    X_normal = rng.normal(size=(n_normal, 8)) @ mixing
    X_outliers = rng.uniform(-8, 8, size=(n_outliers, 8))
    y = np.r_[np.ones(n_normal, dtype=int), -np.ones(n_outliers, dtype=int)]
    return np.r_[X_normal, X_outliers], y


X_train, _ = make_data(380, 20)
X_test, y_test = make_data(190, 10)

# %%
# Fit in a Pipeline
# -----------------
# ``contamination=0.05`` sets the threshold Gamma so that 5 % of the training
# rows are flagged. ``epochs=30`` keeps this example fast.
detector = GANAnomalyDetector(epochs=30, contamination=0.05, random_state=0)
pipe = make_pipeline(StandardScaler(), detector).fit(X_train)

# %%
# Score and label new rows
# ------------------------
# ``score_samples`` returns ``-S(x)``, the opposite of the paper's anomaly
# score; ``decision_function`` subtracts ``offset_`` (``-Gamma``), so it is
# negative exactly where ``predict`` says -1.
scores = pipe.score_samples(X_test)
labels = pipe.predict(X_test)
print(f"Gamma (threshold_): {detector.threshold_:.3f}")
print(f"flagged: {np.sum(labels == -1)} of {len(labels)} test rows")
print(f"true outliers among them: {np.sum((labels == -1) & (y_test == -1))}")
print(f"ROC AUC (labels +1 inlier, -1 outlier): {roc_auc_score(y_test, scores):.3f}")
assert np.array_equal(labels == -1, pipe.decision_function(X_test) < 0)

# %%
# The anomaly scores and the threshold
# ------------------------------------
# The paper's score ``S(x) = -score_samples(x)``; rows with ``S(x) > Gamma``
# are outliers.
S = -scores
bins = np.linspace(S.min(), S.max(), 40)
fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
ax.hist(S[y_test == 1], bins=bins, alpha=0.7, label="normal rows")
ax.hist(S[y_test == -1], bins=bins, alpha=0.7, label="outliers")
ax.axvline(detector.threshold_, color="k", ls="--", label="threshold Gamma")
ax.set_xlabel("anomaly score S(x) = -score_samples(x)")
ax.set_ylabel("test rows")
ax.legend()
plt.show()
