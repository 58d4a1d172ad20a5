"""A scikit-learn outlier detector built on the MIM-based GAN."""

from ._detector import GANAnomalyDetector

__version__ = "0.1.0"

__all__ = ["GANAnomalyDetector", "__version__"]
