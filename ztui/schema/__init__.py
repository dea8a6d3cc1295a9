"""Validation: JSON Schemas per dialect (data files here) and the semantic checks, as findings."""
