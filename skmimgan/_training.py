"""The adversarial training loop."""

import math

import torch

from ._losses import get_loss
from ._networks import build_networks, network_to_arrays

# Adam's first-moment decay of 0.5 is the usual choice for GANs: with the default
# 0.9 the two players' momenta make the game oscillate.
ADAM_BETAS = (0.5, 0.999)


def train_gan(
    X,
    generator,
    discriminator,
    loss,
    *,
    latent_dim,
    epochs,
    batch_size,
    learning_rate,
    torch_generator,
    verbose=0,
):
    """Train ``generator`` and ``discriminator`` against each other on ``X``.

    Each mini-batch takes one discriminator step, then one generator step on
    the same latent draws. All randomness (shuffling, latent draws, penalty
    weights) comes from ``torch_generator``, drawn on the CPU, so a seed gives
    the same run on any device.

    Parameters
    ----------
    X : torch.Tensor of shape (n_samples, n_features)
        Training data, already mapped into the generator's output range, on
        the networks' device and in their dtype.
    generator, discriminator : torch.nn.Module
        The networks, trained in place.
    loss : GANLoss
        The objective.
    latent_dim, epochs, batch_size : int
        Size of the latent code, number of passes over ``X``, rows per step.
    learning_rate : float
        Adam's step size for both networks.
    torch_generator : torch.Generator
        CPU random number generator.
    verbose : int, default=0
        Print one line per epoch when positive.

    Returns
    -------
    history : dict
        ``"discriminator_loss"`` and ``"generator_loss"``: lists with the
        row-weighted mean loss of each epoch.

    Raises
    ------
    FloatingPointError
        When a loss stops being finite (the run diverged).
    """
    n_samples = X.shape[0]
    device, dtype = X.device, X.dtype
    d_params = list(discriminator.parameters())
    opt_g = torch.optim.Adam(generator.parameters(), lr=learning_rate, betas=ADAM_BETAS)
    opt_d = torch.optim.Adam(d_params, lr=learning_rate, betas=ADAM_BETAS)
    history = {"discriminator_loss": [], "generator_loss": []}
    generator.train()
    discriminator.train()
    for epoch in range(epochs):
        order = torch.randperm(n_samples, generator=torch_generator).to(device)
        d_total = g_total = 0.0
        for start in range(0, n_samples, batch_size):
            real = X[order[start : start + batch_size]]
            noise = torch.randn(
                real.shape[0], latent_dim, generator=torch_generator, dtype=dtype
            ).to(device)
            fake = generator(noise)

            d_loss = loss.discriminator_loss(
                discriminator, real, fake.detach(), generator=torch_generator
            )
            opt_d.zero_grad(set_to_none=True)
            d_loss.backward()
            opt_d.step()

            for param in d_params:
                param.requires_grad_(False)
            g_loss = loss.generator_loss(discriminator(fake))
            opt_g.zero_grad(set_to_none=True)
            g_loss.backward()
            opt_g.step()
            for param in d_params:
                param.requires_grad_(True)

            d_total += d_loss.item() * real.shape[0]
            g_total += g_loss.item() * real.shape[0]

        d_mean, g_mean = d_total / n_samples, g_total / n_samples
        if not (math.isfinite(d_mean) and math.isfinite(g_mean)):
            raise FloatingPointError(
                f"GAN training diverged in epoch {epoch + 1}: discriminator loss "
                f"{d_mean}, generator loss {g_mean}. Try a smaller learning_rate "
                "or another loss."
            )
        history["discriminator_loss"].append(d_mean)
        history["generator_loss"].append(g_mean)
        if verbose:
            print(
                f"Epoch {epoch + 1}/{epochs}: discriminator loss {d_mean:.6f}, "
                f"generator loss {g_mean:.6f}"
            )
    generator.eval()
    discriminator.eval()
    return history


def fit_networks(
    X,
    *,
    loss,
    latent_dim,
    hidden_layer_sizes,
    epochs,
    batch_size,
    learning_rate,
    seeds,
    dtype,
    device,
    n_anchors,
    verbose=0,
):
    """Build and train the networks, then draw the latent anchors.

    A pure function of its arguments (``verbose`` aside), which is what lets
    the estimator cache it with ``joblib.Memory``: everything is passed in and
    everything comes back as plain arrays.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Training data, already mapped into the generator's output range.
    loss : str
        Name of the GAN objective.
    latent_dim : int
        Size of the latent code.
    hidden_layer_sizes : tuple of int
        Hidden widths of both networks.
    epochs, batch_size : int
        Passes over ``X`` and rows per step.
    learning_rate : float
        Adam's step size for both networks.
    seeds : tuple of (int, int)
        Seeds of the layer initialisation and of the training run (shuffling,
        latent draws, penalty weights, anchors).
    dtype : {"float32", "float64"}
        Precision to train in.
    device : str
        Torch device to train on.
    n_anchors : int
        Number of latent anchors to draw.
    verbose : int, default=0
        Print one line per epoch when positive.

    Returns
    -------
    fitted : dict
        ``"generator"`` and ``"discriminator"``: parameter arrays
        ``[W1, b1, ...]`` in ``dtype`` (``_networks.network_to_arrays``);
        ``"anchors"``: float64 array of shape (n_anchors, latent_dim);
        ``"history"``: the per-epoch losses of ``train_gan``.
    """
    init_seed, run_seed = seeds
    torch_dtype = getattr(torch, dtype)
    generator, discriminator = build_networks(
        latent_dim, hidden_layer_sizes, X.shape[1], init_seed
    )
    generator.to(device=device, dtype=torch_dtype)
    discriminator.to(device=device, dtype=torch_dtype)
    torch_generator = torch.Generator().manual_seed(run_seed)
    history = train_gan(
        torch.as_tensor(X, dtype=torch_dtype).to(device),
        generator,
        discriminator,
        get_loss(loss),
        latent_dim=latent_dim,
        epochs=epochs,
        batch_size=batch_size,
        learning_rate=learning_rate,
        torch_generator=torch_generator,
        verbose=verbose,
    )
    anchors = torch.randn(
        n_anchors, latent_dim, generator=torch_generator, dtype=torch.float64
    )
    return {
        "generator": network_to_arrays(generator),
        "discriminator": network_to_arrays(discriminator),
        "anchors": anchors.numpy(),
        "history": history,
    }
