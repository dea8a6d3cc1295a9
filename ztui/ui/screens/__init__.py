"""Screens: the main screen (split into actions, workers and wiring) and its dialogs."""
