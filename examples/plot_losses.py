"""
The four GAN objectives side by side
====================================

``loss`` chooses the game the two networks play: ``"mim"``, the paper's
Message Importance Measure objective; ``"kl"``, the original GAN;
``"ls"``, the least-squares GAN; ``"w"``, the Wasserstein GAN with gradient
penalty. Everything else, the latent search and the score, is the same.

Each objective is trained on the same fold of the digits protocol (rare digit
0 left out of training, 10 % of the test rows) and drawn as a ROC curve. With
one fold, one seed and 30 epochs this is an illustration, not a ranking: the
:doc:`benchmark </benchmark>` repeats the comparison over seeds and datasets.
"""

# %%
import time

import matplotlib.pyplot as plt
from sklearn.metrics import RocCurveDisplay
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skmimgan import GANAnomalyDetector
from skmimgan.datasets import load_digits_protocol

digits = load_digits_protocol(rare_digit=0, random_state=0)
train, test = digits.cv[0]
X_train, X_test, y_test = digits.data[train], digits.data[test], digits.target[test]

# %%
# Train each objective and score the test rows
# --------------------------------------------
# ``RocCurveDisplay`` takes the outliers as the positive class here, so the
# score to pass is the anomaly score ``S = -score_samples``.
names = {"mim": "MIM (paper)", "kl": "KL (original GAN)",
         "ls": "least squares", "w": "Wasserstein-GP"}
fig, ax = plt.subplots(figsize=(6, 5.5), layout="constrained")
for loss, name in names.items():
    pipe = make_pipeline(StandardScaler(),
                         GANAnomalyDetector(loss=loss, epochs=30, random_state=0))
    start = time.perf_counter()
    pipe.fit(X_train)
    seconds = time.perf_counter() - start
    S = -pipe.score_samples(X_test)
    display = RocCurveDisplay.from_predictions(
        y_test == -1, S, name=f"loss={loss!r}: {name}", ax=ax)
    print(f"loss={loss!r}: ROC AUC {display.roc_auc:.3f}, fit {seconds:.1f} s")
ax.plot([0, 1], [0, 1], c="grey", ls=":", label="chance")
ax.set_xlabel("false positive rate (normal digits flagged)")
ax.set_ylabel("true positive rate (0s flagged)")
ax.set_title("rare digit 0, one fold, 30 epochs")
ax.legend(loc="lower right", fontsize=8)
plt.show()
