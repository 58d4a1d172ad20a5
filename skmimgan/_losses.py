"""The four GAN objectives, each a small object.

Every objective is written on the discriminator's logit ``l`` (``D = sigmoid(l)``)
so that logarithms of sigmoids never appear: ``-ln D = softplus(-l)`` and
``-ln(1 - D) = softplus(l)``.
"""

import torch
import torch.nn.functional as F


class GANLoss:
    """Base class: a discriminator objective, a generator objective and,
    where it is known in closed form, the optimal discriminator.

    Subclasses implement ``_discriminator_objective(real_logits, fake_logits)``
    and ``generator_loss(fake_logits)``; both return scalars to minimise.
    """

    name = None

    def discriminator_loss(self, discriminator, real, fake, generator=None):
        """Loss the discriminator minimises on a batch of real and fake rows.

        ``generator`` is the ``torch.Generator`` for any randomness the
        objective needs (the gradient penalty's interpolation weights).
        """
        return self._discriminator_objective(discriminator(real), discriminator(fake))

    def _discriminator_objective(self, real_logits, fake_logits):
        raise NotImplementedError

    def generator_loss(self, fake_logits):
        """Loss the generator minimises given the discriminator's fake logits."""
        raise NotImplementedError

    def optimal_discriminator(self, p_data, p_gen):
        """Optimal ``D*(x)`` for a fixed generator, from the two densities.

        Returns ``None`` where no closed form is known.
        """
        return None

    def __repr__(self):
        return f"{type(self).__name__}()"


class MIMLoss(GANLoss):
    """Message Importance Measure objective (She & Fan, Eq. 3-4).

    The discriminator minimises ``E_P[exp(1 - D(x))] + E_z[exp(D(G(z)))]``, the
    generator minimises ``-E_z[exp(D(G(z)))]``.
    """

    name = "mim"

    def _discriminator_objective(self, real_logits, fake_logits):
        return (
            torch.exp(1.0 - torch.sigmoid(real_logits)).mean()
            + torch.exp(torch.sigmoid(fake_logits)).mean()
        )

    def generator_loss(self, fake_logits):
        return -torch.exp(torch.sigmoid(fake_logits)).mean()

    def optimal_discriminator(self, p_data, p_gen):
        """Lemma 1: ``D*(x) = 1/2 + 1/2 ln(P(x) / P_g(x))``."""
        return 0.5 + 0.5 * torch.log(torch.as_tensor(p_data) / torch.as_tensor(p_gen))


class KLLoss(GANLoss):
    """Original GAN (Goodfellow et al.), non-saturating generator loss."""

    name = "kl"

    def _discriminator_objective(self, real_logits, fake_logits):
        return F.softplus(-real_logits).mean() + F.softplus(fake_logits).mean()

    def generator_loss(self, fake_logits):
        return F.softplus(-fake_logits).mean()

    def optimal_discriminator(self, p_data, p_gen):
        """``D*(x) = P(x) / (P(x) + P_g(x))``."""
        p_data, p_gen = torch.as_tensor(p_data), torch.as_tensor(p_gen)
        return p_data / (p_data + p_gen)


class LSLoss(GANLoss):
    """Least-squares GAN (Mao et al.) with targets 0 (fake) and 1 (real)."""

    name = "ls"

    def _discriminator_objective(self, real_logits, fake_logits):
        return 0.5 * (
            (torch.sigmoid(real_logits) - 1.0).square().mean()
            + torch.sigmoid(fake_logits).square().mean()
        )

    def generator_loss(self, fake_logits):
        return 0.5 * (torch.sigmoid(fake_logits) - 1.0).square().mean()

    def optimal_discriminator(self, p_data, p_gen):
        """``D*(x) = P(x) / (P(x) + P_g(x))`` for targets 0 and 1."""
        p_data, p_gen = torch.as_tensor(p_data), torch.as_tensor(p_gen)
        return p_data / (p_data + p_gen)


class WassersteinGPLoss(GANLoss):
    """Wasserstein GAN with gradient penalty (Gulrajani et al.).

    The critic's raw logit is the critic value; the penalty pushes the norm of
    its gradient towards 1 on random interpolates of real and fake rows.
    """

    name = "w"
    penalty_weight = 10.0

    def discriminator_loss(self, discriminator, real, fake, generator=None):
        loss = self._discriminator_objective(discriminator(real), discriminator(fake))
        return loss + self.penalty_weight * self.gradient_penalty(
            discriminator, real, fake, generator
        )

    def _discriminator_objective(self, real_logits, fake_logits):
        return fake_logits.mean() - real_logits.mean()

    def generator_loss(self, fake_logits):
        return -fake_logits.mean()

    @staticmethod
    def gradient_penalty(discriminator, real, fake, generator=None):
        """``E[(||grad l(x_hat)|| - 1)^2]`` on interpolates ``x_hat``.

        ``generator`` is a ``torch.Generator`` for the interpolation weights.
        """
        weights = torch.rand(
            real.shape[0], 1, generator=generator, dtype=real.dtype
        ).to(real.device)
        mixed = (weights * real + (1.0 - weights) * fake).requires_grad_(True)
        (grad,) = torch.autograd.grad(
            discriminator(mixed).sum(), mixed, create_graph=True
        )
        return (grad.norm(dim=1) - 1.0).square().mean()


LOSSES = {
    loss.name: loss for loss in (MIMLoss(), KLLoss(), LSLoss(), WassersteinGPLoss())
}


def get_loss(name):
    """Look up a GAN objective by its name (``"mim"``, ``"kl"``, ``"ls"``, ``"w"``)."""
    try:
        return LOSSES[name]
    except KeyError:
        raise ValueError(
            f"Unknown loss {name!r}; expected one of {sorted(LOSSES)}."
        ) from None


def hce_real(logits):
    """Sigmoid cross-entropy against target 1, ``-ln D = softplus(-l)``."""
    return F.softplus(-logits)
