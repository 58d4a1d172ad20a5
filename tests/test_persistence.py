"""Saving and loading: exact, portable, and checked on the way in."""

import io
import json
import pickle
import pickletools
import struct
import zipfile

import joblib
import numpy as np
import pandas as pd
import pytest
import skops.io as sio
import torch
from sklearn.base import clone

from skmimgan import GANAnomalyDetector
from skmimgan._persistence import DIGEST, DamagedModelError, _digest

TRUSTED = ["skmimgan._detector.GANAnomalyDetector"]
TINY = dict(
    latent_dim=3,
    hidden_layer_sizes=(8, 5),
    epochs=2,
    batch_size=16,
    latent_steps=10,
    random_state=0,
)


@pytest.fixture(scope="module")
def data():
    rng = np.random.RandomState(0)
    X = pd.DataFrame(rng.normal(size=(150, 3)), columns=["a", "b", "c"])
    X_test = pd.DataFrame(
        np.r_[rng.normal(size=(20, 3)), rng.normal(loc=6, size=(5, 3))],
        columns=X.columns,
    )
    return X, X_test


@pytest.fixture(scope="module")
def fitted(data):
    return GANAnomalyDetector(**TINY).fit(data[0])


def _outputs(det, X):
    return det.score_samples(X), det.decision_function(X), det.predict(X)


def _assert_same_model(loaded, det, X):
    for got, expected in zip(_outputs(loaded, X), _outputs(det, X)):
        np.testing.assert_array_equal(got, expected)
    assert loaded.get_params() == det.get_params()
    for name in ("offset_", "threshold_", "n_iter_", "history_", "n_features_in_"):
        assert getattr(loaded, name) == getattr(det, name)
    np.testing.assert_array_equal(loaded.feature_names_in_, det.feature_names_in_)
    np.testing.assert_array_equal(loaded.latent_anchors_, det.latent_anchors_)


def _joblib_bytes(obj, **kwargs):
    buffer = io.BytesIO()
    joblib.dump(obj, buffer, **kwargs)
    return buffer.getvalue()


def test_pickle_and_joblib_round_trips_are_exact(fitted, data, tmp_path):
    X_test = data[1]
    _assert_same_model(pickle.loads(pickle.dumps(fitted)), fitted, X_test)
    _assert_same_model(joblib.load(io.BytesIO(_joblib_bytes(fitted))), fitted, X_test)
    # Memory-mapped, read-only arrays load too.
    joblib.dump(fitted, tmp_path / "model.joblib")
    _assert_same_model(
        joblib.load(tmp_path / "model.joblib", mmap_mode="r"), fitted, X_test
    )
    unfitted = pickle.loads(pickle.dumps(clone(fitted)))
    assert unfitted.get_params() == fitted.get_params()
    assert not any(name.endswith("_") for name in vars(unfitted))


def test_saved_state_holds_plain_arrays_and_no_torch_object(fitted):
    state = fitted.__getstate__()
    for name in ("generator_", "discriminator_"):
        assert isinstance(state[name], list)
        assert all(
            isinstance(a, np.ndarray) and a.dtype == np.float64 for a in state[name]
        )
    modules = {
        arg.split()[0] if isinstance(arg, str) else None
        for opcode, arg, _ in pickletools.genops(pickle.dumps(fitted))
        if opcode.name in ("GLOBAL", "SHORT_BINUNICODE", "BINUNICODE")
    }
    assert not any(m and m.startswith("torch") for m in modules)
    # Loading rebuilds the networks as frozen float64 modules on the CPU.
    loaded = pickle.loads(pickle.dumps(fitted))
    for net in (loaded.generator_, loaded.discriminator_):
        assert isinstance(net, torch.nn.Module) and not net.training
        assert all(
            p.dtype == torch.float64 and p.device.type == "cpu"
            for p in net.parameters()
        )
        assert not any(p.requires_grad for p in net.parameters())


def test_model_for_a_gpu_loads_and_scores_without_one(fitted, data, monkeypatch):
    # The saved state has no device: a model whose device is "cuda" loads and
    # scores on the CPU of a machine without CUDA, with the same scores.
    on_gpu = pickle.loads(pickle.dumps(fitted))
    on_gpu.set_params(device="cuda")
    saved = pickle.dumps(on_gpu)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    loaded = pickle.loads(saved)
    assert loaded.device == "cuda"
    np.testing.assert_array_equal(
        loaded.score_samples(data[1]), fitted.score_samples(data[1])
    )


def test_skops_round_trip_trusts_one_type(fitted, data, tmp_path):
    path = tmp_path / "model.skops"
    sio.dump(fitted, path)
    assert sio.get_untrusted_types(file=path) == TRUSTED
    _assert_same_model(sio.load(path, trusted=TRUSTED), fitted, data[1])
    unfitted = sio.loads(sio.dumps(clone(fitted)), trusted=TRUSTED)
    assert unfitted.get_params() == fitted.get_params()
    with pytest.raises(sio.exceptions.UntrustedTypesFoundException):
        sio.load(path)


def _cuts(n, count=60):
    return sorted(set(np.linspace(0, n - 1, count).astype(int)))


def test_truncated_files_never_load(fitted):
    blob = pickle.dumps(fitted)
    for cut in _cuts(len(blob)):
        with pytest.raises(
            (EOFError, pickle.UnpicklingError), match="truncated|Ran out"
        ):
            pickle.loads(blob[:cut])
    blob = _joblib_bytes(fitted)
    for cut in _cuts(len(blob)):
        # joblib's reader fails in the pickle stream or in an array's data;
        # its errors vary with the cut, but none loads.
        with pytest.raises(
            (EOFError, ValueError, IndexError, struct.error, pickle.UnpicklingError)
        ):
            joblib.load(io.BytesIO(blob[:cut]))
    blob = sio.dumps(fitted)
    for cut in _cuts(len(blob)):
        with pytest.raises(zipfile.BadZipFile):
            sio.loads(blob[:cut], trusted=TRUSTED)


def _rewrite_skops(blob, change):
    """A copy of a skops file with ``change(name, bytes) -> bytes`` applied."""
    source = zipfile.ZipFile(io.BytesIO(blob))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            target.writestr(name, change(name, source.read(name)))
    return out.getvalue()


def _state_node(schema, key):
    return schema["content"]["content"][key]


def test_skops_file_with_changed_weights_is_rejected(fitted):
    blob = sio.dumps(fitted)
    schema = json.loads(zipfile.ZipFile(io.BytesIO(blob)).read("schema.json"))
    first_weight = _state_node(schema, "generator_")["content"][0]["file"]

    def nudge(name, content):
        if name != first_weight:
            return content
        array = np.load(io.BytesIO(content))
        array[0, 0] += 1e-6
        buffer = io.BytesIO()
        np.save(buffer, array)
        return buffer.getvalue()

    with pytest.raises(DamagedModelError, match="differ from those saved"):
        sio.loads(_rewrite_skops(blob, nudge), trusted=TRUSTED)


def test_skops_file_with_an_injected_type_is_refused(fitted):
    blob = sio.dumps(fitted)

    def inject(name, content):
        if name != "schema.json":
            return content
        schema = json.loads(content)
        node = _state_node(schema, "scaler_")
        node["__module__"], node["__class__"] = "os", "system"
        return json.dumps(schema).encode()

    tampered = _rewrite_skops(blob, inject)
    assert "os.system" in sio.get_untrusted_types(data=tampered)
    with pytest.raises(sio.exceptions.UntrustedTypesFoundException, match="os.system"):
        sio.loads(tampered, trusted=TRUSTED)


def _load_state(state):
    det = GANAnomalyDetector.__new__(GANAnomalyDetector)
    det.__setstate__(state)
    return det


def test_tampered_state_is_rejected(fitted):
    state = fitted.__getstate__()
    _load_state(state)

    changed = {**state, "offset_": state["offset_"] + 1.0}
    with pytest.raises(DamagedModelError, match="differ from those saved"):
        _load_state(changed)

    weights = [a.copy() for a in state["discriminator_"]]
    weights[-1][0] = np.nan
    with pytest.raises(DamagedModelError, match="differ from those saved"):
        _load_state({**state, "discriminator_": weights})

    for missing in ("generator_", "latent_anchors_", "scaler_", DIGEST):
        incomplete = {k: v for k, v in state.items() if k != missing}
        with pytest.raises(DamagedModelError, match="cannot be loaded"):
            _load_state(incomplete)

    # Arrays that agree with their digest but not with each other.
    reshaped = {**state, "generator_": [a.copy() for a in state["generator_"]]}
    reshaped["generator_"][0] = reshaped["generator_"][0][:, :2]
    reshaped[DIGEST] = _digest(reshaped)
    with pytest.raises(DamagedModelError, match="do not fit together"):
        _load_state(reshaped)
    wide = {**state, "n_features_in_": 4}
    with pytest.raises(DamagedModelError, match="do not fit together"):
        _load_state(wide)
