"""
Cross-validated ROC AUC with ``cross_val_score``
================================================

:class:`~skmimgan.GANAnomalyDetector` is scored like any scikit-learn
estimator. Here on the paper's MNIST protocol in miniature
(:func:`~skmimgan.datasets.load_digits_protocol`, on scikit-learn's 8x8
digits, no download): one digit is the rare class, left out of every training
fold and mixed into each test fold at 10 %. The protocol comes as a ``cv``
iterable of (train, test) index pairs.

For ``scoring="roc_auc"`` the labels must follow scikit-learn's convention,
+1 for inliers and -1 for outliers, as ``load_digits_protocol`` returns them.
With ODDS files, which mark outliers with 1, convert first with
:func:`~skmimgan.datasets.odds_to_sklearn_labels`.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skmimgan import GANAnomalyDetector
from skmimgan.datasets import load_digits_protocol

digits = load_digits_protocol(rare_digit=0, n_splits=3, random_state=0)
print(digits.DESCR)
for train, test in digits.cv:
    print(f"train {len(train)} rows, no 0s; test {len(test)} rows, "
          f"{np.sum(digits.target[test] == -1)} of them 0s")

# %%
# Score the GAN and a baseline on the same folds
# ----------------------------------------------
# ``epochs=30`` keeps the example quick; the paper trains far longer.
detectors = {
    "GAN, loss='mim'": GANAnomalyDetector(loss="mim", epochs=30, random_state=0),
    "GAN, loss='kl'": GANAnomalyDetector(loss="kl", epochs=30, random_state=0),
    "IsolationForest": IsolationForest(random_state=0),
}
auc = {}
for name, detector in detectors.items():
    pipe = make_pipeline(StandardScaler(), detector)
    auc[name] = cross_val_score(pipe, digits.data, digits.target,
                                cv=digits.cv, scoring="roc_auc")
    print(f"{name:<16} ROC AUC per fold {np.round(auc[name], 3)}, "
          f"mean {auc[name].mean():.3f}")

# %%
# Per-fold results
# ----------------
fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
for i, (name, scores) in enumerate(auc.items()):
    ax.scatter(scores, np.full(len(scores), i), s=40, label="folds" if i == 0 else None,
               c="tab:blue")
    ax.scatter(scores.mean(), i, marker="|", s=400, c="k",
               label="mean" if i == 0 else None)
ax.axvline(0.5, c="grey", ls=":", label="chance")
ax.set_yticks(range(len(auc)), list(auc))
ax.set_ylim(-0.5, len(auc) - 0.5)
ax.set_xlabel("ROC AUC, rare digit 0 (3 folds)")
ax.legend(loc="lower left", fontsize=8)
plt.show()
