"""The benchmark protocol: datasets, splits, detectors, and one evaluation loop."""

import sys
import time
from pathlib import Path

import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.neighbors import LocalOutlierFactor
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import OneClassSVM

from .._detector import GANAnomalyDetector
from ..datasets import load_digits_protocol, load_odds

# Detector names, in the order of every table and figure.
GAN_DETECTORS = {"GAN-MIM": "mim", "GAN-KL": "kl", "GAN-LS": "ls", "GAN-W": "w"}
BASELINES = ("IsolationForest", "OneClassSVM", "LocalOutlierFactor")
DETECTORS = (*GAN_DETECTORS, *BASELINES)

# Short names accepted on the command line for parameter targets.
ALIASES = {
    "gan": tuple(GAN_DETECTORS),
    "mim": ("GAN-MIM",),
    "kl": ("GAN-KL",),
    "ls": ("GAN-LS",),
    "w": ("GAN-W",),
    "iforest": ("IsolationForest",),
    "ocsvm": ("OneClassSVM",),
    "lof": ("LocalOutlierFactor",),
    **{name.lower(): (name,) for name in DETECTORS},
}

DIGITS = "digits"
TEST_SIZE = 0.4

# The paper's settings: lambda, eta, Adam's step size, and the hidden width per
# dataset. The number of hidden layers stays the estimator's default, so the
# paper's run differs from the default run only in these values. Digits stand
# in for MNIST.
PAPER_GAN_PARAMS = {"lam": 0.1, "eta": 0.05, "learning_rate": 1e-3}
PAPER_HIDDEN_WIDTH = {
    "cardio": 64,
    "thyroid": 64,
    "musk": 256,
    "mnist": 256,
    DIGITS: 256,
}


class Dataset:
    """A dataset and the way the protocol splits it for one seed.

    ODDS files: a stratified 60 / 40 split; the detectors train on the
    contaminated 60 % without labels. ``digits``: the rare digit is left out of
    training and makes up `outlier_fraction` of the test part (the paper's MNIST
    protocol, see :func:`skmimgan.datasets.load_digits_protocol`).
    """

    def __init__(self, name, *, data_dir=None, rare_digit=0, outlier_fraction=0.1):
        self.spec = name
        self.rare_digit = rare_digit
        self.outlier_fraction = outlier_fraction
        if name == DIGITS:
            self.name = DIGITS
            # Checks the arguments now rather than at the first seed.
            load_digits_protocol(
                rare_digit=rare_digit, outlier_fraction=outlier_fraction, random_state=0
            )
            self.X = self.y = None
        else:
            bunch = load_odds(name, data_home=data_dir)
            self.name = bunch.name
            self.X, self.y = bunch.data, bunch.target  # ODDS labels: 1 = outlier
        self.short_name = Path(self.name).stem

    def split(self, seed):
        """``(X_train, X_test, is_outlier_test, contamination)`` for one seed.

        `contamination` is the outlier fraction the detectors are told: the
        train part's for ODDS files; for digits, whose train part holds no
        outlier, the share of the rare digit in the test part.
        """
        if self.name == DIGITS:
            digits = load_digits_protocol(
                rare_digit=self.rare_digit,
                outlier_fraction=self.outlier_fraction,
                random_state=seed,
            )
            train, test = digits.cv[0]
            is_outlier = digits.target[test] == -1
            X = digits.data
            return X[train], X[test], is_outlier, self.outlier_fraction
        X_train, X_test, y_train, y_test = train_test_split(
            self.X, self.y, test_size=TEST_SIZE, stratify=self.y, random_state=seed
        )
        contamination = float(np.mean(y_train == 1))
        if not 0 < contamination <= 0.5:
            raise ValueError(
                f"{self.name}: the train part's outlier fraction is "
                f"{contamination:.3f}; the protocol needs it in (0, 0.5] to set "
                "the detectors' contamination."
            )
        return X_train, X_test, y_test == 1, contamination


def paper_gan_params(dataset_name):
    """The paper's GAN settings for a dataset (hidden width 64 or 256)."""
    try:
        width = PAPER_HIDDEN_WIDTH[dataset_name]
    except KeyError:
        raise ValueError(
            f"The paper gives no hidden width for dataset {dataset_name!r}; "
            f"--paper-settings knows {sorted(PAPER_HIDDEN_WIDTH)}."
        ) from None
    n_layers = len(GANAnomalyDetector().hidden_layer_sizes)
    return {**PAPER_GAN_PARAMS, "hidden_layer_sizes": (width,) * n_layers}


def make_detector(name, *, contamination, seed, params=None):
    """``Pipeline([StandardScaler(), detector])`` for one detector name.

    Every detector is told the same `contamination`; ``OneClassSVM``, which has
    no such parameter, gets it as ``nu`` (the bound on the fraction of training
    rows outside its boundary), as scikit-learn's own outlier-detection
    comparison does. `params` override these settings.
    """
    params = dict(params or {})
    if name in GAN_DETECTORS:
        detector = GANAnomalyDetector(
            loss=GAN_DETECTORS[name], contamination=contamination, random_state=seed
        )
    elif name == "IsolationForest":
        detector = IsolationForest(contamination=contamination, random_state=seed)
    elif name == "OneClassSVM":
        detector = OneClassSVM(nu=contamination)
    elif name == "LocalOutlierFactor":
        detector = LocalOutlierFactor(novelty=True, contamination=contamination)
    else:
        raise ValueError(
            f"Unknown detector {name!r}; expected one of {list(DETECTORS)}."
        )
    unknown = sorted(set(params) - set(detector.get_params()))
    if unknown:
        raise ValueError(
            f"{name} has no parameter {', '.join(map(repr, unknown))}; its "
            f"parameters are {sorted(detector.get_params())}."
        )
    detector.set_params(**params)
    detector._validate_params()
    return Pipeline([("scale", StandardScaler()), ("detector", detector)])


def evaluate(pipe, X_train, X_test, is_outlier):
    """Fit on ``X_train``, score ``X_test``; return the row and the test scores.

    ROC AUC takes outliers as the positive class and ``-decision_function`` as
    their score (scikit-learn: higher is more normal); F1 is that of
    ``predict`` (-1 = outlier, the positive class).
    """
    start = time.perf_counter()
    pipe.fit(X_train)
    fit_seconds = time.perf_counter() - start
    start = time.perf_counter()
    outlier_score = -pipe.decision_function(X_test)
    score_seconds = time.perf_counter() - start
    predicted_outlier = pipe.predict(X_test) == -1
    row = {
        "auc": float(roc_auc_score(is_outlier, outlier_score)),
        "f1": float(f1_score(is_outlier, predicted_outlier, zero_division=0.0)),
        "fit_seconds": fit_seconds,
        "score_seconds": score_seconds,
    }
    return row, outlier_score


def run_benchmark(
    datasets,
    *,
    n_seeds=5,
    detectors=DETECTORS,
    params=None,
    paper_settings=False,
    keep_scores_seed=0,
    progress=sys.stderr,
):
    """Run every detector on every dataset for seeds ``0 .. n_seeds - 1``.

    Parameters
    ----------
    datasets : list of Dataset
    n_seeds : int
    detectors : sequence of str
        Names from :data:`DETECTORS`.
    params : dict of str to dict, optional
        Parameters per detector name, applied last.
    paper_settings : bool
        Give the GAN detectors the paper's settings for each dataset first.
    keep_scores_seed : int
        The seed whose test labels and scores are returned (for ROC curves).
    progress : file-like or None
        Where one line per fitted detector goes.

    Returns
    -------
    rows : list of dict
        One per (dataset, seed, detector).
    scores : dict
        ``scores[dataset][detector] = (is_outlier, outlier_score)`` for seed
        `keep_scores_seed`.
    """
    params = params or {}
    total = len(datasets) * n_seeds * len(detectors)
    rows, scores, done = [], {}, 0
    for dataset in datasets:
        gan_params = paper_gan_params(dataset.short_name) if paper_settings else {}
        for seed in range(n_seeds):
            X_train, X_test, is_outlier, contamination = dataset.split(seed)
            for name in detectors:
                detector_params = dict(gan_params) if name in GAN_DETECTORS else {}
                detector_params.update(params.get(name, {}))
                pipe = make_detector(
                    name, contamination=contamination, seed=seed, params=detector_params
                )
                row, outlier_score = evaluate(pipe, X_train, X_test, is_outlier)
                rows.append(
                    {
                        "dataset": dataset.short_name,
                        "seed": seed,
                        "detector": name,
                        **row,
                        "n_train": X_train.shape[0],
                        "n_test": X_test.shape[0],
                        "n_test_outliers": int(is_outlier.sum()),
                        "contamination": contamination,
                    }
                )
                if seed == keep_scores_seed:
                    scores.setdefault(dataset.short_name, {})[name] = (
                        is_outlier,
                        outlier_score,
                    )
                done += 1
                if progress is not None:
                    print(
                        f"[{done}/{total}] {dataset.short_name} seed {seed} {name}: "
                        f"AUC {row['auc']:.3f} F1 {row['f1']:.3f} "
                        f"(fit {row['fit_seconds']:.1f} s, "
                        f"score {row['score_seconds']:.1f} s)",
                        file=progress,
                        flush=True,
                    )
    return rows, scores
