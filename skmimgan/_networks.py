"""MLP generator and discriminator builders."""

import copy

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


def frozen_copy(module, dtype=torch.float64, device="cpu"):
    """A copy of ``module`` in ``dtype`` on ``device`` with gradients off, in eval mode."""
    module = copy.deepcopy(module).to(device=device, dtype=dtype).eval()
    for param in module.parameters():
        param.requires_grad_(False)
    return module
