"""Performance benchmark of GANAnomalyDetector; writes docs/performance.rst.

Measures, in one run and on the same trained networks:

1. the batched latent optimiser against optimising rows one at a time, both
   with this package's optimiser on one row and the way PyOD's AnoGAN does it
   (autograd and a fresh ``torch.optim.Adam`` per row), at n = 100, 1,000 and
   10,000;
2. scoring time and peak memory as n grows tenfold per step up to 1,000,000
   (each n in a fresh process, so that its peak is its own);
3. fit time per epoch against n;
4. the speed-up of ``memory`` in a grid search over lam, eta and threshold;
5. the FLOP rate of a latent step against plain torch matrix products of the
   same shapes, the share of each operation in a step, the hand-written
   gradient against autograd, and the chunk size.

Run from the repository root, on an otherwise quiet machine::

    OMP_NUM_THREADS=1 python benchmarks/performance.py

It takes about half an hour on one core. ``--quick`` runs a small version and
prints the page without saving anything (for checking the script);
``--render-only`` rewrites the page from the saved results
(``benchmarks/results/performance.json``).
"""

import argparse
import cProfile
import json
import os
import platform
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import joblib  # noqa: E402
import numpy as np  # noqa: E402
import sklearn  # noqa: E402
import torch  # noqa: E402
from sklearn.model_selection import GridSearchCV, KFold  # noqa: E402

from skmimgan import GANAnomalyDetector  # noqa: E402
from skmimgan._latent import (  # noqa: E402
    PATIENCE,
    latent_objective,
    optimise_latent,
    start_points,
)
from skmimgan._losses import hce_real  # noqa: E402
from skmimgan._networks import linear_layers  # noqa: E402
from skmimgan._scoring import scale_rows  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "performance.json"
PAGE = ROOT / "docs" / "performance.rst"
N_FEATURES = 20
COMMAND = "OMP_NUM_THREADS=1 python benchmarks/performance.py"

torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))


# --------------------------------------------------------------------------
# Helpers


def _data(n, seed=0):
    return np.random.default_rng(seed).standard_normal((n, N_FEATURES))


def _best_time(function, repeats):
    """Shortest of ``repeats`` wall-clock runs: the least disturbed by other load."""
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def _search_inputs(det, X):
    """What the estimator's latent search starts from, for the rows ``X``."""
    x = torch.from_numpy(scale_rows(X, det.scaler_.data_min_, det.scaler_.scale_))
    anchors = torch.from_numpy(det.latent_anchors_)
    with torch.no_grad():
        images = det.generator_(anchors)
        anchor_hce = hce_real(det.discriminator_(images))
    return x, start_points(x, anchors, images, anchor_hce, det.lam)


def _options(det):
    return dict(
        lam=det.lam,
        steps=det.latent_steps,
        learning_rate=det.latent_learning_rate,
        tol=det.latent_tol,
    )


def pyod_style_row(x, generator, discriminator, z0, *, lam, steps, learning_rate, tol):
    """One row's latent search the way PyOD's AnoGAN runs it: a latent
    parameter, its own ``torch.optim.Adam`` and autograd, for one row.

    Keeps the best code and the stopping rule of ``optimise_latent``, so the
    results are the same and only the way of computing differs.
    """
    z = z0.detach().clone().requires_grad_(True)
    optimizer = torch.optim.Adam([z], lr=learning_rate)
    best_z, best_j, stalled = z0.detach().clone(), float("inf"), 0
    for step in range(steps + 1):
        j = latent_objective(x, generator, discriminator, z, lam)
        current = j.detach().item()
        stalled = 0 if current < best_j - tol else stalled + 1
        if current < best_j:
            best_j, best_z = current, z.detach().clone()
        if step == steps or stalled >= PATIENCE:
            break
        optimizer.zero_grad(set_to_none=True)
        j.sum().backward()
        optimizer.step()
    return best_z, torch.tensor([best_j], dtype=x.dtype)


def _flops_per_row_step(det):
    """Multiply-adds x 2 of one latent step for one row (matrix products only)."""
    g = [w.shape for w, _ in linear_layers(det.generator_)]
    d = [w.shape for w, _ in linear_layers(det.discriminator_)]
    size = lambda shapes: sum(out * inp for out, inp in shapes)  # noqa: E731
    # Forward through G and D, back through D (its last layer folded into a
    # broadcast) and back through all of G.
    return 2 * (2 * size(g) + size(d) + size(d[:-1]))


def _step_matmuls(det, rows):
    """Operand pairs of the matrix products one latent step makes for ``rows``
    rows, as the search makes them: weights times feature-major activations."""
    g = [w for w, _ in linear_layers(det.generator_)]
    d = [w for w, _ in linear_layers(det.discriminator_)]
    act = lambda n: torch.randn(n, rows, dtype=torch.float64)  # noqa: E731
    forward = [(w, act(w.shape[1])) for w in g + d]
    backward = [(w.T, act(w.shape[0])) for w in d[:-1][::-1] + g[::-1]]
    return forward + backward


# --------------------------------------------------------------------------
# The measurements


def machine():
    cpu = platform.processor() or "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory, 1),
        "threads": torch.get_num_threads(),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "numpy": np.__version__,
        "sklearn": sklearn.__version__,
        "system": f"{platform.system()} {platform.release()}",
        "date": time.strftime("%Y-%m-%d"),
    }


def train_model(quick):
    """The networks every measurement below scores with: default architecture."""
    det = GANAnomalyDetector(epochs=2 if quick else 5, threshold=2.0, random_state=0)
    start = time.perf_counter()
    det.fit(_data(2000, seed=1))
    return det, time.perf_counter() - start


def latent_batching(det, sizes, pyod_sizes):
    """Batched search (chunks of ``chunk_size``) against one row at a time."""
    X = _data(max(sizes), seed=2)
    x_all, z0_all = _search_inputs(det, X)
    options = _options(det)
    out = []
    for n in sizes:
        x, z0 = x_all[:n], z0_all[:n]

        def batched():
            results = [
                optimise_latent(
                    x[s : s + det.chunk_size],
                    det.generator_,
                    det.discriminator_,
                    z0[s : s + det.chunk_size],
                    **options,
                )[1]
                for s in range(0, n, det.chunk_size)
            ]
            return torch.cat(results)

        def rows(search):
            return torch.cat(
                [
                    search(
                        x[i : i + 1],
                        det.generator_,
                        det.discriminator_,
                        z0[i : i + 1],
                        **options,
                    )[1]
                    for i in range(n)
                ]
            )

        start = time.perf_counter()
        j_batched = batched()
        t_batched = time.perf_counter() - start
        start = time.perf_counter()
        j_rows = rows(optimise_latent)
        t_rows = time.perf_counter() - start
        entry = {
            "n": n,
            "batched_s": t_batched,
            "rows_s": t_rows,
            "max_abs_diff": float((j_batched - j_rows).abs().max()),
        }
        if n in pyod_sizes:
            start = time.perf_counter()
            j_pyod = rows(pyod_style_row)
            entry["pyod_s"] = time.perf_counter() - start
            entry["max_abs_diff_pyod"] = float((j_batched - j_pyod).abs().max())
        out.append(entry)
        print("latent", entry, flush=True)
    return out


def _rss_kib(field):
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1])
    raise RuntimeError(field)


def score_child(model_path, n):
    """In a fresh process: peak memory and time of ``predict`` on n rows."""
    det = joblib.load(model_path)
    X = _data(n, seed=3)
    det.predict(X[:10])  # torch's lazy initialisation, outside the measurement
    before = _rss_kib("VmRSS")
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # resets the peak (VmHWM) to the current size
    start = time.perf_counter()
    labels = det.predict(X)
    seconds = time.perf_counter() - start
    peak = _rss_kib("VmHWM")
    print(
        json.dumps(
            {
                "n": n,
                "seconds": seconds,
                "rss_before_mib": before / 1024,
                "peak_mib": peak / 1024,
                "extra_mib": (peak - before) / 1024,
                "input_mib": X.nbytes / 2**20,
                "outlier_share": float(np.mean(labels == -1)),
            }
        )
    )


def scoring_scaling(det, sizes):
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.joblib"
        joblib.dump(det, path)
        for n in sizes:
            result = subprocess.run(
                [sys.executable, __file__, "--score-child", str(path), str(n)],
                check=True,
                capture_output=True,
                text=True,
            )
            entry = json.loads(result.stdout.strip().splitlines()[-1])
            out.append(entry)
            print("scoring", entry, flush=True)
    return out


def fit_per_epoch(sizes, quick):
    """Per-epoch training time: (fit with 3 epochs - fit with 1) / 2."""
    out = []
    for n in sizes:
        X = _data(n, seed=4)
        times = {}
        for epochs in (1, 3):
            det = GANAnomalyDetector(epochs=epochs, threshold=2.0, random_state=0)
            start = time.perf_counter()
            det.fit(X)
            times[epochs] = time.perf_counter() - start
        entry = {
            "n": n,
            "per_epoch_s": (times[3] - times[1]) / 2,
            "fit_1_epoch_s": times[1],
        }
        out.append(entry)
        print("fit", entry, flush=True)
    return out


def grid_search_speedup(quick):
    X = _data(300 if quick else 1000, seed=5)
    grid = {"lam": [0.05, 0.1, 0.3], "eta": [0.05, 0.5], "threshold": [None, 2.0]}
    params = dict(random_state=0, epochs=5 if quick else 100)
    cv = KFold(3, shuffle=True, random_state=0)

    def score(est, X, y=None):
        return float(est.score_samples(X).mean())

    def search(memory):
        det = GANAnomalyDetector(**params, memory=memory)
        start = time.perf_counter()
        result = GridSearchCV(det, grid, cv=cv, scoring=score).fit(X)
        return time.perf_counter() - start, result

    plain_s, plain = search(None)
    with tempfile.TemporaryDirectory() as tmp:
        cached_s, cached = search(tmp)
    same = bool(
        np.array_equal(
            plain.cv_results_["mean_test_score"], cached.cv_results_["mean_test_score"]
        )
    )
    n_candidates = len(plain.cv_results_["params"])
    out = {
        "n": len(X),
        "epochs": params["epochs"],
        "candidates": n_candidates,
        "folds": cv.get_n_splits(),
        "trainings_without": n_candidates * cv.get_n_splits() + 1,
        "trainings_with": cv.get_n_splits() + 1,
        "without_s": plain_s,
        "with_s": cached_s,
        "same_results": same,
    }
    print("grid", out, flush=True)
    return out


def step_profile(det, quick):
    """FLOP rates, where a step's time goes, the hand-written gradient against
    autograd, and the time per row-step for several chunk sizes."""
    rows = det.chunk_size
    X = _data(4096, seed=6)
    x_all, z0_all = _search_inputs(det, X)
    x, z0 = x_all[:rows], z0_all[:rows]
    steps = 20
    options = {**_options(det), "steps": steps, "tol": 0.0}
    repeats = 5 if quick else 30
    flops = _flops_per_row_step(det)

    def search(n):
        return lambda: optimise_latent(
            x[:n], det.generator_, det.discriminator_, z0[:n], **options
        )

    t_step = _best_time(search(rows), repeats) / (steps + 1)
    t_one_row = _best_time(search(1), repeats) / (steps + 1)
    pairs = _step_matmuls(det, rows)
    t_matmuls = _best_time(lambda: [a @ b for a, b in pairs], 10 * repeats)
    square = torch.randn(1024, 1024, dtype=torch.float64)
    t_square = _best_time(lambda: square @ square, repeats)

    # The previous way: autograd through the modules and torch.optim.Adam.
    def autograd_search():
        z = z0.clone().requires_grad_(True)
        optimizer = torch.optim.Adam([z], lr=options["learning_rate"])
        for _ in range(steps + 1):
            j = latent_objective(x, det.generator_, det.discriminator_, z, det.lam)
            optimizer.zero_grad(set_to_none=True)
            j.sum().backward()
            optimizer.step()

    t_autograd = _best_time(autograd_search, repeats) / (steps + 1)

    chunks = {}
    for chunk in (64, 128, 256, 512, 1024, 2048, 4096):

        def run(chunk=chunk):
            for s in range(0, 4096, chunk):
                optimise_latent(
                    x_all[s : s + chunk],
                    det.generator_,
                    det.discriminator_,
                    z0_all[s : s + chunk],
                    **options,
                )

        chunks[chunk] = _best_time(run, max(2, repeats // 6)) / 4096 / (steps + 1)

    # Python function calls per scored row: a fixed number per chunk and
    # step, none per row.
    calls = {}
    for n in (rows, 10 * rows):
        profiler = cProfile.Profile()
        small = GANAnomalyDetector(**det.get_params())
        small.__dict__.update({k: v for k, v in vars(det).items() if k.endswith("_")})
        small.set_params(latent_steps=steps)
        profiler.runcall(small.score_samples, X[:n])
        calls[n] = pstats.Stats(profiler).total_calls

    out = {
        "rows": rows,
        "flops_per_row_step": flops,
        "step_s": t_step,
        "one_row_step_s": t_one_row,
        "matmuls_s": t_matmuls,
        "step_gflops": flops * rows / t_step / 1e9,
        "matmuls_gflops": flops * rows / t_matmuls / 1e9,
        "square_gflops": 2 * 1024**3 / t_square / 1e9,
        "autograd_step_s": t_autograd,
        "chunk_us_per_row_step": {str(k): v * 1e6 for k, v in chunks.items()},
        "python_calls": {str(k): v for k, v in calls.items()},
    }
    print("profile", out, flush=True)
    return out


# --------------------------------------------------------------------------
# The page


def _table(header, rows):
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows)]
    line = "  ".join("=" * w for w in widths)

    def fmt(cells):
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()

    return "\n".join([line, fmt(header), line, *map(fmt, rows), line])


def _n(n):
    return f"{n:,}"


def _output_mib(n):
    """``predict``'s arrays at their peak: float64 decision values, a boolean
    mask and int64 labels, 17 bytes per row."""
    return 17 * n / 2**20


def _exponent(n, seconds):
    """Slope of log(time) against log(n): 1 for a cost linear in n."""
    return float(np.polyfit(np.log(n), np.log(seconds), 1)[0])


def render(results):
    m = results["machine"]
    lat = results["latent"]
    sc = results["scoring"]
    fit = results["fit"]
    grid = results["grid"]
    prof = results["profile"]
    model = results["model"]

    latent_rows = []
    for e in lat:
        latent_rows.append(
            [
                _n(e["n"]),
                f"{e['batched_s']:.2f}",
                f"{e['rows_s']:.1f}",
                f"{e['rows_s'] / e['batched_s']:.0f}x",
                f"{e['pyod_s']:.1f}" if "pyod_s" in e else "-",
                f"{e['pyod_s'] / e['batched_s']:.0f}x" if "pyod_s" in e else "-",
                f"{max(e['max_abs_diff'], e.get('max_abs_diff_pyod', 0)):.0e}",
            ]
        )
    scoring_rows = []
    previous = None
    for e in sc:
        growth = f"{e['seconds'] / previous['seconds']:.1f}x" if previous else "-"
        scoring_rows.append(
            [
                _n(e["n"]),
                f"{e['seconds']:.2f}",
                f"{e['seconds'] / e['n'] * 1e6:.0f}",
                growth,
                f"{e['input_mib']:.1f}",
                f"{_output_mib(e['n']):.1f}",
                f"{e['extra_mib']:.1f}",
                f"{e['extra_mib'] - _output_mib(e['n']):.1f}",
                f"{e['peak_mib']:.0f}",
            ]
        )
        previous = e
    large = [e for e in sc if e["n"] >= 1000]
    time_exponent = _exponent([e["n"] for e in large], [e["seconds"] for e in large])
    fit_exponent = _exponent([e["n"] for e in fit], [e["per_epoch_s"] for e in fit])
    working = [e["extra_mib"] - _output_mib(e["n"]) for e in sc]
    per_row = [e["seconds"] / e["n"] * 1e6 for e in large]
    fit_rows = [
        [
            _n(e["n"]),
            f"{e['per_epoch_s']:.2f}",
            f"{e['per_epoch_s'] / e['n'] * 1e6:.1f}",
        ]
        for e in fit
    ]
    chunk_rows = [
        [k, f"{v:.2f}", f"{v / min(prof['chunk_us_per_row_step'].values()):.2f}"]
        for k, v in prof["chunk_us_per_row_step"].items()
    ]
    fixed = prof["one_row_step_s"] / prof["step_s"]
    matmul = prof["matmuls_s"] / prof["step_s"]
    share_rows = [
        ["matrix products", f"{matmul * 100:.0f} %"],
        ["elementwise work", f"{max(0.0, 1 - matmul - fixed) * 100:.0f} %"],
        ["fixed cost per step (one row's step)", f"{fixed * 100:.0f} %"],
    ]
    biggest = sc[-1]
    calls = prof["python_calls"]
    (n1, c1), (n2, c2) = sorted((int(k), v) for k, v in calls.items())
    speedup = grid["without_s"] / grid["with_s"]
    same = "identical" if grid["same_results"] else "DIFFERENT"
    autograd_ratio = prof["autograd_step_s"] / prof["step_s"]
    last = lat[-1]
    pyod_clause = (
        f" and {last['pyod_s'] / last['batched_s']:.0f} times faster than the"
        " PyOD-style loop"
        if "pyod_s" in last
        else ""
    )
    latent_table = _table(
        ["rows", "batched s", "one row at a time s", "ratio"]
        + ["PyOD-style s", "ratio", "max diff of J"],
        latent_rows,
    )
    scoring_table = _table(
        ["rows", "seconds", "µs per row", "time growth", "input MiB", "output MiB"]
        + ["extra MiB", "extra - output MiB", "peak MiB"],
        scoring_rows,
    )
    fit_table = _table(["rows", "seconds per epoch", "µs per row"], fit_rows)
    grid_table = _table(
        ["memory", "seconds", "trainings"],
        [
            ["None", f"{grid['without_s']:.1f}", grid["trainings_without"]],
            ["a directory", f"{grid['with_s']:.1f}", grid["trainings_with"]],
        ],
    )
    rate_table = _table(
        ["what", "GFLOP/s"],
        [
            ["latent step (everything)", f"{prof['step_gflops']:.1f}"],
            ["its matrix products alone, same shapes", f"{prof['matmuls_gflops']:.1f}"],
            ["1024 x 1024 matrix product", f"{prof['square_gflops']:.1f}"],
        ],
    )
    share_table = _table(["part", "share of a step"], share_rows)
    chunk_table = _table(["chunk_size", "µs per row-step", "relative"], chunk_rows)

    return f"""\
Performance
===========

How fast ``GANAnomalyDetector`` scores and trains, and how its memory grows,
measured side by side in one run of ``benchmarks/performance.py``.

The machine and the command
---------------------------

{m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, {m['system']}; Python
{m['python']}, torch {m['torch']} (CPU), NumPy {m['numpy']}, scikit-learn
{m['sklearn']}; {m['threads']} torch thread; measured {m['date']}. The machine
was shared with other work, so absolute times carry noise; every comparison
below is a ratio of runs made one after the other in the same process (the
scoring series: in fresh processes of the same run). The command, from the
repository root::

    {COMMAND}

All measurements use the default network (latent size 16, one hidden layer of
256 units, 20 features), trained once for the run ({model['epochs']} epochs on
2,000 rows), and the default latent search (100 Adam steps, ``chunk_size``
{prof['rows']}). Rows are standard normal. Training longer changes the
networks' weights, not their cost.

Batched latent search against one row at a time
-----------------------------------------------

The latent search (Eq. 22-24) optimises every row's code. This package does it
for a chunk of rows at once: one ``(rows, 16)`` tensor, one forward and
backward pass per Adam step. The alternatives search one row at a time: with
this package's optimiser called on a single row, and the way PyOD's AnoGAN
does it (a latent parameter, a fresh ``torch.optim.Adam`` and autograd for
every row). All three give the same codes; the last column is the largest
difference of the objective ``J`` found.

{latent_table}

At {_n(lat[-1]['n'])} rows the batched search is
{lat[-1]['rows_s'] / lat[-1]['batched_s']:.0f} times faster than the same
optimiser row by row{pyod_clause}.
A row-at-a-time search pays the per-step overhead of Python and torch once per
row, the batched search once per chunk of up to {prof['rows']} rows, so the
ratio grows with n until the chunks are full.

Scoring time and memory as n grows
----------------------------------

``predict`` on n rows, each n in a fresh process. "Extra" is the process's
peak resident memory during the call minus its resident memory just before
(model loaded, input built): what scoring itself needed. "Output" is the size
of ``predict``'s own arrays at their peak (decision values, a mask and the
labels, 17 bytes per row); "extra - output" is the rest: a chunk's working
memory and the allocators' slack. "Peak" is the whole process.

{scoring_table}

Time grows linearly: a least-squares fit of log(time) against log(n) from
1,000 rows on has slope {time_exponent:.2f} (1 is linear); the time per row
varies between {min(per_row):.0f} and {max(per_row):.0f} µs without a trend (the machine
was shared). Memory does not grow with n beyond the input and output
arrays: while n grows from 100 to {_n(biggest['n'])}, the memory scoring needs
beyond its output stays between {min(working):.0f} and {max(working):.0f} MiB. At
{_n(biggest['n'])} rows ({biggest['input_mib']:.0f} MiB of input) the call needed
{biggest['extra_mib']:.1f} MiB on top of what the process held, and the process
peaked at {biggest['peak_mib']:.0f} MiB. The input is scaled chunk by chunk,
never as a whole copy.

Training time per epoch
-----------------------

Seconds per epoch (batch size 64), from fits of 1 and 3 epochs with a given
``threshold`` (so no scoring pass):

{fit_table}

Linear in n as well: the slope of log(time per epoch) against log(n) is
{fit_exponent:.2f}.

Grid search with ``memory``
---------------------------

``GridSearchCV`` over ``lam`` (3 values), ``eta`` (2) and ``threshold`` (2),
{grid['candidates']} candidates, {grid['folds']}-fold, on {_n(grid['n'])} rows,
default estimator ({grid['epochs']} epochs). Without ``memory`` every candidate of
every fold trains its networks ({grid['trainings_without']} trainings with the
refit); with ``memory`` each fold trains once ({grid['trainings_with']} trainings)
and every other candidate loads the cached networks.

{grid_table}

Speed-up: **{speedup:.1f}x**, with {same} cross-validation results.
What remains is scoring: every candidate still scores its test fold and, when
``threshold`` is None, its training rows.

The latent step against plain matrix products
---------------------------------------------

One latent step for one row costs {prof['flops_per_row_step']:,} floating-point
operations in its matrix products (forward through both networks, the gradient
back through both). For a chunk of {prof['rows']} rows, in float64:

{rate_table}

A latent step reaches {prof['step_gflops'] / prof['matmuls_gflops'] * 100:.0f} % of the
rate of plain torch matrix products of the same shapes. Where a step's time goes:

{share_table}

The elementwise work (bias, leaky ReLU and its derivative, tanh, the norm,
Adam, the bookkeeping of the best code) moves as much memory as the thin
matrix products (16 or 20 rows against 256) and does little arithmetic. The
fixed cost is what a step costs for a single row: Python and torch's
dispatch, paid once per step and chunk.

What the profile changed. The gradient of ``J`` is written out by hand instead
of taken by autograd: it skips the parameters' gradients and never forms the
``(rows, 256)`` outer product that autograd builds for the discriminator's
single output (it back-propagates the last weight row once and scales each row
by its logit's derivative afterwards); Adam runs as five in-place tensor
operations; and activations are kept feature-major (a column per row), so that
every product is a weight matrix times a wide activation matrix, which BLAS
runs up to twice as fast as the tall, thin transpose for layers with few
outputs. Autograd with ``torch.optim.Adam`` took
{prof['autograd_step_s'] * 1e3:.2f} ms per step of {prof['rows']} rows, the
hand-written step {prof['step_s'] * 1e3:.2f} ms: {autograd_ratio:.1f}x. And the default
``chunk_size`` went from 4,096 to 512 rows: a chunk's activations then stay in
the processor's cache. Time per row and step against the chunk size:

{chunk_table}

No Python code runs per row: scoring {_n(n1)} rows made {c1:,} Python function
calls, scoring {_n(n2)} rows {c2:,}, a fixed number per chunk and step.
"""


# --------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="small sizes, to check the script"
    )
    parser.add_argument(
        "--render-only", action="store_true", help="rewrite the page only"
    )
    parser.add_argument(
        "--score-child", nargs=2, metavar=("MODEL", "N"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.score_child:
        score_child(args.score_child[0], int(args.score_child[1]))
        return
    if not args.render_only:
        quick = args.quick
        results = {"machine": machine()}
        det, seconds = train_model(quick)
        results["model"] = {"epochs": det.epochs, "fit_s": seconds}
        results["latent"] = latent_batching(
            det,
            sizes=[100, 1000] if quick else [100, 1000, 10_000],
            pyod_sizes=[100] if quick else [100, 1000, 10_000],
        )
        results["scoring"] = scoring_scaling(
            det,
            [100, 1000, 10_000] if quick else [100, 1000, 10_000, 100_000, 1_000_000],
        )
        results["fit"] = fit_per_epoch(
            [1000, 10_000] if quick else [1000, 10_000, 100_000, 1_000_000], quick
        )
        results["grid"] = grid_search_speedup(quick)
        results["profile"] = step_profile(det, quick)
        if quick:
            print(render(results))
            return
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, indent=1))
    PAGE.write_text(render(json.loads(RESULTS.read_text())))
    print(f"wrote {PAGE}")


if __name__ == "__main__":
    main()
