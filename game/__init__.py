"""New Great Game: a policy simulation of Central Asia's rare-earth choices after Busan (2025)."""
__version__ = "0.1.0"
