"""Zhaoshang: investment promotion and regional cooperation for a development zone."""

__version__ = "0.1.0"
