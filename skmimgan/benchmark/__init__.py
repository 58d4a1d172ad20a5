"""Benchmark and reproduction tools: ``python -m skmimgan.benchmark``.

- ``run`` (the default sub-command) fits the four GAN objectives of
  :class:`~skmimgan.GANAnomalyDetector` beside scikit-learn's
  ``IsolationForest``, ``OneClassSVM`` and ``LocalOutlierFactor(novelty=True)``,
  each in ``Pipeline([StandardScaler(), detector])``, on ODDS datasets or on the
  digits protocol, for several seeds, and writes a CSV of every result, a
  Markdown summary, ROC curves and box plots.
- ``curves`` runs the paper's training-curve experiment on N(4, 1.25).

The same work is available from Python: :func:`run_benchmark` with
:class:`Dataset` objects, and :func:`training_curves`.
"""

from ._curves import training_curves
from ._protocol import DETECTORS, Dataset, make_detector, run_benchmark

__all__ = ["DETECTORS", "Dataset", "make_detector", "run_benchmark", "training_curves"]
