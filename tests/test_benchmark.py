"""The benchmark command: protocol, outputs, figures, argument errors."""

import csv

import numpy as np
import pytest
from scipy.io import savemat
from sklearn.metrics import f1_score, roc_auc_score

from skmimgan import GANAnomalyDetector
from skmimgan._losses import LOSSES
from skmimgan.benchmark import DETECTORS, Dataset, run_benchmark, training_curves
from skmimgan.benchmark.__main__ import main
from skmimgan.benchmark._protocol import make_detector, paper_gan_params
from skmimgan.benchmark._report import COLUMNS, paired_table, read_csv, summary_table

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Tiny GANs: one epoch, a short latent search; enough to run every code path.
TINY = [
    "-p", "gan.epochs=1",
    "-p", "gan.latent_steps=2",
    "-p", "gan.hidden_layer_sizes=8,8",
    "-p", "gan.latent_dim=2",
    "-p", "iforest.n_estimators=20",
]  # fmt: skip


def _write_odds(directory, name, n_normal=150, n_outliers=15, n_features=4, seed=0):
    """An ODDS-style file: a Gaussian blob and far-away outliers (y = 1)."""
    rng = np.random.RandomState(seed)
    X = np.vstack(
        [
            rng.normal(size=(n_normal, n_features)),
            rng.normal(loc=6.0, size=(n_outliers, n_features)),
        ]
    )
    y = np.r_[np.zeros(n_normal), np.ones(n_outliers)][:, None]
    savemat(directory / f"{name}.mat", {"X": X, "y": y})


def _assert_png(path):
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    assert len(data) < 200_000
    import matplotlib.image

    image = matplotlib.image.imread(path)
    assert image.ndim == 3 and image.shape[0] > 200 and image.shape[1] > 300


@pytest.fixture
def data_dir(tmp_path):
    directory = tmp_path / "odds"
    directory.mkdir()
    _write_odds(directory, "blobs")
    _write_odds(directory, "cardio", n_normal=120, n_outliers=12, n_features=3, seed=1)
    return directory


def test_command_writes_csv_summary_and_figures(data_dir, tmp_path, capsys):
    out = tmp_path / "results"
    status = main(
        ["--datasets", "blobs", "digits", "--data-dir", str(data_dir),
         "--seeds", "2", "--output-dir", str(out), *TINY]
    )  # fmt: skip
    assert status == 0

    with open(out / "results.csv", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames) == COLUMNS
        raw = list(reader)
    assert len(raw) == 2 * 2 * len(DETECTORS)
    rows = read_csv(out / "results.csv")
    assert {(r["dataset"], r["seed"], r["detector"]) for r in rows} == {
        (d, s, det) for d in ("blobs", "digits") for s in (0, 1) for det in DETECTORS
    }
    for row in rows:
        assert 0 <= row["auc"] <= 1 and 0 <= row["f1"] <= 1
        assert row["fit_seconds"] > 0 and row["score_seconds"] > 0
    blobs = [r for r in rows if r["dataset"] == "blobs"]
    # Stratified 60 / 40 split of 165 rows, 15 outliers: 6 in the test part.
    assert {(r["n_train"], r["n_test"], r["n_test_outliers"]) for r in blobs} == {
        (99, 66, 6)
    }
    assert all(r["contamination"] == pytest.approx(9 / 99) for r in blobs)
    # Far-away outliers: the baselines find them.
    assert all(r["auc"] > 0.95 for r in blobs if r["detector"] == "IsolationForest")
    digits = [r for r in rows if r["dataset"] == "digits"]
    assert {r["contamination"] for r in digits} == {0.1}
    assert all(
        r["n_test_outliers"] == pytest.approx(0.1 * r["n_test"], abs=1) for r in digits
    )

    summary = (out / "summary.md").read_text()
    assert "| detector | blobs | digits |" in summary
    for heading in (
        "## ROC AUC",
        "## F1 of `predict`",
        "## Fit seconds",
        "## GAN-MIM against each detector, seed by seed: ROC AUC",
    ):
        assert heading in summary
    for detector in DETECTORS:
        assert f"| {detector} |" in summary
    auc = np.mean([r["auc"] for r in blobs if r["detector"] == "LocalOutlierFactor"])
    assert f"{auc:.3f} ± " in summary
    command = "Command: `python -m skmimgan.benchmark run --datasets blobs digits"
    assert command in summary

    for name in ("roc_blobs", "roc_digits", "boxplots_blobs", "boxplots_digits"):
        _assert_png(out / f"{name}.png")

    err = capsys.readouterr().err
    assert f"[1/{len(raw)}] blobs seed 0 GAN-MIM: AUC " in err
    assert f"[{len(raw)}/{len(raw)}] digits seed 1 LocalOutlierFactor: AUC " in err


def test_quiet_run_without_figures_and_paper_settings(data_dir, tmp_path, capsys):
    out = tmp_path / "paper"
    main(
        ["run", "--datasets", "cardio", "--data-dir", str(data_dir), "--seeds", "1",
         "--output-dir", str(out), "--detectors", "GAN-MIM", "OneClassSVM",
         "--paper-settings", "--no-figures", "--quiet", *TINY]
    )  # fmt: skip
    assert sorted(p.name for p in out.iterdir()) == ["results.csv", "summary.md"]
    rows = read_csv(out / "results.csv")
    assert [r["detector"] for r in rows] == ["GAN-MIM", "OneClassSVM"]
    assert "the paper's GAN settings" in (out / "summary.md").read_text()
    assert "[1/2]" not in capsys.readouterr().err


def test_metrics_follow_the_sign_convention_and_predict(data_dir):
    dataset = Dataset("blobs", data_dir=data_dir)
    rows, scores = run_benchmark(
        [dataset], n_seeds=1, detectors=["LocalOutlierFactor"], progress=None
    )
    is_outlier, outlier_score = scores["blobs"]["LocalOutlierFactor"]
    X_train, X_test, is_outlier_again, contamination = dataset.split(0)
    np.testing.assert_array_equal(is_outlier, is_outlier_again)
    pipe = make_detector("LocalOutlierFactor", contamination=contamination, seed=0)
    pipe.fit(X_train)
    # Outliers are the positive class, scored by minus scikit-learn's score.
    np.testing.assert_allclose(outlier_score, -pipe.decision_function(X_test))
    assert rows[0]["auc"] == roc_auc_score(is_outlier, -pipe.score_samples(X_test))
    assert rows[0]["auc"] > 0.95
    assert rows[0]["f1"] == f1_score(is_outlier, pipe.predict(X_test) == -1)


def test_runs_are_reproducible(data_dir):
    dataset = Dataset("blobs", data_dir=data_dir)
    params = {"GAN-MIM": {"epochs": 1, "latent_steps": 2, "hidden_layer_sizes": (8,)}}
    first, _ = run_benchmark(
        [dataset], n_seeds=2, detectors=["GAN-MIM", "IsolationForest"],
        params=params, progress=None,
    )  # fmt: skip
    second, _ = run_benchmark(
        [dataset], n_seeds=2, detectors=["GAN-MIM", "IsolationForest"],
        params=params, progress=None,
    )  # fmt: skip
    assert [(r["auc"], r["f1"]) for r in first] == [(r["auc"], r["f1"]) for r in second]
    # Different seeds give different splits.
    assert dataset.split(0)[0].tolist() != dataset.split(1)[0].tolist()


def test_detectors_get_the_protocol_settings():
    for name, loss in (("GAN-MIM", "mim"), ("GAN-W", "w")):
        pipe = make_detector(name, contamination=0.07, seed=3)
        detector = pipe.named_steps["detector"]
        assert isinstance(detector, GANAnomalyDetector)
        assert (detector.loss, detector.contamination, detector.random_state) == (
            loss, 0.07, 3,
        )  # fmt: skip
        assert type(pipe.steps[0][1]).__name__ == "StandardScaler"
    assert make_detector("OneClassSVM", contamination=0.07, seed=0)[-1].nu == 0.07
    lof = make_detector("LocalOutlierFactor", contamination=0.07, seed=0)[-1]
    assert lof.novelty and lof.contamination == 0.07
    n_layers = len(GANAnomalyDetector().hidden_layer_sizes)
    assert paper_gan_params("musk") == {
        "lam": 0.1, "eta": 0.05, "learning_rate": 1e-3,
        "hidden_layer_sizes": (256,) * n_layers,
    }  # fmt: skip
    assert paper_gan_params("thyroid")["hidden_layer_sizes"] == (64,) * n_layers


def test_digits_protocol_leaves_the_rare_digit_out():
    dataset = Dataset("digits", rare_digit=3)
    X_train, X_test, is_outlier, contamination = dataset.split(0)
    assert contamination == 0.1
    assert is_outlier.mean() == pytest.approx(0.1, abs=0.01)
    # No training row equals a rare test row (the rare digit is never trained on).
    train_rows = {row.tobytes() for row in X_train}
    assert not any(row.tobytes() in train_rows for row in X_test[is_outlier])


def test_summary_table_mean_std_and_best():
    rows = [
        {"dataset": "a", "detector": "X", "seed": s, "auc": v}
        for s, v in enumerate([0.5, 0.7])
    ] + [{"dataset": "a", "detector": "Y", "seed": s, "auc": 0.9} for s in range(2)]
    table = summary_table(rows, "auc")
    assert table.splitlines() == [
        "| detector | a |",
        "|---|---:|",
        "| X | 0.600 ± 0.100 |",
        "| Y | **0.900 ± 0.000** |",
    ]


def test_paired_table_compares_seed_by_seed():
    auc = {"GAN-MIM": [0.9, 0.6, 0.8], "GAN-KL": [0.7, 0.7, 0.8], "LOF": [0.5] * 3}
    rows = [
        {"dataset": "a", "detector": d, "seed": s, "auc": v}
        for d, values in auc.items()
        for s, v in enumerate(values)
    ]
    assert paired_table(rows, "GAN-MIM").splitlines() == [
        "| GAN-MIM minus | a |",
        "|---|---:|",
        "| GAN-KL | +0.033 (1/1/1) |",
        "| LOF | +0.267 (3/0/0) |",
    ]
    assert paired_table(rows, "GAN-W") == ""


@pytest.mark.parametrize(
    "args, message",
    [
        (["--datasets", "nothere"], "--data-dir DIR names the directory"),
        (["--seeds", "0"], "expected an integer >= 1"),
        (["--detectors", "SVM"], "invalid choice"),
        (["-p", "epochs=3"], "expected TARGET.NAME=VALUE"),
        (["-p", "forest.n_estimators=3"], "unknown target 'forest'"),
        (["-p", "gan.epoch=3"], "has no parameter 'epoch'"),
        (["-p", "gan.epochs=0"], "'epochs' parameter"),
        (["-p", "lof.n_neighbors=-1"], "'n_neighbors' parameter"),
        (["--datasets", "blobs", "--paper-settings"], "no hidden width for dataset"),
        (["--datasets", "blobs", "blobs"], "distinct names"),
        (["curves", "--pretrain", "0"], "expected an integer >= 1"),
        (["curves", "--losses", "js"], "invalid choice"),
    ],
)
def test_argument_errors(args, message, data_dir, tmp_path, capsys):
    with pytest.raises(SystemExit) as excinfo:
        main([*args, "--data-dir", str(data_dir), "--output-dir", str(tmp_path / "o")]
             if args[0] != "curves" else args)  # fmt: skip
    assert excinfo.value.code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_help_lists_both_commands(capsys):
    with pytest.raises(SystemExit) as excinfo:
        main(["--help"])
    assert excinfo.value.code == 0
    out = capsys.readouterr().out
    assert "run" in out and "curves" in out


def test_training_curves_command(tmp_path, capsys):
    out = tmp_path / "curves"
    status = main(
        ["curves", "--output-dir", str(out), "--pretrain", "2", "4",
         "--generator-iterations", "5", "--n-samples", "64", "--hidden", "4"]
    )  # fmt: skip
    assert status == 0
    with open(out / "training_curves.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 2 * 4 * 5
    assert {(r["pretrain_iterations"], r["loss"]) for r in rows} == {
        (n, loss) for n in ("2", "4") for loss in ("mim", "kl", "ls", "w")
    }
    _assert_png(out / "training_curves.png")
    assert "mim N=4: D(data)" in capsys.readouterr().err


def test_training_curves_use_the_package_objectives():
    kwargs = dict(
        pretrain_iterations=(3, 6), generator_iterations=20, n_samples=256,
        hidden_layer_sizes=(8,), progress=None,
    )  # fmt: skip
    curves = training_curves(**kwargs)
    again = training_curves(**kwargs)
    assert set(curves) == {(n, loss) for n in (3, 6) for loss in LOSSES}
    for key, curve in curves.items():
        np.testing.assert_array_equal(
            curve["generator_objective"], again[key]["generator_objective"]
        )
        objective = curve["generator_objective"]
        assert objective.shape == (20,) and np.all(np.isfinite(objective))
        assert np.all(curve["gradient_norm"] > 0)
    # Each objective's range: MIM's -E[exp(D)] in [-e, -1], LS in [0, 1/2],
    # KL's -E[ln D] positive.
    for n in (3, 6):
        mim = curves[(n, "mim")]["generator_objective"]
        assert np.all((mim >= -np.e) & (mim <= -1))
        ls = curves[(n, "ls")]["generator_objective"]
        assert np.all((ls >= 0) & (ls <= 0.5))
        assert np.all(curves[(n, "kl")]["generator_objective"] > 0)
    # Every objective starts from the same generator.
    starts = {curves[key]["generated_mean"][0] for key in curves}
    assert len(starts) == 1
