"""mtqa: find where a machine-translated story betrays its sources."""

__version__ = "0.1.0"
