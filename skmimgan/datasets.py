"""Datasets for outlier detection.

- :func:`load_odds` reads a file of the ODDS library (Outlier Detection DataSets).
- :func:`load_digits_protocol` is the paper's MNIST protocol in miniature, on
  :func:`sklearn.datasets.load_digits`, as a ``cv`` iterable.
- :func:`make_gaussian` samples the paper's one-dimensional Gaussian.

ODDS files mark outliers with 1; scikit-learn marks them with -1 and inliers with +1.
:func:`odds_to_sklearn_labels` converts the first into the second.
"""

import numbers
import os
from pathlib import Path

import numpy as np
from scipy.io import loadmat
from scipy.sparse import issparse
from sklearn.datasets import load_digits
from sklearn.model_selection import KFold
from sklearn.utils import Bunch, check_random_state

__all__ = [
    "load_digits_protocol",
    "load_odds",
    "make_gaussian",
    "odds_to_sklearn_labels",
]

ODDS_URL = "http://odds.cs.stonybrook.edu"
DATA_ENV = "SKMIMGAN_DATA"


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_real(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _label_problem(y):
    """Return why `y` is not an array of 0/1 labels, or None when it is."""
    if y.dtype.kind not in "biuf":
        return f"labels must be numbers 0 and 1, got dtype {y.dtype}"
    other = np.setdiff1d(np.unique(y), [0, 1])
    if other.size:
        return (
            "labels must be 0 (inlier) or 1 (outlier), "
            f"found other values: {other[:5].tolist()}"
        )
    return None


def odds_to_sklearn_labels(y):
    """Convert ODDS labels (1 = outlier, 0 = inlier) to scikit-learn's.

    scikit-learn's outlier detectors predict -1 for outliers and +1 for inliers,
    and scorers such as ``roc_auc`` expect labels in that convention.

    Parameters
    ----------
    y : array-like of 0 and 1
        ODDS labels, 1 for an outlier.

    Returns
    -------
    y_sklearn : ndarray of int, same shape as `y`
        -1 where `y` is 1 (outlier), +1 where `y` is 0 (inlier).

    Examples
    --------
    >>> from skmimgan.datasets import odds_to_sklearn_labels
    >>> odds_to_sklearn_labels([0, 1, 0]).tolist()
    [1, -1, 1]
    """
    y = np.asarray(y)
    problem = _label_problem(y)
    if problem:
        raise ValueError(problem)
    return np.where(y == 1, -1, 1)


def _odds_candidates(name, data_home):
    """Return the paths where `name` may be found, and the data directory or None."""
    directory = data_home if data_home is not None else os.environ.get(DATA_ENV) or None
    directory = None if directory is None else Path(directory).expanduser()
    in_directory = [] if directory is None else [directory]
    path = Path(name).expanduser()
    if len(path.parts) > 1:  # a path with a folder: only there
        return [path], directory
    if path.suffix == ".mat":  # a bare file name: here, then in the data directory
        return [path] + [folder / path.name for folder in in_directory], directory
    return [folder / f"{name}.mat" for folder in in_directory], directory


def _not_found(name, candidates, directory):
    if directory is None:
        where = (
            f"no data directory is set (data_home is None and {DATA_ENV} is not set)"
        )
        if candidates:
            where = f"looked in {candidates[0].absolute()}; " + where
    else:
        where = "looked in " + ", ".join(str(path.absolute()) for path in candidates)
    return FileNotFoundError(
        f"ODDS dataset {str(name)!r} not found: {where}. Pass data_home=<directory>, "
        f"or set the environment variable {DATA_ENV} to the directory that holds "
        "the .mat files, or pass the path of a .mat file. ODDS files come from the "
        f"ODDS library (Outlier Detection DataSets, {ODDS_URL})."
    )


def _read_odds(path):
    """Read and check `X` and `y` of an ODDS file; y is returned 1-D."""
    try:
        mat = loadmat(path, appendmat=False)
    except Exception as exc:  # a damaged file makes scipy's reader raise anything
        if isinstance(exc, OSError) and exc.errno is not None:
            raise  # permission denied and the like: not about the file's content
        raise ValueError(
            f"{path} is not a MATLAB file that scipy.io.loadmat can read: "
            f"{type(exc).__name__}: {exc}"
        ) from exc

    missing = [key for key in ("X", "y") if key not in mat]
    if missing:
        found = sorted(key for key in mat if not key.startswith("__"))
        raise ValueError(
            f"{path} has no variable {' or '.join(missing)}: an ODDS file holds X "
            f"(n_samples, n_features) and y (n_samples, 1); it holds {found}."
        )
    X, y = (mat[key].toarray() if issparse(mat[key]) else mat[key] for key in "Xy")

    for key, value in (("X", X), ("y", y)):
        if value.dtype.kind not in "biuf":
            raise ValueError(
                f"{path}: {key} must hold real numbers, got dtype {value.dtype}."
            )
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(
            f"{path}: X must be a non-empty 2-D array (n_samples, n_features), "
            f"got shape {X.shape}."
        )
    if y.size != max(y.shape):
        raise ValueError(
            f"{path}: y must be a vector (n_samples, 1), got shape {y.shape}."
        )
    y = y.ravel()
    if y.shape[0] != X.shape[0]:
        raise ValueError(
            f"{path}: lengths differ: X has {X.shape[0]} rows but y has "
            f"{y.shape[0]} labels."
        )

    X = X.astype(np.float64)
    for key, value in (("X", X), ("y", y)):
        n_bad = np.size(value) - np.count_nonzero(np.isfinite(value))
        if n_bad:
            raise ValueError(
                f"{path}: {key} has {n_bad} non-finite values (NaN or inf)."
            )
    problem = _label_problem(y)
    if problem:
        raise ValueError(f"{path}: y {problem}.")
    return X, y


def load_odds(name, *, data_home=None, sklearn_labels=False, return_X_y=False):
    """Load a dataset of the ODDS library from its ``.mat`` file.

    ODDS (Outlier Detection DataSets, http://odds.cs.stonybrook.edu) ships each
    dataset as a MATLAB file holding ``X`` (n_samples, n_features) and ``y``
    (n_samples, 1) with 1 for an outlier. Nothing is downloaded: the files are
    read from a directory you name.

    Parameters
    ----------
    name : str or path-like
        A dataset name such as ``"cardio"``, read from ``<directory>/cardio.mat``,
        or the path of a ``.mat`` file. A bare file name such as ``"cardio.mat"``
        is looked for in the working directory, then in the data directory.

    data_home : str or path-like, default=None
        The directory that holds the ODDS files. By default the directory named by
        the environment variable ``SKMIMGAN_DATA``.

    sklearn_labels : bool, default=False
        If False, `target` is 1 for an outlier and 0 for an inlier, as in ODDS.
        If True, it is -1 for an outlier and +1 for an inlier, as scikit-learn's
        detectors predict (see :func:`odds_to_sklearn_labels`).

    return_X_y : bool, default=False
        If True, return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        Dictionary-like object with attributes:

        data : ndarray of shape (n_samples, n_features), dtype float64
            The samples.
        target : ndarray of shape (n_samples,), dtype int
            The labels, in the convention chosen by `sklearn_labels`.
        name : str
            The dataset's name (the file name without ``.mat``).
        filename : str
            The path of the file read.
        DESCR : str
            A one-line description.

    (data, target) : tuple if ``return_X_y`` is True

    Raises
    ------
    FileNotFoundError
        If the file is not found; the message lists every path looked in.
    ValueError
        If the file is not a readable MATLAB file, lacks ``X`` or ``y``, or holds
        mismatched lengths, non-numeric or non-finite values, or labels other
        than 0 and 1.

    Examples
    --------
    >>> from skmimgan.datasets import load_odds
    >>> cardio = load_odds("cardio", data_home="data/odds")  # doctest: +SKIP
    >>> cardio.data.shape, int(cardio.target.sum())  # doctest: +SKIP
    ((1831, 21), 176)
    >>> X, y = load_odds("cardio", data_home="data/odds", sklearn_labels=True,
    ...                  return_X_y=True)  # doctest: +SKIP
    """
    candidates, directory = _odds_candidates(name, data_home)
    path = next((path for path in candidates if path.is_file()), None)
    if path is None:
        raise _not_found(name, candidates, directory)
    X, y = _read_odds(path)

    if sklearn_labels:
        target, convention = odds_to_sklearn_labels(y), "-1 = outlier, +1 = inlier"
    else:
        target, convention = y.astype(int), "1 = outlier, 0 = inlier (ODDS)"
    if return_X_y:
        return X, target

    n_samples, n_features = X.shape
    n_outliers = np.count_nonzero(y)
    description = (
        f"ODDS dataset {path.stem}: {n_samples} samples, {n_features} features, "
        f"{n_outliers} outliers ({100 * n_outliers / n_samples:.1f} %); "
        f"target {convention}; read from {path}."
    )
    return Bunch(
        data=X, target=target, name=path.stem, filename=str(path), DESCR=description
    )


def load_digits_protocol(
    *, rare_digit=0, outlier_fraction=0.1, n_splits=3, random_state=None
):
    """Load the digits with one digit as the rare class, and CV folds for it.

    The paper's MNIST protocol in miniature, on :func:`sklearn.datasets.load_digits`
    (nothing is downloaded): the rare digit is the outlier class. It is left out of
    every training fold, and each test fold mixes it in so that it makes up
    `outlier_fraction` of that fold.

    The normal rows (the other nine digits) are split into `n_splits` folds with
    ``KFold(n_splits, shuffle=True)``. For each fold, train is the normal rows of
    the other folds; test is the normal rows of the fold plus
    ``round(outlier_fraction * n_normal_test / (1 - outlier_fraction))`` rows of the
    rare digit, drawn for that fold. The rare digit is never trained on, so one
    rare row may appear in several test folds without any leak.

    Why the rare digit is not simply mixed into the training data at 10 %: every
    digit is then about 10 % of the data, the "rare" one is no rarer than the
    others, and no detector can find it (on digits, rare digit 0, IsolationForest
    and LocalOutlierFactor reach 0.44 and 0.48 ROC AUC, at or below chance).

    Parameters
    ----------
    rare_digit : int, default=0
        The digit, 0 to 9, that plays the outlier class.

    outlier_fraction : float, default=0.1
        The share of rare-digit rows in each test fold, in (0, 0.5]; the paper
        uses 10 %.

    n_splits : int, default=3
        The number of folds, at least 2.

    random_state : int, RandomState instance or None, default=None
        Seeds the fold split and the choice of rare rows. Pass an int for the same
        folds on every call.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        Dictionary-like object with attributes:

        data : ndarray of shape (n_samples, 64), dtype float64
            The 8x8 images of every row used by some fold (all normal rows and
            the rare rows chosen for the test folds).
        target : ndarray of shape (n_samples,), dtype int
            -1 for the rare digit (outlier), +1 otherwise: scikit-learn's labels.
        digit : ndarray of shape (n_samples,), dtype int
            The digit each row shows.
        cv : list of (train, test) pairs of index arrays into `data`
            Pass as ``cv=`` to :func:`~sklearn.model_selection.cross_val_score`.
        rare_digit : int
            The rare digit.
        DESCR : str
            A one-line description.

    Raises
    ------
    ValueError
        If an argument is out of range, if the rare digit has too few rows for
        a test fold's share, or if a test fold would get no rare row.

    Examples
    --------
    >>> from sklearn.ensemble import IsolationForest
    >>> from sklearn.model_selection import cross_val_score
    >>> from skmimgan.datasets import load_digits_protocol
    >>> digits = load_digits_protocol(rare_digit=0, random_state=0)
    >>> scores = cross_val_score(IsolationForest(random_state=0), digits.data,
    ...                          digits.target, cv=digits.cv, scoring="roc_auc")
    >>> scores.shape
    (3,)
    """
    if not _is_int(rare_digit) or not 0 <= rare_digit <= 9:
        raise ValueError(f"rare_digit must be an int in 0..9, got {rare_digit!r}.")
    if not _is_real(outlier_fraction) or not 0 < outlier_fraction <= 0.5:
        raise ValueError(
            f"outlier_fraction must be a number in (0, 0.5], got {outlier_fraction!r}."
        )
    if not _is_int(n_splits) or n_splits < 2:
        raise ValueError(f"n_splits must be an int >= 2, got {n_splits!r}.")

    X, digit = load_digits(return_X_y=True)
    rng = check_random_state(random_state)
    normal = np.flatnonzero(digit != rare_digit)
    rare = np.flatnonzero(digit == rare_digit)
    folds = list(KFold(n_splits, shuffle=True, random_state=rng).split(normal))
    n_normal_test = np.array([len(test) for _, test in folds])
    n_rare = np.rint(
        outlier_fraction * n_normal_test / (1 - outlier_fraction)
    ).astype(int)
    if n_rare.min() == 0:
        raise ValueError(
            f"outlier_fraction={outlier_fraction} leaves a test fold of "
            f"{n_normal_test.min()} normal rows with no row of digit {rare_digit}; "
            "raise outlier_fraction or lower n_splits."
        )
    if n_rare.max() > len(rare):
        most = np.floor(1000 * len(rare) / (len(rare) + n_normal_test.max())) / 1000
        raise ValueError(
            f"Not enough rows of digit {rare_digit} for a test fold at "
            f"outlier_fraction={outlier_fraction}: a fold needs {n_rare.max()} rows "
            f"and load_digits has {len(rare)}. Lower outlier_fraction to about "
            f"{most} or less, or raise n_splits."
        )

    # Rare rows are never trained on, so each test fold draws its own: a rare
    # row may serve several folds without leaking into any training fold.
    rare_per_fold = [rng.choice(rare, size=k, replace=False) for k in n_rare]
    used = np.union1d(normal, np.concatenate(rare_per_fold))
    position = np.zeros(len(digit), dtype=np.intp)
    position[used] = np.arange(len(used))
    cv = [
        (position[normal[train]], np.sort(position[np.r_[normal[test], extra]]))
        for (train, test), extra in zip(folds, rare_per_fold)
    ]

    digit = digit[used]
    description = (
        f"load_digits with digit {rare_digit} as the rare class: {n_splits} folds, "
        f"each trained on the other digits only and tested with digit {rare_digit} "
        f"making up {outlier_fraction:.0%} of the test rows; target -1 = digit "
        f"{rare_digit} (outlier), +1 = other digits."
    )
    return Bunch(
        data=X[used].astype(np.float64),
        target=np.where(digit == rare_digit, -1, 1),
        digit=digit,
        cv=cv,
        rare_digit=int(rare_digit),
        DESCR=description,
    )


def make_gaussian(n_samples=16000, *, mean=4.0, std=1.25, random_state=None):
    """Sample the paper's one-dimensional Gaussian N(4, 1.25).

    The paper trains GANs on these samples to compare the training curves of the
    objectives (its Figure 1). 1.25 is the standard deviation sigma, not the
    variance.

    Parameters
    ----------
    n_samples : int, default=16000
        The number of samples.

    mean : float, default=4.0
        The mean.

    std : float, default=1.25
        The standard deviation (sigma), positive.

    random_state : int, RandomState instance or None, default=None
        Seeds the draw. Pass an int for the same samples on every call.

    Returns
    -------
    X : ndarray of shape (n_samples, 1), dtype float64
        The samples, as one feature column.

    Examples
    --------
    >>> from skmimgan.datasets import make_gaussian
    >>> X = make_gaussian(1000, random_state=0)
    >>> X.shape
    (1000, 1)
    """
    if not _is_int(n_samples) or n_samples < 1:
        raise ValueError(f"n_samples must be an int >= 1, got {n_samples!r}.")
    if not _is_real(std) or not std > 0:
        raise ValueError(f"std must be a positive number, got {std!r}.")
    rng = check_random_state(random_state)
    return rng.normal(mean, std, size=(n_samples, 1))
