"""Behaviour of GANAnomalyDetector as a scikit-learn outlier detector."""

import io
import pickle
import tracemalloc
from concurrent.futures import ThreadPoolExecutor

import joblib
import numpy as np
import pytest
import scipy.sparse as sp
import torch
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.metrics import f1_score, make_scorer
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from skmimgan import GANAnomalyDetector
from skmimgan import _detector, _training
from skmimgan._losses import KLLoss
from skmimgan.datasets import load_digits_protocol
from tiny_settings import FAST


@pytest.fixture(scope="module")
def blobs():
    """Normal rows around the origin; test rows with clear outliers at the end."""
    rng = np.random.RandomState(0)
    X_train = rng.normal(size=(300, 3))
    X_test = np.r_[rng.normal(size=(40, 3)), rng.normal(loc=6.0, size=(10, 3))]
    y_test = np.r_[np.ones(40, dtype=int), -np.ones(10, dtype=int)]
    return X_train, X_test, y_test


@pytest.fixture(scope="module")
def fitted(blobs):
    return GANAnomalyDetector(**FAST).fit(blobs[0])


def test_sign_conventions_and_dtypes(fitted, blobs):
    X_test = blobs[1]
    scores = fitted.score_samples(X_test)
    decision = fitted.decision_function(X_test)
    labels = fitted.predict(X_test)
    assert scores.dtype == np.float64 and decision.dtype == np.float64
    assert np.issubdtype(labels.dtype, np.integer)
    np.testing.assert_array_equal(decision, scores - fitted.offset_)
    assert fitted.offset_ == -fitted.threshold_
    # score_samples is -S, and S > 0 (a norm plus a positive cross-entropy).
    assert np.all(scores < 0)
    np.testing.assert_array_equal(labels, np.where(-scores > fitted.threshold_, -1, 1))
    assert set(np.unique(labels)) <= {-1, 1}


def test_finds_planted_outliers(fitted, blobs):
    _, X_test, y_test = blobs
    # Outliers six standard deviations out score below every inlier.
    scores = fitted.score_samples(X_test)
    assert scores[y_test == -1].max() < scores[y_test == 1].min()
    assert np.all(fitted.predict(X_test)[y_test == -1] == -1)


def test_contamination_sets_the_threshold(blobs):
    X_train = blobs[0]
    for contamination in (0.05, 0.2):
        det = GANAnomalyDetector(contamination=contamination, **FAST).fit(X_train)
        scores = det.score_samples(X_train)
        assert det.offset_ == np.percentile(scores, 100 * contamination)
        flagged = np.mean(det.predict(X_train) == -1)
        assert abs(flagged - contamination) <= 1 / len(X_train)


def test_threshold_overrides_contamination(fitted, blobs):
    X_train, X_test, _ = blobs
    S = -fitted.score_samples(X_test)
    gamma = float(np.median(S))
    det = GANAnomalyDetector(threshold=gamma, contamination=0.5, **FAST).fit(X_train)
    assert det.threshold_ == gamma and det.offset_ == -gamma
    # The networks are those of the contamination fit: same seed, same training.
    np.testing.assert_array_equal(det.score_samples(X_test), -S)
    np.testing.assert_array_equal(det.predict(X_test), np.where(S > gamma, -1, 1))


def test_same_random_state_gives_bit_identical_scores(fitted, blobs):
    X_train, X_test, _ = blobs
    again = GANAnomalyDetector(**FAST).fit(X_train)
    np.testing.assert_array_equal(
        again.score_samples(X_test), fitted.score_samples(X_test)
    )
    other = GANAnomalyDetector(**{**FAST, "random_state": 1}).fit(X_train)
    assert not np.array_equal(other.score_samples(X_test), fitted.score_samples(X_test))


def test_global_torch_rng_is_untouched(blobs):
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    GANAnomalyDetector(**FAST).fit(blobs[0])
    torch.testing.assert_close(torch.rand(3), expected)


def test_history_and_verbose(blobs, capsys):
    det = GANAnomalyDetector(**{**FAST, "epochs": 4, "verbose": 1}).fit(blobs[0])
    assert det.n_iter_ == 4
    for key in ("discriminator_loss", "generator_loss"):
        assert len(det.history_[key]) == 4
        assert np.all(np.isfinite(det.history_[key]))
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 4
    assert lines[-1].startswith("Epoch 4/4: discriminator loss")


def test_scores_do_not_depend_on_chunking_or_row_order(fitted, blobs):
    X_test = blobs[1]
    scores = fitted.score_samples(X_test)
    chunked = clone(fitted).set_params(chunk_size=7)
    chunked.__dict__.update({k: v for k, v in vars(fitted).items() if k.endswith("_")})
    np.testing.assert_allclose(
        chunked.score_samples(X_test), scores, rtol=0, atol=1e-12
    )
    order = np.random.RandomState(1).permutation(len(X_test))
    np.testing.assert_allclose(
        fitted.score_samples(X_test[order]), scores[order], rtol=0, atol=1e-12
    )


def test_input_scale_is_learned(blobs):
    # Powers of two rescale exactly, so the internal mapping sees the same data.
    X_train, X_test, _ = blobs
    scale = np.array([4.0, 0.25, 1024.0])
    det = GANAnomalyDetector(**FAST).fit(X_train)
    scaled = GANAnomalyDetector(**FAST).fit(X_train * scale)
    np.testing.assert_array_equal(
        scaled.score_samples(X_test * scale), det.score_samples(X_test)
    )


def test_constant_and_huge_features_give_finite_scores():
    rng = np.random.RandomState(0)
    X = np.c_[rng.normal(size=(100, 2)), np.full(100, 3.0), 1e30 * rng.rand(100)]
    det = GANAnomalyDetector(**FAST).fit(X)
    X_new = np.r_[X[:5], [[0.0, 0.0, 5.0, 1e30]], [[1e30, -1e30, 3.0, 0.0]]]
    for output in (det.score_samples(X_new), det.decision_function(X_new)):
        assert np.all(np.isfinite(output))
    assert np.all(np.isfinite(det.history_["generator_loss"]))


@pytest.mark.parametrize(
    "X, error, match",
    [
        (np.array([[0.0, np.nan, 1.0]] * 5), ValueError, "NaN"),
        (np.array([[0.0, np.inf, 1.0]] * 5), ValueError, "infinity"),
        (
            np.array([["a", "b", "c"]] * 5, dtype=object),
            ValueError,
            "could not convert",
        ),
        (sp.csr_matrix(np.ones((5, 3))), TypeError, "Sparse data was passed"),
        (np.ones(5), ValueError, "Expected 2D array"),
        (np.empty((0, 3)), ValueError, "0 sample"),
    ],
)
def test_bad_input_is_rejected_and_changes_nothing(fitted, blobs, X, error, match):
    X_test = blobs[1]
    before = fitted.score_samples(X_test)
    det = pickle.loads(pickle.dumps(fitted))
    with pytest.raises(error, match=match):
        det.fit(X)
    np.testing.assert_array_equal(det.score_samples(X_test), before)
    assert det.n_features_in_ == 3
    for method in ("score_samples", "decision_function", "predict"):
        with pytest.raises(error, match=match):
            getattr(fitted, method)(X)


def test_wrong_feature_count_at_predict(fitted):
    with pytest.raises(ValueError, match="X has 2 features, but GANAnomalyDetector"):
        fitted.predict(np.zeros((4, 2)))


def test_unfitted_estimator_raises():
    with pytest.raises(NotFittedError):
        GANAnomalyDetector().score_samples(np.zeros((2, 2)))


@pytest.mark.parametrize(
    "params, match",
    [
        ({"loss": "js"}, "'loss' parameter"),
        ({"lam": 1.5}, "'lam' parameter"),
        ({"eta": -0.1}, "'eta' parameter"),
        ({"contamination": 0.0}, "'contamination' parameter"),
        ({"contamination": 0.6}, "'contamination' parameter"),
        ({"threshold": np.nan}, "'threshold' parameter"),
        ({"device": "tpu"}, "'device' parameter"),
        ({"epochs": 0}, "'epochs' parameter"),
        ({"hidden_layer_sizes": (16, 0)}, "hidden_layer_sizes must be"),
        ({"hidden_layer_sizes": (16.5,)}, "hidden_layer_sizes must be"),
        ({"dtype": "float16"}, "'dtype' parameter"),
        ({"dtype": np.int64}, "'dtype' parameter"),
        ({"chunk_size": 0}, "'chunk_size' parameter"),
    ],
)
def test_bad_parameters(blobs, params, match):
    with pytest.raises(ValueError, match=match):
        GANAnomalyDetector(**{**FAST, **params}).fit(blobs[0])


def test_diverging_training_stops_with_a_clear_error(blobs, monkeypatch):
    class BrokenLoss(KLLoss):
        def generator_loss(self, fake_logits):
            return super().generator_loss(fake_logits) * float("nan")

    monkeypatch.setattr("skmimgan._training.get_loss", lambda name: BrokenLoss())
    det = GANAnomalyDetector(**FAST)
    with pytest.raises(FloatingPointError, match="diverged in epoch 1"):
        det.fit(blobs[0])
    assert not hasattr(det, "offset_")


def _interrupt(*args, **kwargs):
    raise KeyboardInterrupt


@pytest.mark.parametrize(
    "module, name",
    [
        (_training, "train_gan"),
        (_detector, "anomaly_scores"),
        (_detector, "networks_from_arrays"),
    ],
    ids=[
        "while training",
        "while setting the threshold",
        "while building the networks",
    ],
)
def test_interrupted_fit_keeps_the_previous_model(
    fitted, blobs, monkeypatch, module, name
):
    X_test = blobs[1]
    before = fitted.score_samples(X_test)
    det = pickle.loads(pickle.dumps(fitted))
    monkeypatch.setattr(module, name, _interrupt)
    with pytest.raises(KeyboardInterrupt):
        det.fit(np.random.RandomState(2).normal(size=(50, 5)))
    monkeypatch.undo()
    assert det.n_features_in_ == 3
    np.testing.assert_array_equal(det.score_samples(X_test), before)

    fresh = GANAnomalyDetector(**FAST)
    monkeypatch.setattr(module, name, _interrupt)
    with pytest.raises(KeyboardInterrupt):
        fresh.fit(blobs[0])
    assert not any(k.endswith("_") for k in vars(fresh))


def test_concurrent_scoring_from_threads(fitted, blobs):
    rng = np.random.RandomState(3)
    batches = [blobs[1]] * 4 + [rng.normal(size=(30, 3)) for _ in range(4)]
    expected = [fitted.decision_function(X) for X in batches]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(fitted.decision_function, batches * 2))
    for got, want in zip(results, expected * 2):
        np.testing.assert_array_equal(got, want)


def test_scoring_memory_does_not_grow_with_the_rows(fitted):
    # NumPy's allocations are traced: scoring may add its output and a
    # chunk's worth of scaled rows, never a scaled copy of all of X.
    det = pickle.loads(pickle.dumps(fitted)).set_params(latent_steps=1, chunk_size=256)
    X = np.random.RandomState(0).normal(size=(40_000, 3))
    for method in ("score_samples", "decision_function", "predict"):
        tracemalloc.start()
        getattr(det, method)(X)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert peak < 3 * len(X) * 8 + 64 * 256 * 3 * 8, (method, peak)
        assert peak < X.nbytes


@pytest.mark.parametrize("dtype", ["float64", np.float64])
def test_training_in_float64(blobs, dtype):
    X_train, X_test, y_test = blobs
    det = GANAnomalyDetector(**FAST, dtype=dtype).fit(X_train)
    single = GANAnomalyDetector(**FAST).fit(X_train)
    assert det.get_params()["dtype"] is dtype
    assert det.generator_[0].weight.dtype == torch.float64
    # Same seeds, other precision: the first epoch nearly agrees, then the
    # runs part as any two GAN trainings do.
    assert det.history_ != single.history_
    first_epoch = det.history_["generator_loss"][0]
    np.testing.assert_allclose(
        first_epoch, single.history_["generator_loss"][0], rtol=1e-3
    )
    scores = det.score_samples(X_test)
    assert scores[y_test == -1].max() < scores[y_test == 1].min()
    again = GANAnomalyDetector(**FAST, dtype="float64").fit(X_train)
    np.testing.assert_array_equal(again.score_samples(X_test), scores)


def test_clone_pickle_and_joblib_round_trips(fitted, blobs):
    X_test = blobs[1]
    scores = fitted.score_samples(X_test)
    unfitted = clone(fitted)
    assert unfitted.get_params() == fitted.get_params()
    assert not hasattr(unfitted, "offset_")
    np.testing.assert_array_equal(
        pickle.loads(pickle.dumps(fitted)).score_samples(X_test), scores
    )
    buffer = io.BytesIO()
    joblib.dump(fitted, buffer)
    buffer.seek(0)
    np.testing.assert_array_equal(joblib.load(buffer).score_samples(X_test), scores)


def test_pipeline_with_standard_scaler(blobs):
    X_train, X_test, y_test = blobs
    pipe = Pipeline(
        [("scale", StandardScaler()), ("gan", GANAnomalyDetector(loss="mim", **FAST))]
    ).fit(X_train)
    assert pipe.predict(X_test).shape == (len(X_test),)
    scores = pipe.score_samples(X_test)
    assert scores[y_test == -1].max() < scores[y_test == 1].min()


def test_grid_search_over_lam_eta_threshold(blobs):
    X_train, X_test, y_test = blobs
    X = np.r_[X_train[:100], X_test]
    y = np.r_[np.ones(100, dtype=int), y_test]
    det = GANAnomalyDetector(contamination=len(X_test) / len(X) / 5, **FAST)
    pipe = Pipeline([("scale", StandardScaler()), ("gan", det)])
    grid = {
        "gan__lam": [0.1, 0.5],
        "gan__eta": [0.05, 0.5],
        # A Gamma no score reaches flags nothing, so it cannot win on F1.
        "gan__threshold": [None, 1e6],
    }
    search = GridSearchCV(
        pipe,
        grid,
        scoring=make_scorer(f1_score, pos_label=-1, zero_division=0.0),
        cv=StratifiedKFold(3, shuffle=True, random_state=0),
    ).fit(X, y)
    assert len(search.cv_results_["params"]) == 8
    assert search.best_params_["gan__threshold"] is None
    assert search.best_score_ > 0.5
    flagged_none = search.cv_results_["mean_test_score"][
        [p["gan__threshold"] == 1e6 for p in search.cv_results_["params"]]
    ]
    np.testing.assert_array_equal(flagged_none, 0.0)


@pytest.mark.parametrize("loss", ["mim", "kl", "ls", "w"])
def test_cross_val_roc_auc_on_digits_protocol(loss):
    digits = load_digits_protocol(rare_digit=0, n_splits=3, random_state=0)
    pipe = Pipeline(
        [
            ("scale", StandardScaler()),
            ("gan", GANAnomalyDetector(loss=loss, epochs=30, random_state=0)),
        ]
    )
    auc = cross_val_score(
        pipe, digits.data, digits.target, cv=digits.cv, scoring="roc_auc"
    )
    assert auc.shape == (3,)
    assert auc.mean() > 0.65, auc


def test_cuda_request_without_cuda_is_a_clear_error(blobs, monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(RuntimeError, match="no CUDA device"):
        GANAnomalyDetector(**{**FAST, "device": "cuda"}).fit(blobs[0])
    auto = GANAnomalyDetector(**{**FAST, "device": "auto"}).fit(blobs[0])
    assert auto.generator_[0].weight.device.type == "cpu"


def test_model_for_cuda_scores_on_cpu_without_cuda(fitted, blobs, monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    X_test = blobs[1]
    det = pickle.loads(pickle.dumps(fitted))
    det.set_params(device="cuda")
    np.testing.assert_array_equal(
        det.score_samples(X_test), fitted.score_samples(X_test)
    )
