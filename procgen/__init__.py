"""procgen: procedural game content."""
__version__ = "0.1.0"
