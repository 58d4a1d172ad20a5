"""The estimator: parameters, validation, and the fit / score / predict glue."""

import os
from numbers import Integral, Real

import numpy as np
import torch
from sklearn.base import BaseEstimator, OutlierMixin, _fit_context
from sklearn.preprocessing import MinMaxScaler
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval, Options, StrOptions
from sklearn.utils.validation import check_is_fitted, check_memory, validate_data

from ._losses import LOSSES
from ._networks import frozen_copy, networks_from_arrays
from ._persistence import export_state, import_state
from ._scoring import anomaly_scores, scale_rows
from ._training import fit_networks

# Latent anchors drawn at fit time; each row's search starts at the best one.
N_ANCHORS = 128


def _resolve_device(device):
    """The torch device to train on: ``"auto"`` picks CUDA when available."""
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if device == "cuda" and not torch.cuda.is_available():
        raise RuntimeError(
            "device='cuda' was requested but torch finds no CUDA device; "
            "use device='cpu' or device='auto'."
        )
    return torch.device(device)


def _scoring_device(device):
    """The device to score on: like ``_resolve_device``, but a model loaded on a
    machine without CUDA scores on the CPU instead of failing."""
    if device != "cpu" and torch.cuda.is_available():
        return torch.device("cuda")
    return torch.device("cpu")


class GANAnomalyDetector(OutlierMixin, BaseEstimator):
    """Outlier detection with a MIM-based generative adversarial network.

    A generator ``G`` and a discriminator ``D`` are trained against each other
    on the (mostly normal) training data. A new sample ``x`` is scored by how
    closely ``G`` can reproduce it and how real ``D`` finds it: a latent search
    finds ``z_opt = argmin_z J(x, z)`` with
    ``J(x, z) = (1 - lam) ||x - G(z)||_2 + lam Hce(D(G(z)), 1)`` and the anomaly
    score is ``S(x) = (1 - eta) J(x, z_opt) + eta Hce(D(x), 1)``; ``x`` is an
    outlier when ``S(x) > Gamma`` (She & Fan, Eq. 21-25).

    Parameters
    ----------
    loss : {"mim", "kl", "ls", "w"}, default="mim"
        The GAN objective: ``"mim"`` the Message Importance Measure objective of
        the paper, ``"kl"`` the original GAN (non-saturating generator loss),
        ``"ls"`` least squares, ``"w"`` Wasserstein with gradient penalty.
    lam : float in [0, 1], default=0.1
        The paper's lambda (Eq. 23): weight of the discriminator term in the
        latent objective ``J``.
    eta : float in [0, 1], default=0.05
        The paper's eta (Eq. 25): weight of the discriminator's verdict on
        ``x`` itself in the score ``S``.
    threshold : float, default=None
        The paper's Gamma (Eq. 21), in units of ``S``: a sample is an outlier
        when ``S(x) > threshold``. When None, Gamma is set from
        ``contamination``.
    contamination : float in (0, 0.5], default=0.1
        Fraction of training samples to flag as outliers when ``threshold`` is
        None; Gamma is then that percentile of the training scores.
    latent_dim : int, default=16
        Size of the latent code ``z``.
    hidden_layer_sizes : tuple of int, default=(256,)
        Widths of the hidden layers of both networks (leaky ReLU).
    epochs : int, default=100
        Passes over the training data.
    batch_size : int, default=64
        Rows per training step.
    learning_rate : float, default=1e-3
        Adam's step size for both networks.
    dtype : {"float32", "float64"}, default="float32"
        Precision the networks train in. Scoring always runs in float64 on
        float64 copies of the trained networks. Training in float64 is about
        twice as slow; it makes the networks depend smoothly on the training
        data (see Notes).
    latent_steps : int, default=100
        Budget of Adam steps of the latent search.
    latent_learning_rate : float, default=3e-3
        Adam's step size in the latent search.
    latent_tol : float, default=1e-5
        A row's latent search stops early once five successive steps each
        improved its ``J`` by no more than this.
    chunk_size : int, default=512
        Rows scored together. The memory scoring needs beyond its input and
        output grows with ``chunk_size`` (a few MiB at the default), not with
        the number of rows. On the CPU a few hundred rows are fastest: the
        activations of a chunk then stay in the processor's cache. On a GPU
        choose tens of thousands.
    memory : str, path-like, joblib.Memory or None, default=None
        Caches the trained networks, as ``memory`` does in
        :class:`sklearn.pipeline.Pipeline`: a directory or a
        ``joblib.Memory``. The cache key holds everything training depends
        on (the data after the internal scaling, ``loss``, ``latent_dim``,
        ``hidden_layer_sizes``, ``epochs``, ``batch_size``,
        ``learning_rate``, ``random_state``, ``dtype`` and the device), and
        none of the parameters that act only at scoring time (``lam``,
        ``eta``, ``threshold``, ``contamination``, ``latent_*``,
        ``chunk_size``), so a grid search over those trains once per fold.
        Only an integer ``random_state`` is cached: with None or a
        ``RandomState`` instance every fit draws new seeds and trains anew.
        A cached fit prints no per-epoch lines.
    device : {"cpu", "cuda", "auto"}, default="cpu"
        Where to train and score. ``"auto"`` uses CUDA when available. A
        fitted model always scores on the CPU where CUDA is not available.
    random_state : int, RandomState instance or None, default=None
        Seeds network initialisation, mini-batches, latent draws and anchors.
        The same value gives bit-identical scores on the CPU.
    verbose : int, default=0
        Print the losses of every epoch when positive.

    Attributes
    ----------
    offset_ : float
        ``-Gamma``; ``decision_function = score_samples - offset_``.
    threshold_ : float
        The Gamma in use, in units of ``S``.
    scaler_ : MinMaxScaler
        Maps the training data into the generator's output range [-1, 1].
    generator_ : torch.nn.Module
        The trained generator, a float64 CPU copy.
    discriminator_ : torch.nn.Module
        The trained discriminator (returns logits), a float64 CPU copy.
    latent_anchors_ : ndarray of shape (128, latent_dim)
        Latent start points of the latent search.
    history_ : dict of list of float
        Per-epoch mean ``"discriminator_loss"`` and ``"generator_loss"``.
    n_iter_ : int
        Number of epochs run.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during fit, when ``X`` has string column names.

    See Also
    --------
    sklearn.ensemble.IsolationForest : Isolation-based outlier detection.
    sklearn.neighbors.LocalOutlierFactor : Density-based outlier detection.

    Notes
    -----
    The residual in ``J`` is the plain Euclidean norm, which has no gradient
    where ``G(z) = x`` exactly; the latent search keeps the best code each row
    visits and stops a row once it no longer improves by more than
    ``latent_tol``, so results do not depend on rounding noise there.
    Networks train in ``dtype`` (float32 by default); the latent search and
    the scores run on float64 copies, so a row's score does not depend, beyond
    the last bits, on the rows scored beside it or on ``chunk_size``. A fitted
    model may score from several threads at once.

    The internal scaling maps every feature's training range onto [-1, 1] as
    ``(x - min) * 2 / (max - min) - 1``, so rescaling a feature by ``a > 0``
    and shifting it by ``b`` changes nothing in exact arithmetic. In floating
    point: when ``a`` is a power of two and ``a x + b`` is exact (data on a
    binary grid), scores are bit for bit the same; otherwise the scaled data
    differ by the rounding of ``a x + b``, which float32 training rounds away
    except where a value lies on a float32 rounding boundary (the runs then
    differ as any two GAN trainings do), and which with ``dtype="float64"``
    moves the scores by about the same tiny amount. A feature that is constant
    (``c``) in the training data has no range to learn a scale from: it is
    mapped by ``2 (x - c) - 1``, so rescaling it does change the scores.

    Pickled models hold the networks as plain arrays with a SHA-256 digest of
    the fitted arrays: they load on machines without a GPU, through skops'
    secure format trusting only ``skmimgan._detector.GANAnomalyDetector``, and a
    damaged or modified file fails to load with a ``ValueError``.

    References
    ----------
    R. She and P. Fan, "MIM-Based GAN: Information Metric to Amplify Small
    Probability Events Importance in Generative Adversarial Networks",
    arXiv:2003.11285.

    Examples
    --------
    >>> import numpy as np
    >>> from skmimgan import GANAnomalyDetector
    >>> X = np.random.RandomState(0).normal(size=(200, 2))
    >>> det = GANAnomalyDetector(epochs=5, random_state=0).fit(X)
    >>> det.predict([[0.0, 0.0], [8.0, 8.0]])
    array([ 1, -1])
    """

    _parameter_constraints: dict = {
        "loss": [StrOptions(set(LOSSES))],
        "lam": [Interval(Real, 0, 1, closed="both")],
        "eta": [Interval(Real, 0, 1, closed="both")],
        "threshold": [Interval(Real, None, None, closed="neither"), None],
        "contamination": [Interval(Real, 0, 0.5, closed="right")],
        "latent_dim": [Interval(Integral, 1, None, closed="left")],
        "hidden_layer_sizes": ["array-like"],
        "epochs": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "dtype": [
            StrOptions({"float32", "float64"}),
            Options(type, {np.float32, np.float64}),
        ],
        "latent_steps": [Interval(Integral, 0, None, closed="left")],
        "latent_learning_rate": [Interval(Real, 0, None, closed="neither")],
        "latent_tol": [Interval(Real, 0, None, closed="left")],
        "chunk_size": [Interval(Integral, 1, None, closed="left")],
        "memory": [None, str, os.PathLike, HasMethods(["cache"])],
        "device": [StrOptions({"cpu", "cuda", "auto"})],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        *,
        loss="mim",
        lam=0.1,
        eta=0.05,
        threshold=None,
        contamination=0.1,
        latent_dim=16,
        hidden_layer_sizes=(256,),
        epochs=100,
        batch_size=64,
        learning_rate=1e-3,
        dtype="float32",
        latent_steps=100,
        latent_learning_rate=3e-3,
        latent_tol=1e-5,
        chunk_size=512,
        memory=None,
        device="cpu",
        random_state=None,
        verbose=0,
    ):
        self.loss = loss
        self.lam = lam
        self.eta = eta
        self.threshold = threshold
        self.contamination = contamination
        self.latent_dim = latent_dim
        self.hidden_layer_sizes = hidden_layer_sizes
        self.epochs = epochs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.dtype = dtype
        self.latent_steps = latent_steps
        self.latent_learning_rate = latent_learning_rate
        self.latent_tol = latent_tol
        self.chunk_size = chunk_size
        self.memory = memory
        self.device = device
        self.random_state = random_state
        self.verbose = verbose

    def _validated_hidden_layer_sizes(self):
        sizes = np.atleast_1d(np.asarray(self.hidden_layer_sizes))
        if sizes.ndim != 1 or not all(
            isinstance(s, Integral) and s >= 1 for s in sizes.tolist()
        ):
            raise ValueError(
                "hidden_layer_sizes must be a sequence of positive integers, "
                f"got {self.hidden_layer_sizes!r}."
            )
        return tuple(int(s) for s in sizes)

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Train the GAN on ``X`` and set the threshold Gamma.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data, mostly normal. Any scale: it is mapped into the
            generator's output range internally.
        y : Ignored
            Not used, present for API consistency by convention.

        Returns
        -------
        self : object
            Fitted estimator.
        """
        saved = {k: v for k, v in vars(self).items() if k.endswith("_")}
        try:
            return self._fit(X)
        except BaseException:
            # A failed or interrupted fit leaves the estimator as it was.
            for name in [k for k in vars(self) if k.endswith("_")]:
                delattr(self, name)
            vars(self).update(saved)
            raise

    def _fit(self, X):
        X = validate_data(self, X, dtype=np.float64)
        hidden = self._validated_hidden_layer_sizes()
        device = _resolve_device(self.device)
        rng = check_random_state(self.random_state)
        seeds = tuple(int(s) for s in rng.randint(np.iinfo(np.int32).max, size=2))

        with np.errstate(over="ignore"):
            scaler = MinMaxScaler(feature_range=(-1, 1)).fit(X)
        train = fit_networks
        if isinstance(self.random_state, Integral):
            memory = self.memory
            if isinstance(memory, os.PathLike):
                memory = os.fspath(memory)
            train = check_memory(memory).cache(fit_networks, ignore=["verbose"])
        fitted = train(
            scale_rows(X, scaler.data_min_, scaler.scale_),
            loss=self.loss,
            latent_dim=self.latent_dim,
            hidden_layer_sizes=hidden,
            epochs=self.epochs,
            batch_size=self.batch_size,
            learning_rate=self.learning_rate,
            seeds=seeds,
            dtype=np.dtype(self.dtype).name,
            device=str(device),
            n_anchors=N_ANCHORS,
            verbose=self.verbose,
        )
        generator, discriminator = networks_from_arrays(
            fitted["generator"], fitted["discriminator"], self.latent_dim, X.shape[1]
        )
        anchors = np.array(fitted["anchors"], dtype=np.float64)

        if self.threshold is None:
            train_scores = -self._anomaly_scores(
                X, scaler, generator, discriminator, torch.from_numpy(anchors)
            )
            offset = float(np.percentile(train_scores, 100.0 * self.contamination))
        else:
            offset = -float(self.threshold)

        history = {key: list(values) for key, values in fitted["history"].items()}
        # One update, so that an interrupt cannot land between two attributes.
        vars(self).update(
            scaler_=scaler,
            generator_=generator,
            discriminator_=discriminator,
            latent_anchors_=anchors,
            history_=history,
            n_iter_=len(history["generator_loss"]),
            offset_=offset,
            threshold_=-offset,
        )
        return self

    def _anomaly_scores(self, X, scaler, generator, discriminator, anchors):
        data_min, scale = scaler.data_min_, scaler.scale_
        return anomaly_scores(
            X,
            generator,
            discriminator,
            anchors,
            lam=self.lam,
            eta=self.eta,
            latent_steps=self.latent_steps,
            latent_learning_rate=self.latent_learning_rate,
            latent_tol=self.latent_tol,
            chunk_size=self.chunk_size,
            transform=lambda rows: scale_rows(rows, data_min, scale),
        )

    def score_samples(self, X):
        """Opposite of the anomaly score, ``-S(x)``: the higher, the more normal.

        Rows are scored ``chunk_size`` at a time, so memory use beyond ``X``
        and the result does not grow with the number of rows.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The samples to score.

        Returns
        -------
        scores : ndarray of shape (n_samples,), float64
            ``-S(x)`` for every row.
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        device = _scoring_device(self.device)
        generator, discriminator = self.generator_, self.discriminator_
        if device.type != "cpu":
            generator = frozen_copy(generator, device=device)
            discriminator = frozen_copy(discriminator, device=device)
        return -self._anomaly_scores(
            X,
            self.scaler_,
            generator,
            discriminator,
            # A copy: a model loaded with mmap_mode="r" holds read-only arrays.
            torch.tensor(self.latent_anchors_, dtype=torch.float64, device=device),
        )

    def decision_function(self, X):
        """``score_samples(X) - offset_``: negative for outliers.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The samples to score.

        Returns
        -------
        decision : ndarray of shape (n_samples,), float64
            ``Gamma - S(x)``; below zero means outlier.
        """
        return self.score_samples(X) - self.offset_

    def predict(self, X):
        """Label each sample: -1 for outliers (``S(x) > Gamma``), +1 for inliers.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The samples to label.

        Returns
        -------
        labels : ndarray of shape (n_samples,), int
            -1 for outliers, +1 for inliers.
        """
        decision = self.decision_function(X)
        return np.where(decision < 0, -1, 1)

    def __getstate__(self):
        # The networks travel as plain arrays with a digest: no torch object,
        # no device, and nothing skops would have to trust beyond this class.
        return export_state(super().__getstate__())

    def __setstate__(self, state):
        super().__setstate__(import_state(state, type(self).__name__))
