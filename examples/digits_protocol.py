"""
Finding a rare digit: the paper's MNIST protocol on scikit-learn's digits
=========================================================================

One digit plays the rare class. It is left out of every training fold, and
makes up 10 % of each test fold (the protocol of the paper's MNIST experiment,
in miniature: ``sklearn.datasets.load_digits`` needs no download). Every
detector sits in ``Pipeline([StandardScaler(), detector])`` and is scored with
``cross_val_score(..., scoring="roc_auc")``; labels follow scikit-learn (+1
normal, -1 rare digit).
"""

import time

from sklearn.ensemble import IsolationForest
from sklearn.model_selection import cross_val_score
from sklearn.neighbors import LocalOutlierFactor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skmimgan import GANAnomalyDetector
from skmimgan.datasets import load_digits_protocol

RARE_DIGITS = (0, 1, 5)

detectors = {f"GAN loss={loss!r}": GANAnomalyDetector(loss=loss, random_state=0)
             for loss in ("mim", "kl", "ls", "w")}
detectors["IsolationForest"] = IsolationForest(random_state=0)
detectors["LocalOutlierFactor"] = LocalOutlierFactor(novelty=True)

print("ROC AUC over 3 folds (mean +- std), rare digit left out of training")
print(f"{'detector':<22}" + "".join(f"{f'digit {d}':>16}" for d in RARE_DIGITS)
      + f"{'seconds':>10}")
for name, detector in detectors.items():
    start = time.perf_counter()
    cells = []
    for digit in RARE_DIGITS:
        digits = load_digits_protocol(rare_digit=digit, random_state=0)
        auc = cross_val_score(make_pipeline(StandardScaler(), detector), digits.data,
                              digits.target, cv=digits.cv, scoring="roc_auc")
        cells.append(f"{auc.mean():.3f} +- {auc.std():.3f}")
    seconds = time.perf_counter() - start
    print(f"{name:<22}" + "".join(f"{c:>16}" for c in cells) + f"{seconds:>10.1f}")
