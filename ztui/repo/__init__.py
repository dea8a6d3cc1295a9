"""The values repo on disk: layout and dialect detection, reading with source marks, edits, git.

Never imports textual: everything here runs the same under the TUI, the CLI and the tests.
"""
