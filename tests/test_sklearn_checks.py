"""scikit-learn's own estimator checks, run in full on cheap instances."""

from sklearn.utils.estimator_checks import parametrize_with_checks

from skmimgan import GANAnomalyDetector
from tiny_settings import FAST


def _fast(loss):
    return GANAnomalyDetector(loss=loss, **FAST)


@parametrize_with_checks([_fast(loss) for loss in ("mim", "kl", "ls", "w")])
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)
