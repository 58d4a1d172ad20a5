import os

# Torch's default thread pool oversubscribes small CI machines badly.
os.environ.setdefault("OMP_NUM_THREADS", "1")
# scikit-learn's array API check runs (on NumPy input) only when this is set
# before SciPy is first imported.
os.environ.setdefault("SCIPY_ARRAY_API", "1")

import torch  # noqa: E402

torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))
