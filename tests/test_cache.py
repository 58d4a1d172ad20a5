"""``memory``: trained networks are cached and reused across fits that differ
only in parameters acting at scoring time."""

import numpy as np
import pytest
from joblib import Memory
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from skmimgan import GANAnomalyDetector
from skmimgan import _training
from tiny_settings import TINY


@pytest.fixture
def trainings(monkeypatch):
    """Count the training runs (calls of the adversarial training loop)."""
    calls = []
    train_gan = _training.train_gan

    def counted(*args, **kwargs):
        calls.append(kwargs["epochs"])
        return train_gan(*args, **kwargs)

    monkeypatch.setattr(_training, "train_gan", counted)
    return calls


@pytest.fixture(scope="module")
def data():
    rng = np.random.RandomState(0)
    return rng.normal(size=(120, 3)), rng.normal(size=(20, 3))


def _mean_score(estimator, X, y=None):
    return float(estimator.score_samples(X).mean())


def _cache_entries(path):
    return sorted(p.parent.name for p in path.rglob("output.pkl"))


def test_grid_search_trains_once_per_fold(tmp_path, data, trainings):
    X, _ = data
    grid = {
        "gan__lam": [0.1, 0.5],
        "gan__eta": [0.05, 0.5],
        "gan__threshold": [None, 2.0],
    }
    cv = KFold(3, shuffle=True, random_state=0)

    def search(memory):
        pipe = Pipeline(
            [
                ("scale", StandardScaler()),
                ("gan", GANAnomalyDetector(**TINY, memory=memory)),
            ]
        )
        return GridSearchCV(pipe, grid, cv=cv, scoring=_mean_score).fit(X)

    uncached = search(None)
    # 8 candidates x 3 folds, plus the refit on all rows.
    assert len(trainings) == 8 * 3 + 1
    del trainings[:]
    cached = search(str(tmp_path))
    assert len(trainings) == 3 + 1
    assert len(_cache_entries(tmp_path)) == 4
    np.testing.assert_array_equal(
        cached.cv_results_["mean_test_score"], uncached.cv_results_["mean_test_score"]
    )
    # A second search finds every training in the cache.
    del trainings[:]
    search(Memory(str(tmp_path), verbose=0))
    assert trainings == []


def test_cached_fit_is_the_fit_it_replaces(tmp_path, data, trainings):
    X, X_test = data
    plain = GANAnomalyDetector(**TINY).fit(X)
    first = GANAnomalyDetector(**TINY, memory=tmp_path).fit(X)
    again = GANAnomalyDetector(**TINY, memory=tmp_path).fit(X)
    assert len(trainings) == 2
    for det in (first, again):
        np.testing.assert_array_equal(
            det.score_samples(X_test), plain.score_samples(X_test)
        )
        assert det.history_ == plain.history_
        assert det.n_iter_ == plain.n_iter_
        np.testing.assert_array_equal(det.latent_anchors_, plain.latent_anchors_)
    # Parameters that act only at scoring time share the cached networks.
    scoring_only = dict(
        lam=0.7,
        eta=0.3,
        threshold=1.5,
        latent_steps=3,
        latent_learning_rate=0.01,
        latent_tol=0.0,
        chunk_size=7,
        verbose=1,
    )
    for name, value in scoring_only.items():
        GANAnomalyDetector(**TINY, memory=tmp_path).set_params(**{name: value}).fit(X)
    assert len(trainings) == 2
    GANAnomalyDetector(**TINY, memory=tmp_path, contamination=0.3).fit(X)
    assert len(trainings) == 2


@pytest.mark.parametrize(
    "change",
    [
        {"loss": "kl"},
        {"latent_dim": 4},
        {"hidden_layer_sizes": (9,)},
        {"epochs": 3},
        {"batch_size": 17},
        {"learning_rate": 2e-3},
        {"random_state": 1},
        {"dtype": "float64"},
    ],
)
def test_every_training_parameter_is_in_the_key(tmp_path, data, trainings, change):
    X, _ = data
    GANAnomalyDetector(**TINY, memory=tmp_path).fit(X)
    GANAnomalyDetector(**{**TINY, **change}, memory=tmp_path).fit(X)
    assert len(trainings) == 2


def test_the_data_and_its_scaling_are_in_the_key(tmp_path, data, trainings):
    X, _ = data
    GANAnomalyDetector(**TINY, memory=tmp_path).fit(X)
    GANAnomalyDetector(**TINY, memory=tmp_path).fit(X[:-1])
    GANAnomalyDetector(**TINY, memory=tmp_path).fit(X + 1e-9)
    assert len(trainings) == 3
    # A power-of-two rescaling leaves the scaled data, hence the key, as they were.
    GANAnomalyDetector(**TINY, memory=tmp_path).fit(X * 4.0)
    assert len(trainings) == 3


@pytest.mark.parametrize("random_state", [None, np.random.RandomState(0)])
def test_uncacheable_random_state_trains_without_caching(
    tmp_path, data, trainings, random_state
):
    X, _ = data
    for _ in range(2):
        GANAnomalyDetector(
            **{**TINY, "random_state": random_state}, memory=tmp_path
        ).fit(X)
    assert len(trainings) == 2
    assert _cache_entries(tmp_path) == []


def test_interrupted_fit_caches_nothing(tmp_path, data, monkeypatch):
    X, X_test = data

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    train_gan = _training.train_gan
    monkeypatch.setattr(_training, "train_gan", interrupt)
    det = GANAnomalyDetector(**TINY, memory=tmp_path)
    with pytest.raises(KeyboardInterrupt):
        det.fit(X)
    assert not any(k.endswith("_") for k in vars(det))
    assert _cache_entries(tmp_path) == []
    monkeypatch.setattr(_training, "train_gan", train_gan)
    np.testing.assert_array_equal(
        det.fit(X).score_samples(X_test),
        GANAnomalyDetector(**TINY).fit(X).score_samples(X_test),
    )


def test_memory_is_validated(data):
    with pytest.raises(ValueError, match="'memory' parameter"):
        GANAnomalyDetector(**TINY, memory=42).fit(data[0])
