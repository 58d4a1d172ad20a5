"""scikit-learn's own estimator checks, run in full on cheap instances."""

from sklearn.utils.estimator_checks import parametrize_with_checks

from skmimgan import GANAnomalyDetector


def _fast(loss):
    return GANAnomalyDetector(
        loss=loss,
        latent_dim=4,
        hidden_layer_sizes=(16,),
        epochs=3,
        batch_size=32,
        latent_steps=10,
        random_state=0,
    )


@parametrize_with_checks([_fast(loss) for loss in ("mim", "kl", "ls", "w")])
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)
