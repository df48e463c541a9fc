"""Measuring analyzers: against the PolNeAR corpus and against the user's example article."""
