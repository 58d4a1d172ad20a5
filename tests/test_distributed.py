"""Scale-out on Dask: grid search through joblib's Dask backend and dask-ml's
``ParallelPostFit``, on a two-worker cluster on the loopback interface.

Needs the ``distributed`` extra (``pip install skmimgan[distributed]``).
"""

import joblib
import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV, KFold

from skmimgan import GANAnomalyDetector

pytest.importorskip("distributed", reason="the 'distributed' extra is not installed")
pytest.importorskip("dask_ml", reason="the 'distributed' extra is not installed")

import dask.array as da  # noqa: E402
from dask_ml.wrappers import ParallelPostFit  # noqa: E402
from distributed import Client, LocalCluster, get_task_stream  # noqa: E402
from tiny_settings import TINY  # noqa: E402


@pytest.fixture(scope="module")
def client():
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=False,
            protocol="tcp",
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def X():
    return np.random.RandomState(0).normal(size=(300, 3))


def _mean_score(estimator, X, y=None):
    return float(estimator.score_samples(X).mean())


def test_grid_search_on_the_dask_backend(client, X, tmp_path):
    grid = {"lam": [0.1, 0.5], "eta": [0.05, 0.5]}
    cv = KFold(2, shuffle=True, random_state=0)
    local = GridSearchCV(
        GANAnomalyDetector(**TINY), grid, cv=cv, scoring=_mean_score
    ).fit(X)

    search = GridSearchCV(
        GANAnomalyDetector(**TINY, memory=str(tmp_path)),
        grid,
        cv=cv,
        scoring=_mean_score,
        n_jobs=2,
    )
    with get_task_stream(client) as stream, joblib.parallel_backend("dask"):
        search.fit(X)
    assert {task["worker"] for task in stream.data} == set(
        client.scheduler_info()["workers"]
    )
    # The cached networks are those an uncached fit trains: same results.
    np.testing.assert_array_equal(
        search.cv_results_["mean_test_score"], local.cv_results_["mean_test_score"]
    )
    assert search.best_params_ == local.best_params_


def test_parallel_post_fit_scores_a_dask_array(client, X):
    model = ParallelPostFit(GANAnomalyDetector(**TINY)).fit(X)
    detector = model.estimator
    X_dask = da.from_array(X, chunks=(75, 3))
    with get_task_stream(client) as stream:
        labels = model.predict(X_dask)
        scores = X_dask.map_blocks(
            detector.score_samples, drop_axis=1, dtype=np.float64
        )
        labels, scores = labels.compute(), scores.compute()
    assert {task["worker"] for task in stream.data} == set(
        client.scheduler_info()["workers"]
    )
    np.testing.assert_array_equal(labels, detector.predict(X))
    # Blocks of 75 rows instead of chunks of 512: float64 products of other
    # sizes differ in the last bits only.
    np.testing.assert_allclose(scores, detector.score_samples(X), rtol=0, atol=1e-12)
    np.testing.assert_array_equal(
        labels, np.where(scores - detector.offset_ < 0, -1, 1)
    )
