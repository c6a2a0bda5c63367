"""Bridges to the evaluation harnesses researchers already use (each imported only by its own extra)."""
