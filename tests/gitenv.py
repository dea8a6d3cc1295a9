"""One way for every test package to keep the machine's git setup out of the tests.

The machine's ~/.gitconfig (identity, hooks path, signing, aliases) and git's environment
variables must not change what a test sees, so tests point HOME and GIT_CONFIG_GLOBAL at a
folder of their own, with a known identity unless a test is about a missing one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

#: Variables that would override the isolated config or point git elsewhere.
GIT_ENV_VARS = (
    "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL",
    "EMAIL", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CONFIG_COUNT", "ZTUI_DEBUG",
)
TEST_IDENTITY = "[user]\n\tname = Test User\n\temail = test@example.com\n"


def isolate_git(
    home: Path, monkeypatch: pytest.MonkeyPatch, *, identity: bool = True
) -> Path:
    """Point HOME and the global git config at `home` (with a test identity); the config."""
    config = home / ".gitconfig"
    config.write_text(TEST_IDENTITY if identity else "")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in GIT_ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    return config
