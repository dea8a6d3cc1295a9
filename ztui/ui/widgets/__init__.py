"""Widgets of the main screen, one per module, each serving one area of it."""
