"""The estimator's saved state: networks as plain arrays, checked on loading.

``GANAnomalyDetector.__getstate__`` replaces the two torch modules by lists of
NumPy arrays and adds a SHA-256 digest of every fitted array; ``__setstate__``
checks the digest and the shapes, then rebuilds the modules. The saved state
thus holds no torch object, so it loads on any machine and device (a model
trained on a GPU loads where there is none), and through skops' secure format
with a short list of trusted types.
"""

import hashlib

import numpy as np

from ._networks import network_to_arrays, networks_from_arrays

NETWORKS = ("generator_", "discriminator_")
DIGEST = "_fitted_digest"


class DamagedModelError(ValueError):
    """A saved model whose state is incomplete, inconsistent or modified."""


def _digest(state):
    """SHA-256 of the fitted arrays and numbers of a state with exported networks."""
    scaler = state["scaler_"]
    arrays = [
        *state["generator_"],
        *state["discriminator_"],
        state["latent_anchors_"],
        scaler.data_min_,
        scaler.scale_,
        np.array([state["offset_"], state["threshold_"]]),
    ]
    sha = hashlib.sha256()
    for array in arrays:
        array = np.ascontiguousarray(array, dtype="<f8")
        sha.update(repr(array.shape).encode())
        sha.update(array.tobytes())
    return sha.hexdigest()


def export_state(state):
    """The state to save: networks as arrays, plus the digest when fitted."""
    state = dict(state)
    if all(name in state for name in NETWORKS):
        for name in NETWORKS:
            state[name] = network_to_arrays(state[name])
        state[DIGEST] = _digest(state)
    return state


def _damaged(class_name, problem):
    return DamagedModelError(
        f"This saved {class_name} cannot be loaded: {problem}. The file is "
        "damaged or truncated, or was modified after it was saved."
    )


def import_state(state, class_name):
    """The state to load: checked, with the networks rebuilt as torch modules.

    Raises
    ------
    DamagedModelError
        When the fitted state is incomplete, its arrays differ from those the
        digest was taken of, or they do not fit together.
    """
    state = dict(state)
    digest = state.pop(DIGEST, None)
    present = [name for name in NETWORKS if name in state]
    if digest is None and not present:
        return state
    if digest is None or len(present) < len(NETWORKS):
        raise _damaged(class_name, "some of its fitted attributes are missing")
    try:
        if _digest(state) != digest:
            raise _damaged(class_name, "its fitted arrays differ from those saved")
        state["generator_"], state["discriminator_"] = networks_from_arrays(
            state["generator_"],
            state["discriminator_"],
            state["latent_anchors_"].shape[1],
            state["n_features_in_"],
        )
    except (KeyError, AttributeError, IndexError, TypeError, ValueError) as error:
        if isinstance(error, DamagedModelError):
            raise
        raise _damaged(
            class_name, f"its fitted attributes do not fit together ({error})"
        ) from error
    return state
