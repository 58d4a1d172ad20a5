"""The paper's theory, computed: optimal discriminators, the value of the MIM game,
and the weight of a rare event in the objectives.

Every function works on discrete distributions given as arrays of probabilities
(or on densities evaluated at the same points), so each fact of the paper can be
checked numerically and plotted:

- Lemma 1: for a fixed generator the MIM-optimal discriminator is
  ``D*(x) = 1/2 + 1/2 ln(P(x) / P_g(x))`` (:func:`optimal_discriminator`).
- Proposition 1: at that discriminator the MIM objective equals
  ``2 sqrt(e) BC(P, P_g)``, where ``BC`` is the Bhattacharyya coefficient; it is
  ``2 sqrt(e)`` exactly when ``P = P_g`` and smaller otherwise
  (:func:`mim_objective_at_optimum`, :func:`bhattacharyya_coefficient`,
  :func:`renyi_divergence`).
- Proposition 4 / Corollary 2: a rare event weighs more in the MIM objective than
  in the original GAN's (:func:`rare_event_share`).

The objectives themselves are not restated here: every evaluation goes through the
loss objects of the estimator (``skmimgan._losses``), so these checks test the code
that trains the networks.

References
----------
R. She and P. Fan, "MIM-Based GAN: Information Metric to Amplify Small Probability
Events Importance in Generative Adversarial Networks", arXiv:2003.11285.
"""

import math

import numpy as np
import torch

from ._losses import get_loss

__all__ = [
    "bhattacharyya_coefficient",
    "mim_objective_at_optimum",
    "optimal_discriminator",
    "pointwise_discriminator_objective",
    "rare_event_share",
    "renyi_divergence",
]

SQRT_E = math.sqrt(math.e)
_SHARE_LOSSES = ("kl", "mim")


def _distribution(p, name):
    p = np.asarray(p, dtype=np.float64)
    if p.ndim != 1 or p.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array, got shape {p.shape}.")
    if not np.all(np.isfinite(p)) or np.any(p < 0):
        raise ValueError(f"{name} must hold finite non-negative probabilities.")
    if not math.isclose(p.sum(), 1.0, rel_tol=0, abs_tol=1e-9):
        raise ValueError(f"{name} must sum to 1, sums to {p.sum()!r}.")
    return p


def _pair(p_data, p_gen):
    p_data = _distribution(p_data, "p_data")
    p_gen = _distribution(p_gen, "p_gen")
    if p_data.shape != p_gen.shape:
        raise ValueError(
            f"p_data and p_gen must have the same length, got {p_data.size} "
            f"and {p_gen.size}."
        )
    return p_data, p_gen


def optimal_discriminator(loss, p_data, p_gen):
    """The discriminator that is optimal for a fixed generator.

    For ``loss="mim"`` this is Lemma 1 of the paper,

    .. math:: D^*(x) = \\frac{1}{2} + \\frac{1}{2} \\ln \\frac{P(x)}{P_g(x)},

    the point-wise minimiser over ``D`` of
    ``P(x) exp(1 - D) + P_g(x) exp(D)``. It lies in (0, 1) only where
    ``1/e < P(x) / P_g(x) < e``; elsewhere a discriminator confined to (0, 1)
    (a sigmoid output) stops at the boundary. For ``"kl"`` and ``"ls"`` the
    optimum is ``P(x) / (P(x) + P_g(x))``.

    Parameters
    ----------
    loss : {"mim", "kl", "ls"}
        The objective, by the name the estimator uses. ``"w"`` (Wasserstein) has
        no point-wise optimal critic and raises.
    p_data, p_gen : array-like of float
        The densities (or probabilities) of the data and of the generator at the
        same points, positive.

    Returns
    -------
    d_star : ndarray of float64
        ``D*(x)`` at every point. The formula is delegated to the loss object
        the estimator trains with.

    Raises
    ------
    ValueError
        For an unknown loss, for ``"w"``, or for non-positive densities.

    Examples
    --------
    >>> from skmimgan.theory import optimal_discriminator
    >>> optimal_discriminator("mim", [0.5, 0.2], [0.5, 0.2]).tolist()
    [0.5, 0.5]
    """
    objective = get_loss(loss)
    p_data = np.asarray(p_data, dtype=np.float64)
    p_gen = np.asarray(p_gen, dtype=np.float64)
    if np.any(~(p_data > 0)) or np.any(~(p_gen > 0)):
        raise ValueError("p_data and p_gen must be positive densities.")
    d_star = objective.optimal_discriminator(
        torch.from_numpy(p_data), torch.from_numpy(p_gen)
    )
    if d_star is None:
        raise ValueError(
            f"loss={loss!r} has no closed-form optimal discriminator; "
            "use 'mim', 'kl' or 'ls'."
        )
    return d_star.numpy()


def pointwise_discriminator_objective(loss, d, p_data, p_gen):
    """What the discriminator minimises at one point, as a function of its output.

    For the game ``E_P[f(D(x))] + E_{P_g}[g(D(x))]`` the discriminator's
    objective decomposes over points ``x`` into
    ``P(x) f(D(x)) + P_g(x) g(D(x))``. This returns that quantity minus its
    value at ``D = 1/2``, evaluated through the estimator's loss object (the
    subtracted constant does not move the minimiser). A numeric minimisation of
    it over ``d`` recovers :func:`optimal_discriminator`.

    Parameters
    ----------
    loss : {"mim", "kl", "ls"}
        The objective.
    d : float or array-like of float in (0, 1)
        Discriminator outputs ``D(x)``.
    p_data, p_gen : float or array-like of float
        ``P(x)`` and ``P_g(x)``, broadcast against `d`.

    Returns
    -------
    value : ndarray of float64
        ``P f(d) + P_g g(d) - (P f(1/2) + P_g g(1/2))``.

    Notes
    -----
    The loss objects take the discriminator's logit ``l`` (``D = sigmoid(l)``)
    and return ``mean f(l_real) + mean g(l_fake)``. With single values,
    ``V(a, b) = f(a) + g(b)``, so
    ``P V(l, 0) + P_g V(0, l) - (P + P_g) V(0, 0)``, which equals
    ``P f(l) + P_g g(l) - P f(0) - P_g g(0)``.
    """
    objective = get_loss(loss)
    if objective.optimal_discriminator(torch.tensor(0.5), torch.tensor(0.5)) is None:
        raise ValueError(f"loss={loss!r} has no point-wise discriminator objective.")
    d, p_data, p_gen = np.broadcast_arrays(
        np.asarray(d, dtype=np.float64),
        np.asarray(p_data, dtype=np.float64),
        np.asarray(p_gen, dtype=np.float64),
    )
    if np.any(~((d > 0) & (d < 1))):
        raise ValueError("d must lie strictly between 0 and 1.")
    logits = torch.logit(torch.from_numpy(np.array(d))).reshape(-1, 1)
    zeros = torch.zeros_like(logits)
    # The loss object scores one (real, fake) pair of single logits at a time,
    # vectorised over all points.
    value = torch.func.vmap(objective._discriminator_objective)
    p, q = (torch.from_numpy(np.array(a)).reshape(-1) for a in (p_data, p_gen))
    total = p * value(logits, zeros) + q * value(zeros, logits)
    total = total - (p + q) * value(zeros, zeros)
    return total.numpy().reshape(d.shape)


def bhattacharyya_coefficient(p, q):
    """The Bhattacharyya coefficient ``BC(P, Q) = sum_x sqrt(P(x) Q(x))``.

    It is 1 exactly when ``P = Q`` and smaller otherwise (Cauchy-Schwarz).

    Parameters
    ----------
    p, q : array-like of float
        Two discrete distributions on the same points (non-negative, summing
        to 1).

    Returns
    -------
    bc : float
        The coefficient, in [0, 1].

    Examples
    --------
    >>> from skmimgan.theory import bhattacharyya_coefficient
    >>> bhattacharyya_coefficient([0.5, 0.5], [0.5, 0.5])
    1.0
    """
    p, q = _pair(p, q)
    return float(np.sqrt(p * q).sum())


def renyi_divergence(p, q, alpha=0.5):
    """The Renyi divergence of order `alpha`, in nats.

    .. math:: D_\\alpha(P \\| Q) = \\frac{1}{\\alpha - 1}
              \\ln \\sum_x P(x)^\\alpha Q(x)^{1 - \\alpha}

    At ``alpha = 1/2``, ``D_{1/2} = -2 ln BC(P, Q)``, which links Proposition 1
    to a divergence (the paper's Eq. 9): the MIM objective at the optimal
    discriminator is ``2 sqrt(e) exp(-D_{1/2}(P || P_g) / 2)``.

    Parameters
    ----------
    p, q : array-like of float
        Two discrete distributions on the same points.
    alpha : float, default=0.5
        The order, positive and not 1.

    Returns
    -------
    divergence : float
        Non-negative; 0 exactly when ``P = Q``; ``inf`` when the supports do not
        overlap.
    """
    if not alpha > 0 or alpha == 1:
        raise ValueError(f"alpha must be positive and not 1, got {alpha!r}.")
    p, q = _pair(p, q)
    with np.errstate(divide="ignore"):
        total = np.sum(np.where(p > 0, p**alpha * q ** (1.0 - alpha), 0.0))
    if not total > 0:
        return math.inf
    return float(max(math.log(total) / (alpha - 1.0), 0.0))


def mim_objective_at_optimum(p_data, p_gen):
    """The MIM objective at the optimal discriminator (Proposition 1).

    With Lemma 1's ``D*``, the discriminator's objective
    ``L = E_P[exp(1 - D*(x))] + E_{P_g}[exp(D*(x))]`` becomes

    .. math:: L_{MIM} = \\sqrt{e} \\left( E_P\\left[(P/P_g)^{-1/2}\\right]
              + E_{P_g}\\left[(P_g/P)^{-1/2}\\right] \\right)
              = 2 \\sqrt{e} \\, BC(P, P_g),

    which equals ``2 sqrt(e)`` exactly when ``P = P_g`` and is smaller for every
    other ``P_g``: the generator's best reply to the best discriminator is the
    data distribution.

    The value is computed from its definition, ``D*`` from the loss object and
    the two expectations summed, not from the closed form, so comparing it with
    ``2 * sqrt(e) * bhattacharyya_coefficient(p_data, p_gen)`` checks the
    proposition.

    Parameters
    ----------
    p_data, p_gen : array-like of float
        Two discrete distributions on the same points (non-negative, summing
        to 1). A point where one of them is zero contributes its limit, 0.

    Returns
    -------
    value : float
        ``L_MIM`` at ``D*``, in (0, 2 sqrt(e)].

    Examples
    --------
    >>> import math
    >>> from skmimgan.theory import mim_objective_at_optimum
    >>> p = [0.1, 0.2, 0.7]
    >>> math.isclose(mim_objective_at_optimum(p, p), 2 * math.sqrt(math.e))
    True
    """
    p_data, p_gen = _pair(p_data, p_gen)
    both = (p_data > 0) & (p_gen > 0)
    p, q = p_data[both], p_gen[both]
    d_star = optimal_discriminator("mim", p, q)
    return float(np.sum(p * np.exp(1.0 - d_star)) + np.sum(q * np.exp(d_star)))


def _game_terms(loss, p, q):
    """Per-point terms of the game's value at the optimal discriminator."""
    d_star = optimal_discriminator(loss, p, q)
    if loss == "mim":
        return p * np.exp(1.0 - d_star) + q * np.exp(d_star)
    return p * np.log(d_star) + q * np.log1p(-d_star)


def rare_event_share(loss, p, eps, gamma):
    """The share of a rare event in the value of the game (Proposition 4, Corollary 2).

    Take the binary data distribution ``P = {p, 1 - p}`` with a rare event of
    probability ``p`` and a generator that misses it slightly,
    ``P_g = {q, 1 - q}`` with ``q = p + eps p**gamma``. At the optimal
    discriminator the value of the game is a sum over the two events,
    ``L = l(rare) + l(common)``, and the share of the rare event is
    ``l(rare) / L``:

    - MIM (``loss="mim"``): ``l(x) = P(x) exp(1 - D*(x)) + P_g(x) exp(D*(x))
      = 2 sqrt(e) sqrt(P(x) P_g(x))``, so the share is
      ``sqrt(p q) / (sqrt(p q) + sqrt((1 - p)(1 - q)))``;
    - original GAN (``loss="kl"``): ``l(x) = P(x) ln D*(x) + P_g(x) ln(1 - D*(x))``
      with ``D* = P / (P + P_g)``, so the share is
      ``[p ln(p/(p+q)) + q ln(q/(p+q))] / L``.

    Both shares equal ``p`` when ``q = p`` (``eps = 0``). Whenever both ``p`` and
    ``q`` are at most 1/2 (the event is rare under both distributions) the MIM
    share is at least the KL share: the MIM objective gives the rare event more
    weight, the paper's argument that MIM-based GANs attend to small-probability
    events. The shares are computed exactly, not through the first-order
    expansions in ``eps``.

    Parameters
    ----------
    loss : {"mim", "kl"}
        The objective.
    p : float or array-like of float in (0, 1)
        Probability of the rare event under the data.
    eps : float or array-like of float
        Size of the generator's error on the rare event.
    gamma : float or array-like of float
        Order of the error: ``q - p = eps p**gamma``.

    Returns
    -------
    share : float or ndarray of float64
        ``l(rare) / L``, broadcast over the arguments.

    Raises
    ------
    ValueError
        If `loss` is not ``"mim"`` or ``"kl"``, or ``q`` falls outside (0, 1).

    Examples
    --------
    >>> from skmimgan.theory import rare_event_share
    >>> round(float(rare_event_share("mim", 0.01, 0.0, 1.0)), 6)
    0.01
    >>> mim = rare_event_share("mim", 0.01, 1.0, 1.0)
    >>> kl = rare_event_share("kl", 0.01, 1.0, 1.0)
    >>> bool(mim > kl)
    True
    """
    if loss not in _SHARE_LOSSES:
        raise ValueError(f"loss must be one of {list(_SHARE_LOSSES)}, got {loss!r}.")
    p, eps, gamma = np.broadcast_arrays(
        *(np.asarray(a, dtype=np.float64) for a in (p, eps, gamma))
    )
    if np.any(~((p > 0) & (p < 1))):
        raise ValueError("p must lie strictly between 0 and 1.")
    q = p + eps * p**gamma
    if np.any(~((q > 0) & (q < 1))):
        raise ValueError(
            "q = p + eps * p**gamma must lie strictly between 0 and 1; "
            "choose a smaller |eps|."
        )
    flat = [a.ravel() for a in (p, q)]
    rare = _game_terms(loss, flat[0], flat[1])
    common = _game_terms(loss, 1.0 - flat[0], 1.0 - flat[1])
    share = (rare / (rare + common)).reshape(p.shape)
    return share if share.ndim else float(share)
