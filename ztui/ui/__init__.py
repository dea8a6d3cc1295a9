"""The Textual app: the only part of ztui that knows a terminal exists.

`app.py` wires the screens together; `screens/` holds the main screen and its dialogs,
`widgets/` one widget per module. What is not about drawing lives beside them and imports no
textual: `session.py` and `drafts.py` (edit state, undo history, live findings), `fields.py`
(form text <-> raw mappings, finding paths -> fields), `tasks.py` (the blocking work the
workers run) and `text.py` (showing file content safely). `messages.py` holds the messages
the workers post, `commands.py` the command palette's provider.
"""
