"""Tests for skmimgan.datasets; every ODDS file here is made in tmp_path."""

import re
from pathlib import Path

import numpy as np
import pytest
from scipy.io import savemat
from sklearn.datasets import load_digits
from sklearn.ensemble import IsolationForest
from sklearn.model_selection import cross_val_score
from sklearn.utils import Bunch

from skmimgan.datasets import (
    load_digits_protocol,
    load_odds,
    make_gaussian,
    odds_to_sklearn_labels,
)

X_SMALL = np.arange(12, dtype=np.float64).reshape(6, 2)
Y_SMALL = np.array([[0], [1], [0], [0], [1], [0]], dtype=np.float64)


def write_mat(path, **arrays):
    path.parent.mkdir(parents=True, exist_ok=True)
    savemat(path, arrays or {"X": X_SMALL, "y": Y_SMALL})
    return path


# --- load_odds: finding the file ---------------------------------------------


def test_load_odds_by_name_in_data_home(tmp_path):
    path = write_mat(tmp_path / "tiny.mat")
    bunch = load_odds("tiny", data_home=tmp_path)

    assert isinstance(bunch, Bunch)
    assert bunch.data.dtype == np.float64 and bunch.data.shape == (6, 2)
    np.testing.assert_array_equal(bunch.data, X_SMALL)
    assert bunch.target.dtype.kind == "i" and bunch.target.shape == (6,)
    np.testing.assert_array_equal(bunch.target, [0, 1, 0, 0, 1, 0])
    assert bunch.name == "tiny"
    assert bunch.filename == str(path)
    assert "\n" not in bunch.DESCR
    assert "6 samples, 2 features, 2 outliers" in bunch.DESCR


def test_load_odds_by_name_in_env_directory(tmp_path, monkeypatch):
    write_mat(tmp_path / "env" / "tiny.mat")
    monkeypatch.setenv("SKMIMGAN_DATA", str(tmp_path / "env"))
    assert load_odds("tiny").data.shape == (6, 2)


def test_data_home_takes_precedence_over_env(tmp_path, monkeypatch):
    write_mat(tmp_path / "env" / "tiny.mat")
    write_mat(tmp_path / "home" / "tiny.mat", X=np.ones((3, 4)), y=np.zeros((3, 1)))
    monkeypatch.setenv("SKMIMGAN_DATA", str(tmp_path / "env"))
    bunch = load_odds("tiny", data_home=str(tmp_path / "home"))
    assert bunch.data.shape == (3, 4)
    assert bunch.filename == str(tmp_path / "home" / "tiny.mat")


@pytest.mark.parametrize("as_path", [str, Path])
def test_load_odds_by_path(tmp_path, monkeypatch, as_path):
    monkeypatch.delenv("SKMIMGAN_DATA", raising=False)
    path = write_mat(tmp_path / "sub" / "thing.mat")
    bunch = load_odds(as_path(path))
    assert bunch.name == "thing"
    np.testing.assert_array_equal(bunch.data, X_SMALL)


def test_bare_file_name_in_working_directory_then_data_home(tmp_path, monkeypatch):
    monkeypatch.delenv("SKMIMGAN_DATA", raising=False)
    write_mat(tmp_path / "here" / "tiny.mat", X=np.ones((2, 1)), y=np.zeros((2, 1)))
    write_mat(tmp_path / "home" / "tiny.mat")
    monkeypatch.chdir(tmp_path / "here")
    assert load_odds("tiny.mat", data_home=tmp_path / "home").data.shape == (2, 1)
    monkeypatch.chdir(tmp_path)
    assert load_odds("tiny.mat", data_home=tmp_path / "home").data.shape == (6, 2)


# --- load_odds: labels and return values ---------------------------------------


def test_sklearn_labels(tmp_path):
    write_mat(tmp_path / "tiny.mat")
    bunch = load_odds("tiny", data_home=tmp_path, sklearn_labels=True)
    np.testing.assert_array_equal(bunch.target, [1, -1, 1, 1, -1, 1])
    assert "-1 = outlier" in bunch.DESCR


def test_return_X_y(tmp_path):
    write_mat(tmp_path / "tiny.mat")
    X, y = load_odds("tiny", data_home=tmp_path, return_X_y=True)
    np.testing.assert_array_equal(X, X_SMALL)
    np.testing.assert_array_equal(y, [0, 1, 0, 0, 1, 0])
    X, y = load_odds("tiny", data_home=tmp_path, return_X_y=True, sklearn_labels=True)
    np.testing.assert_array_equal(y, [1, -1, 1, 1, -1, 1])


def test_integer_files_become_float_data_and_int_labels(tmp_path):
    # Several ODDS files store X as uint8 or int16 and y as uint8.
    X = np.array([[1, 200], [3, 4], [5, 6]], dtype=np.uint8)
    y = np.array([[1], [0], [0]], dtype=np.uint8)
    write_mat(tmp_path / "ints.mat", X=X, y=y)
    bunch = load_odds("ints", data_home=tmp_path, sklearn_labels=True)
    assert bunch.data.dtype == np.float64
    np.testing.assert_array_equal(bunch.data, X)
    np.testing.assert_array_equal(bunch.target, [-1, 1, 1])


def test_row_vector_labels_are_accepted(tmp_path):
    write_mat(tmp_path / "row.mat", X=X_SMALL, y=Y_SMALL.ravel())  # saved as (1, 6)
    np.testing.assert_array_equal(
        load_odds("row", data_home=tmp_path).target, [0, 1, 0, 0, 1, 0]
    )


def test_odds_to_sklearn_labels():
    y = odds_to_sklearn_labels(np.array([0, 1, 1, 0], dtype=np.uint8))
    np.testing.assert_array_equal(y, [1, -1, -1, 1])
    assert y.dtype.kind == "i"
    np.testing.assert_array_equal(odds_to_sklearn_labels([[1.0], [0.0]]), [[-1], [1]])
    np.testing.assert_array_equal(odds_to_sklearn_labels([True, False]), [-1, 1])


@pytest.mark.parametrize(
    "y, match",
    [([0, 2], r"other values: \[2\]"), ([0, np.nan], "other values"),
     (["a", "b"], "must be numbers")],
)
def test_odds_to_sklearn_labels_rejects_other_values(y, match):
    with pytest.raises(ValueError, match=match):
        odds_to_sklearn_labels(y)


# --- load_odds: errors ------------------------------------------------------------


def test_missing_name_lists_the_path_and_how_to_fix(tmp_path):
    with pytest.raises(FileNotFoundError) as info:
        load_odds("cardio", data_home=tmp_path)
    message = str(info.value)
    assert str(tmp_path / "cardio.mat") in message
    assert "data_home" in message and "SKMIMGAN_DATA" in message
    assert "Outlier Detection DataSets" in message
    assert "http://odds.cs.stonybrook.edu" in message


@pytest.mark.parametrize("env", [None, ""])
def test_missing_name_without_any_directory(monkeypatch, env):
    if env is None:
        monkeypatch.delenv("SKMIMGAN_DATA", raising=False)
    else:
        monkeypatch.setenv("SKMIMGAN_DATA", env)
    with pytest.raises(FileNotFoundError, match="no data directory is set") as info:
        load_odds("cardio")
    assert "SKMIMGAN_DATA" in str(info.value)
    assert "odds.cs.stonybrook.edu" in str(info.value)


def test_missing_name_in_env_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("SKMIMGAN_DATA", str(tmp_path))
    with pytest.raises(FileNotFoundError, match=re.escape(str(tmp_path / "x.mat"))):
        load_odds("x")


def test_missing_bare_file_name_lists_both_places(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "home").mkdir()
    with pytest.raises(FileNotFoundError) as info:
        load_odds("x.mat", data_home=tmp_path / "home")
    assert str(tmp_path / "x.mat") in str(info.value)
    assert str(tmp_path / "home" / "x.mat") in str(info.value)


def test_missing_path(tmp_path):
    path = tmp_path / "no" / "such.mat"
    with pytest.raises(FileNotFoundError, match=re.escape(str(path))):
        load_odds(path)


@pytest.mark.parametrize(
    "content",
    [b"this is not a MATLAB file " * 10, b"", "truncated"],
    ids=["text", "empty", "truncated"],
)
def test_unreadable_file(tmp_path, content):
    path = tmp_path / "bad.mat"
    if content == "truncated":
        content = write_mat(path).read_bytes()[:200]
    path.write_bytes(content)
    with pytest.raises(ValueError, match="not a MATLAB file") as info:
        load_odds(path)
    assert str(path) in str(info.value)
    assert info.value.__cause__ is not None


@pytest.mark.parametrize(
    "arrays, match",
    [
        ({"y": Y_SMALL}, r"no variable X\b"),
        ({"X": X_SMALL}, r"no variable y\b"),
        ({"data": X_SMALL}, "no variable X or y"),
        ({"X": X_SMALL, "y": Y_SMALL[:5]}, "X has 6 rows but y has 5 labels"),
        ({"X": "text", "y": Y_SMALL[:1]}, "X must hold real numbers"),
        ({"X": X_SMALL + 1j, "y": Y_SMALL}, "X must hold real numbers"),
        ({"X": X_SMALL, "y": np.array(["a"] * 6)}, "y must hold real numbers"),
        (
            {"X": np.where(X_SMALL == 3, np.nan, X_SMALL), "y": Y_SMALL},
            r"X has 1 non-finite values",
        ),
        (
            {"X": np.where(X_SMALL > 9, np.inf, X_SMALL), "y": Y_SMALL},
            r"X has 2 non-finite values",
        ),
        ({"X": X_SMALL, "y": np.where(Y_SMALL == 1, np.nan, 0)}, "y has 2 non-finite"),
        ({"X": X_SMALL, "y": Y_SMALL * 2}, r"other values: \[2\.0\]"),
        ({"X": X_SMALL, "y": Y_SMALL - 1}, r"other values: \[-1\.0\]"),
        ({"X": X_SMALL, "y": np.zeros((6, 2))}, "y must be a vector"),
        ({"X": np.zeros((0, 3)), "y": np.zeros((0, 1))}, "non-empty 2-D"),
    ],
)
def test_invalid_content(tmp_path, arrays, match):
    path = write_mat(tmp_path / "bad.mat", **arrays)
    with pytest.raises(ValueError, match=match) as info:
        load_odds("bad", data_home=tmp_path)
    assert str(path) in str(info.value)


# --- load_digits_protocol -----------------------------------------------------


def _rare_rows(bunch, rows):
    return rows[bunch.target[rows] == -1]


def _normal_rows(bunch, rows):
    return rows[bunch.target[rows] == 1]


@pytest.mark.parametrize(
    "rare_digit, outlier_fraction, n_splits",
    [(0, 0.1, 3), (3, 0.1, 3), (8, 0.05, 5), (5, 0.02, 2), (1, 0.25, 10)],
)
def test_digits_protocol_invariants(rare_digit, outlier_fraction, n_splits):
    bunch = load_digits_protocol(
        rare_digit=rare_digit,
        outlier_fraction=outlier_fraction,
        n_splits=n_splits,
        random_state=0,
    )
    n = len(bunch.data)
    assert bunch.data.dtype == np.float64 and bunch.data.shape == (n, 64)
    assert bunch.rare_digit == rare_digit
    np.testing.assert_array_equal(
        bunch.target, np.where(bunch.digit == rare_digit, -1, 1)
    )
    assert len(bunch.cv) == n_splits

    # Every normal row of load_digits is in the data; so is every rare row used.
    digits_all = load_digits().target
    expected = np.bincount(digits_all, minlength=10)
    expected[rare_digit] = 0
    counts = np.bincount(bunch.digit, minlength=10)
    counts[rare_digit] = 0
    np.testing.assert_array_equal(counts, expected)

    normal_tests, rare_tests = [], []
    for train, test in bunch.cv:
        assert np.all(bunch.digit[train] != rare_digit)
        assert np.all(bunch.target[train] == 1)
        assert len(np.intersect1d(train, test)) == 0
        n_rare = np.count_nonzero(bunch.target[test] == -1)
        assert n_rare >= 1
        assert abs(n_rare - outlier_fraction * len(test)) < 1
        # train is exactly the normal rows outside this test fold
        np.testing.assert_array_equal(
            np.sort(np.r_[train, _normal_rows(bunch, test)]),
            np.flatnonzero(bunch.target == 1),
        )
        normal_tests.append(_normal_rows(bunch, test))
        rare_tests.append(_rare_rows(bunch, test))

    # The folds' normal test rows partition the normal rows.
    normal_tests = np.sort(np.concatenate(normal_tests))
    np.testing.assert_array_equal(normal_tests, np.flatnonzero(bunch.target == 1))
    # No rare row twice in one fold, and every rare row in data is used.
    for rows in rare_tests:
        assert len(np.unique(rows)) == len(rows)
    np.testing.assert_array_equal(
        np.unique(np.concatenate(rare_tests)), np.flatnonzero(bunch.target == -1)
    )


def test_digits_protocol_rows_are_the_digits_images():
    bunch = load_digits_protocol(rare_digit=4, random_state=0)
    digits = load_digits()
    # Each row of data is an image of load_digits with the same label.
    matches = (bunch.data[:, None, :] == digits.data[None, :, :]).all(axis=2)
    found = matches.argmax(axis=1)
    assert matches.any(axis=1).all()
    np.testing.assert_array_equal(digits.target[found], bunch.digit)


@pytest.mark.parametrize("rare_digit", range(10))
def test_digits_protocol_defaults_work_for_every_digit(rare_digit):
    bunch = load_digits_protocol(rare_digit=rare_digit, random_state=1)
    assert len(bunch.cv) == 3
    assert f"digit {rare_digit}" in bunch.DESCR and "\n" not in bunch.DESCR


def test_digits_protocol_is_deterministic():
    first = load_digits_protocol(rare_digit=2, random_state=42)
    second = load_digits_protocol(rare_digit=2, random_state=42)
    np.testing.assert_array_equal(first.data, second.data)
    for (train1, test1), (train2, test2) in zip(first.cv, second.cv):
        np.testing.assert_array_equal(train1, train2)
        np.testing.assert_array_equal(test1, test2)
    third = load_digits_protocol(rare_digit=2, random_state=43)
    assert any(
        not np.array_equal(test1, test3)
        for (_, test1), (_, test3) in zip(first.cv, third.cv)
    )
    from_instance = load_digits_protocol(
        rare_digit=2, random_state=np.random.RandomState(42)
    )
    np.testing.assert_array_equal(from_instance.cv[0][1], first.cv[0][1])


def test_digits_protocol_cv_works_with_cross_val_score():
    bunch = load_digits_protocol(rare_digit=0, random_state=0)
    scores = cross_val_score(
        IsolationForest(n_estimators=20, random_state=0),
        bunch.data,
        bunch.target,
        cv=bunch.cv,
        scoring="roc_auc",
    )
    assert scores.shape == (3,)
    assert np.all((scores > 0.5) & (scores <= 1.0))


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"rare_digit": -1}, "rare_digit must be an int in 0..9"),
        ({"rare_digit": 10}, "rare_digit must be an int in 0..9"),
        ({"rare_digit": 1.0}, "rare_digit must be an int in 0..9"),
        ({"rare_digit": True}, "rare_digit must be an int in 0..9"),
        ({"rare_digit": "3"}, "rare_digit must be an int in 0..9"),
        ({"outlier_fraction": 0}, r"outlier_fraction must be a number in \(0, 0.5\]"),
        ({"outlier_fraction": 0.6}, r"outlier_fraction must be a number in \(0, 0.5\]"),
        ({"outlier_fraction": np.nan}, "outlier_fraction must be a number"),
        ({"outlier_fraction": "0.1"}, "outlier_fraction must be a number"),
        ({"n_splits": 1}, "n_splits must be an int >= 2"),
        ({"n_splits": 2.0}, "n_splits must be an int >= 2"),
    ],
)
def test_digits_protocol_argument_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        load_digits_protocol(**kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [{"rare_digit": 8, "n_splits": 2}, {"rare_digit": 0}],
)
def test_digits_protocol_not_enough_rare_rows(kwargs):
    # A test fold of about 540 normal rows needs as many rare rows at 50 %.
    kwargs = {"outlier_fraction": 0.5, **kwargs}
    digit = kwargs["rare_digit"]
    with pytest.raises(ValueError, match=f"Not enough rows of digit {digit}") as info:
        load_digits_protocol(**kwargs)
    assert "Lower outlier_fraction" in str(info.value)


def test_digits_protocol_fold_without_rare_row():
    with pytest.raises(ValueError, match="with no row of digit 0"):
        load_digits_protocol(rare_digit=0, outlier_fraction=0.0005)


# --- make_gaussian ------------------------------------------------------------


def test_make_gaussian_default_shape_and_moments():
    X = make_gaussian(random_state=0)
    assert X.shape == (16000, 1) and X.dtype == np.float64
    assert abs(X.mean() - 4.0) < 0.05
    assert abs(X.std() - 1.25) < 0.05  # 1.25 is sigma, not the variance


def test_make_gaussian_parameters_and_seed():
    X = make_gaussian(5000, mean=-2.0, std=0.5, random_state=1)
    assert X.shape == (5000, 1)
    assert abs(X.mean() + 2.0) < 0.05 and abs(X.std() - 0.5) < 0.05
    same = make_gaussian(5000, mean=-2.0, std=0.5, random_state=1)
    other = make_gaussian(5000, mean=-2.0, std=0.5, random_state=2)
    np.testing.assert_array_equal(X, same)
    assert not np.array_equal(X, other)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"n_samples": 0}, "n_samples must be an int >= 1"),
        ({"n_samples": 10.0}, "n_samples must be an int >= 1"),
        ({"std": 0.0}, "std must be a positive number"),
        ({"std": -1.25}, "std must be a positive number"),
    ],
)
def test_make_gaussian_argument_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_gaussian(**kwargs)
