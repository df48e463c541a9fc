"""Analyzers turn an `Article` into an `Analysis`. See `base.Analyzer`."""
