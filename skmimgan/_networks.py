"""MLP generator and discriminator builders."""

import copy

import numpy as np
import torch
from torch import nn

LEAKY_SLOPE = 0.2


def _mlp(n_in, hidden_layer_sizes, n_out):
    layers = []
    for width in hidden_layer_sizes:
        layers += [nn.Linear(n_in, width), nn.LeakyReLU(LEAKY_SLOPE)]
        n_in = width
    layers.append(nn.Linear(n_in, n_out))
    return layers


def build_generator(latent_dim, hidden_layer_sizes, n_features):
    """Generator ``G: R^latent_dim -> (-1, 1)^n_features``.

    Leaky-ReLU hidden layers and a tanh output, as in the paper.
    """
    return nn.Sequential(*_mlp(latent_dim, hidden_layer_sizes, n_features), nn.Tanh())


class _Squeeze(nn.Module):
    def forward(self, x):
        return x.squeeze(-1)


def build_discriminator(n_features, hidden_layer_sizes):
    """Discriminator returning the logit ``l(x)``, shape ``(n_samples,)``.

    ``D(x) = sigmoid(l(x))``; the objectives apply the sigmoid (or softplus)
    themselves so that no logarithm of a sigmoid is ever taken.
    """
    return nn.Sequential(*_mlp(n_features, hidden_layer_sizes, 1), _Squeeze())


def build_networks(latent_dim, hidden_layer_sizes, n_features, seed):
    """Build both networks with layer initialisation drawn from ``seed``.

    The global torch RNG is forked, so it is left as it was.
    """
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        generator = build_generator(latent_dim, hidden_layer_sizes, n_features)
        discriminator = build_discriminator(n_features, hidden_layer_sizes)
    return generator, discriminator


def _freeze(module):
    module.eval()
    for param in module.parameters():
        param.requires_grad_(False)
    return module


def frozen_copy(module, dtype=torch.float64, device="cpu"):
    """A copy of ``module`` in ``dtype`` on ``device``, in eval mode, no gradients."""
    return _freeze(copy.deepcopy(module).to(device=device, dtype=dtype))


def linear_layers(module):
    """The ``(weight, bias)`` pairs of the linear layers of a network, in order."""
    return [
        (layer.weight, layer.bias) for layer in module if isinstance(layer, nn.Linear)
    ]


def network_to_arrays(module):
    """The parameters of a network as plain arrays ``[W1, b1, W2, b2, ...]``.

    The arrays are CPU copies in the parameters' dtype.
    """
    return [
        tensor.detach().cpu().numpy().copy()
        for pair in linear_layers(module)
        for tensor in pair
    ]


def _hidden_widths(arrays, n_in, n_out, name):
    """The hidden widths of the MLP whose parameters are ``arrays``.

    Raises ``ValueError`` unless ``arrays`` are ``[W1, b1, ...]`` of a network
    from ``n_in`` to ``n_out`` inputs, in floating point.
    """
    if (
        not isinstance(arrays, (list, tuple))
        or len(arrays) < 2
        or len(arrays) % 2
        or not all(isinstance(a, np.ndarray) and a.dtype.kind == "f" for a in arrays)
    ):
        raise ValueError(
            f"The {name} parameters must be a list of floating-point arrays "
            "[W1, b1, W2, b2, ...]."
        )
    width = n_in
    for weight, bias in zip(arrays[::2], arrays[1::2]):
        if (
            weight.ndim != 2
            or weight.shape[1] != width
            or bias.shape != weight.shape[:1]
        ):
            raise ValueError(
                f"The {name} parameters do not fit together: shapes "
                f"{[a.shape for a in arrays]} for {n_in} inputs."
            )
        width = weight.shape[0]
    if width != n_out:
        raise ValueError(f"The {name} has {width} outputs where {n_out} are expected.")
    return tuple(w.shape[0] for w in arrays[:-2:2])


def _load(module, arrays, dtype):
    module = module.to_empty(device="cpu").to(dtype)
    with torch.no_grad():
        params = [tensor for pair in linear_layers(module) for tensor in pair]
        for param, array in zip(params, arrays):
            param.copy_(torch.from_numpy(np.array(array)))
    return _freeze(module)


def networks_from_arrays(
    generator_arrays, discriminator_arrays, latent_dim, n_features, dtype=torch.float64
):
    """Rebuild frozen networks from the arrays of ``network_to_arrays``.

    Raises
    ------
    ValueError
        When the arrays are not the parameters of a generator from
        ``latent_dim`` to ``n_features`` and a discriminator from
        ``n_features`` to one logit, with the same hidden widths.
    """
    hidden = _hidden_widths(generator_arrays, latent_dim, n_features, "generator")
    if _hidden_widths(discriminator_arrays, n_features, 1, "discriminator") != hidden:
        raise ValueError("The generator and the discriminator differ in hidden widths.")
    # Built on the meta device: no initialisation is drawn, so no RNG is touched.
    with torch.device("meta"):
        generator = build_generator(latent_dim, hidden, n_features)
        discriminator = build_discriminator(n_features, hidden)
    return (
        _load(generator, generator_arrays, dtype),
        _load(discriminator, discriminator_arrays, dtype),
    )
