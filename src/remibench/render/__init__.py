"""Shared drawing helpers: fonts from installed files, canvases, PNG encoding."""
