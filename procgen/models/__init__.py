"""Trained models (GAN and VAE) for level layouts and tile textures. torch is imported only here,
and only when a model is used: ``import procgen`` stays torch-free."""
