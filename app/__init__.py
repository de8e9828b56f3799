"""Ringbinder: the salesperson's two-ring follow-up binder as a desktop app."""

__version__ = "0.1.0"
