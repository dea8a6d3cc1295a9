"""ztui: a terminal configurator for Otomi zero-trust network policies kept as code."""

__version__ = "0.1.0"
