"""
Tuning ``lam``, ``eta`` and the threshold with ``GridSearchCV``
===============================================================

The paper's lambda (``lam``, Eq. 23) and eta (``eta``, Eq. 25) weigh the
discriminator's terms in the latent search and in the score, and Gamma
(``threshold``, Eq. 21) turns scores into labels. All three can be searched
with :class:`~sklearn.model_selection.GridSearchCV` like any other parameter.

None of them changes how the networks are trained, yet ``GridSearchCV`` fits a
fresh clone for every candidate and fold. With ``memory`` set, the trained
networks are cached and every candidate of a fold reuses them. The same numbers
can also be had by hand, without a cache, by changing ``lam`` and ``eta`` on a
fitted estimator and comparing scores with each Gamma directly.
"""

# %%
# Data with labels for scoring
# ----------------------------
# Eight correlated features, 6 % outliers. The labels are scikit-learn's:
# +1 inlier, -1 outlier. ``fit`` ignores them; the scorers use them.
import shutil
import tempfile
import time
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from sklearn.base import clone
from sklearn.metrics import f1_score, make_scorer, roc_auc_score
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from skmimgan import GANAnomalyDetector

rng = np.random.RandomState(0)
mixing = rng.normal(size=(8, 8))
X = np.r_[rng.normal(size=(282, 8)) @ mixing, rng.uniform(-8, 8, size=(18, 8))]
y = np.r_[np.ones(282, dtype=int), -np.ones(18, dtype=int)]

pipe = Pipeline([
    ("scale", StandardScaler()),
    ("gan", GANAnomalyDetector(epochs=20, random_state=0)),
])
cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)

# %%
# Candidate thresholds
# --------------------
# Gamma is in units of the score ``S``, which depend on the data and on the
# weights, so look at the scores of one fit before choosing candidates: here
# the 85th, 90th and 95th percentiles of ``S`` on the training data.
first = clone(pipe).fit(X)
S_train = -first.score_samples(X)
thresholds = np.round(np.percentile(S_train, [85, 90, 95]), 3).tolist()
print("threshold candidates:", thresholds)

# %%
# The grid search, training once per candidate
# --------------------------------------------
# ROC AUC ranks by score and ignores the threshold; F1 of the outlier class
# depends on ``predict`` and so on the threshold. Refit on F1. Without
# ``memory`` every candidate and fold trains its own networks.
param_grid = {
    "gan__lam": [0.1, 0.5],
    "gan__eta": [0.05, 0.5],
    "gan__threshold": thresholds,
}
scoring = {"roc_auc": "roc_auc", "f1": make_scorer(f1_score, pos_label=-1)}
search = GridSearchCV(pipe, param_grid, scoring=scoring, refit="f1", cv=cv)
start = time.perf_counter()
search.fit(X, y)
n_fits = len(search.cv_results_["params"]) * cv.get_n_splits()
print(f"without memory: {n_fits} trainings + 1 refit, "
      f"{time.perf_counter() - start:.1f} s")
print("best parameters:", search.best_params_)
print(f"best mean F1: {search.best_score_:.3f}")

# %%
# The same search, training once per fold
# ---------------------------------------
# ``memory`` (a directory or a ``joblib.Memory``) caches the trained networks
# under a key made of everything training depends on, and of nothing that only
# scoring reads, so the candidates of a fold share one training. It needs an
# integer ``random_state``. The cache holds one entry per training.
cache = tempfile.mkdtemp()
cached_search = GridSearchCV(
    pipe.set_params(gan__memory=cache), param_grid, scoring=scoring,
    refit="f1", cv=cv,
)
start = time.perf_counter()
cached_search.fit(X, y)
n_trained = len(list(Path(cache).rglob("output.pkl")))
print(f"with memory: {n_trained} trainings (3 folds + refit), "
      f"{time.perf_counter() - start:.1f} s")
for metric in ("mean_test_roc_auc", "mean_test_f1"):
    assert np.allclose(search.cv_results_[metric], cached_search.cv_results_[metric])
print("same results as without memory")
shutil.rmtree(cache)
pipe.set_params(gan__memory=None)

# %%
# By hand, without a cache
# ------------------------
# ``lam`` and ``eta`` are read when scoring: ``set_params`` on a fitted
# pipeline re-runs the latent search with the new weights, without training.
# ``threshold`` is read by ``fit``, so compare ``S`` with each Gamma directly.
start = time.perf_counter()
manual_auc, manual_f1 = {}, {}
for train, test in cv.split(X, y):
    fitted = clone(pipe).fit(X[train])  # the only training of this fold
    for lam in param_grid["gan__lam"]:
        for eta in param_grid["gan__eta"]:
            fitted.set_params(gan__lam=lam, gan__eta=eta)
            S = -fitted.score_samples(X[test])
            auc = roc_auc_score(y[test], -S)
            for gamma in thresholds:
                labels = np.where(S > gamma, -1, 1)
                key = (lam, eta, gamma)
                manual_auc.setdefault(key, []).append(auc)
                manual_f1.setdefault(key, []).append(
                    f1_score(y[test], labels, pos_label=-1))
print(f"by hand: {cv.get_n_splits()} trainings, {time.perf_counter() - start:.1f} s")

# Same random_state, same folds: the scores, and so the metrics, are identical.
for params, f1, auc in zip(search.cv_results_["params"],
                           search.cv_results_["mean_test_f1"],
                           search.cv_results_["mean_test_roc_auc"]):
    key = (params["gan__lam"], params["gan__eta"], params["gan__threshold"])
    assert np.isclose(f1, np.mean(manual_f1[key]))
    assert np.isclose(auc, np.mean(manual_auc[key]))
print("the search by hand agrees with GridSearchCV on every candidate")

# %%
# The results
# -----------
# Left, ROC AUC for each ``(lam, eta)``, whatever the threshold; right, F1 for
# each threshold and pair of weights.
fig, (ax_auc, ax_f1) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
weights = [(lam, eta) for lam in param_grid["gan__lam"]
           for eta in param_grid["gan__eta"]]
names = [f"lam={lam}\neta={eta}" for lam, eta in weights]
aucs = [np.mean(manual_auc[lam, eta, thresholds[0]]) for lam, eta in weights]
ax_auc.bar(names, aucs, color="tab:blue")
ax_auc.set_ylim(0.5, 1.0)
ax_auc.set_ylabel("mean ROC AUC (3 folds)")
ax_auc.set_title("ranking: independent of the threshold")
for lam, eta in weights:
    ax_f1.plot(thresholds, [np.mean(manual_f1[lam, eta, g]) for g in thresholds],
               marker="o", label=f"lam={lam}, eta={eta}")
ax_f1.set_xlabel("threshold Gamma (units of S)")
ax_f1.set_ylabel("mean F1 of the outlier class")
ax_f1.set_title("labels: depend on the threshold")
ax_f1.legend(fontsize=8)
plt.show()

# %%
# Why some pairs of weights flag almost nothing
# ---------------------------------------------
# Gamma is in units of ``S``, and ``S`` changes scale with ``lam`` and ``eta``.
# The share of all rows that each candidate Gamma flags, under each pair of
# weights, with the model trained on all the data above:
for lam in param_grid["gan__lam"]:
    for eta in param_grid["gan__eta"]:
        S = -first.set_params(gan__lam=lam, gan__eta=eta).score_samples(X)
        shares = ", ".join(f"{np.mean(S > gamma):.1%}" for gamma in thresholds)
        print(f"lam={lam}, eta={eta}: median S {np.median(S):.3f}; "
              f"share flagged {shares}")

# %%
# Candidates chosen under one pair of weights can flag next to nothing under
# another. Choosing the weights first (by ROC AUC, which ignores Gamma), then
# Gamma for those weights, avoids the mismatch; with ``memory``, or by hand as
# above, it costs no extra training.
