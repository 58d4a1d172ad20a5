"""Cheap detector settings shared by the tests: small networks, few epochs."""

# The smallest settings that still train and search: for behaviour, not quality.
TINY = dict(
    latent_dim=3,
    hidden_layer_sizes=(8,),
    epochs=2,
    batch_size=16,
    latent_steps=5,
    random_state=0,
)

# A little larger, for tests that look at what the scores rank.
FAST = dict(
    latent_dim=4,
    hidden_layer_sizes=(16,),
    epochs=3,
    batch_size=32,
    latent_steps=10,
    random_state=0,
)
