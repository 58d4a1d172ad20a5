"""Property tests: what must hold for any input, not only for the examples."""

import copy
import pickle

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from skmimgan import GANAnomalyDetector
from skmimgan._scoring import scale_rows
from tiny_settings import TINY

N_FEATURES = 3
EPS = np.finfo(np.float64).eps

# Every fit inside a property costs a few tens of milliseconds: keep the
# example counts small so that the suite stays fast.
few = settings(max_examples=10, deadline=None)
some = settings(max_examples=25, deadline=None)

finite = st.floats(allow_nan=False, allow_infinity=False)
moderate = st.floats(-1e3, 1e3, allow_nan=False)


def rows(elements, n_features=N_FEATURES, min_rows=1, max_rows=12):
    return arrays(
        np.float64,
        st.tuples(st.integers(min_rows, max_rows), st.just(n_features)),
        elements=elements,
    )


@pytest.fixture(scope="module")
def fitted():
    rng = np.random.RandomState(0)
    X = np.r_[
        rng.normal(size=(200, N_FEATURES)), rng.normal(loc=5, size=(10, N_FEATURES))
    ]
    return GANAnomalyDetector(**{**TINY, "latent_steps": 20}).fit(X)


@some
@given(X=rows(finite))
def test_finite_scores_for_any_finite_input(fitted, X):
    scores = fitted.score_samples(X)
    decision = fitted.decision_function(X)
    assert scores.dtype == np.float64 and np.all(np.isfinite(scores))
    assert np.all(np.isfinite(decision))
    assert set(np.unique(fitted.predict(X))) <= {-1, 1}


@few
@given(
    X=rows(finite, n_features=2, min_rows=2, max_rows=30),
    X_new=rows(finite, n_features=2),
)
def test_training_on_any_finite_data_gives_finite_scores(X, X_new):
    det = GANAnomalyDetector(**{**TINY, "epochs": 1}).fit(X)
    assert np.isfinite(det.threshold_)
    for key in ("discriminator_loss", "generator_loss"):
        assert np.all(np.isfinite(det.history_[key]))
    assert np.all(np.isfinite(det.score_samples(np.r_[X, X_new])))


@some
@given(X=rows(moderate, min_rows=2, max_rows=40), data=st.data())
def test_scores_do_not_depend_on_row_order_or_chunk_size(fitted, X, data):
    scores = fitted.score_samples(X)
    order = np.array(data.draw(st.permutations(range(len(X)))))
    chunk_size = data.draw(st.integers(1, len(X)))
    other = copy.copy(fitted).set_params(chunk_size=chunk_size)
    # Batched float64 matrix products differ with the batch in the last bit.
    np.testing.assert_allclose(
        other.score_samples(X[order]), scores[order], rtol=0, atol=1e-12
    )


@some
@given(X=rows(finite))
def test_predict_agrees_with_decision_function(fitted, X):
    decision = fitted.decision_function(X)
    np.testing.assert_array_equal(decision, fitted.score_samples(X) - fitted.offset_)
    np.testing.assert_array_equal(fitted.predict(X), np.where(decision < 0, -1, 1))


@some
@given(X=rows(finite))
def test_pickle_round_trip_gives_identical_scores(fitted, X):
    loaded = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(loaded.score_samples(X), fitted.score_samples(X))
    assert loaded.get_params() == fitted.get_params()


# Rescaling and shifting the features. The internal scaling computes
# (x - min) * 2 / (max - min) - 1 per feature, which is invariant under
# x -> a x + b in exact arithmetic for every feature that varies in the
# training data (a constant feature has no range to learn a scale from). In
# floating point:
# - when a is a power of two and a x + b is computed without rounding, every
#   step of the scaling is exact: the scaled data, hence the training, the
#   networks and the scores are bit for bit the same, even in float32;
# - otherwise a x + b is rounded, so the scaled data differ by a few units in
#   the last place of the shifted values (bound below). Training in float32
#   rounds those tiny differences away except where a value lies on a float32
#   rounding boundary; there the two runs diverge like any two GAN trainings.
#   Training in float64 passes them on smoothly: the score differences are of
#   the same order as the differences of the scaled data.


def _grid_data(draw, n_rows):
    """Rows on the grid 2**-m with small integers: a x + b stays exact."""
    m = draw(st.integers(0, 10))
    ints = draw(
        arrays(np.int64, (n_rows, N_FEATURES), elements=st.integers(-1024, 1024))
    )
    assume(np.all(np.ptp(ints, axis=0) > 0))
    return ints / 2.0**m, m


@st.composite
def exact_affine_problem(draw):
    X, m = _grid_data(draw, 40)
    X_new = (
        draw(arrays(np.int64, (8, N_FEATURES), elements=st.integers(-3000, 3000)))
        / 2.0**m
    )
    k = np.array(
        draw(st.lists(st.integers(-10, 10), min_size=N_FEATURES, max_size=N_FEATURES))
    )
    c = np.array(
        draw(
            st.lists(
                st.integers(-(2**20), 2**20), min_size=N_FEATURES, max_size=N_FEATURES
            )
        )
    )
    return X, X_new, 2.0**k, c * 2.0 ** (k - m)


@few
@given(problem=exact_affine_problem())
def test_exact_rescale_and_shift_gives_identical_scores(problem):
    X, X_new, a, b = problem
    det = GANAnomalyDetector(**TINY).fit(X)
    moved = GANAnomalyDetector(**TINY).fit(X * a + b)
    np.testing.assert_array_equal(
        moved.score_samples(X_new * a + b), det.score_samples(X_new)
    )
    assert moved.threshold_ == det.threshold_


def _scaling_rounding_bound(X, X_new, a, b):
    """How far the scaled rows of ``a x + b`` may be from those of ``x``.

    First-order rounding analysis, ``eps`` per operation: computing
    ``a x + b`` and ``a min + b`` and subtracting them errs by ``e_shift``;
    the range ``a (max - min)`` errs by ``e_range``. The scaled value
    ``2 (x' - min') / range' - 1`` then errs by ``2 e_shift / range`` plus its
    own size times the range's relative error, plus a few roundings of its
    own; a factor 2 covers the second-order terms.
    """
    lo, hi = X.min(axis=0), X.max(axis=0)
    spread = a * (hi - lo)
    size = np.abs(2 * (X_new - lo) / (hi - lo)) + 1
    e_shift = EPS * (
        2 * (np.abs(a * X_new) + np.abs(a * lo) + 2 * np.abs(b))
        + np.abs(a * (X_new - lo))
    )
    e_range = EPS * (2 * (np.abs(a * hi) + np.abs(a * lo) + 2 * np.abs(b)) + spread)
    return 2 * (2 * e_shift / spread + size * (e_range / spread + 8 * EPS))


@few
@given(
    X=rows(st.floats(-100, 100), min_rows=20, max_rows=40).filter(
        lambda X: np.all(np.ptp(X, axis=0) > 1e-3)
    ),
    X_new=rows(st.floats(-200, 200)),
    a=arrays(np.float64, N_FEATURES, elements=st.floats(1e-2, 1e2)),
    b=arrays(np.float64, N_FEATURES, elements=st.floats(-1e2, 1e2)),
)
def test_rescale_and_shift_in_float64_moves_scores_by_rounding_only(X, X_new, a, b):
    det = GANAnomalyDetector(**TINY, dtype="float64").fit(X)
    moved = GANAnomalyDetector(**TINY, dtype="float64").fit(X * a + b)
    bound = _scaling_rounding_bound(X, X_new, a, b)
    scaled = scale_rows(X_new, det.scaler_.data_min_, det.scaler_.scale_)
    scaled_moved = scale_rows(
        X_new * a + b, moved.scaler_.data_min_, moved.scaler_.scale_
    )
    assert np.all(np.abs(scaled_moved - scaled) <= bound)
    # Measured: the scores move by at most a few times the largest change of
    # the scaled data (two fits of a network and a latent search, all
    # Lipschitz in their inputs). 1000 leaves room for larger networks' slopes.
    np.testing.assert_allclose(
        moved.score_samples(X_new * a + b),
        det.score_samples(X_new),
        rtol=0,
        atol=1000 * bound.max(),
    )
