"""The blocking work behind the main screen, as plain functions that worker threads call.

Reading a repo, validating all of it, git status and saving all touch the disk (or spend
seconds of CPU), so none of them may run in an event handler. The screen wraps each in a
thread worker; keeping the bodies here, free of widgets, keeps them testable and keeps the
screen about what is shown.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from ztui.analysis.lint import lint_repo
from ztui.model import Finding, RepoModel
from ztui.repo.atomic import sha256_bytes
from ztui.repo.gitrepo import open_repo, status
from ztui.repo.layout import RepoPlan
from ztui.repo.loader import assemble, load_repo, plan
from ztui.repo.store import Edit, Store
from ztui.repo.yamlread import gc_paused, read_file
from ztui.schema.checks import check_repo
from ztui.schema.validate import validate_rule, validate_service, validate_team


@dataclass(frozen=True, slots=True)
class GitSummary:
    """What the header says about git: branch (None when detached), ahead, behind, dirty."""

    branch: str | None
    commit: str | None
    ahead: int
    behind: int
    dirty: int


#: How long a worker sleeps between files or teams. Reading and validating hold the GIL; a
#: millisecond's pause hands it to the UI thread, so the screen stays responsive meanwhile
#: (at 200 teams that costs 0.2 s of a 1-2 s job).
YIELD_SECONDS = 0.001

#: Reading sleeps once this much work has passed, not after every file: a services-era file
#: takes longer than this anyway, but the file-per-rule layout has 13,000 files of a quarter
#: millisecond each, and a sleep per file made reading 20 s instead of 4.
READ_SLICE_SECONDS = 0.005

#: How long reading waits for the screen to paint the team names it was just given.
PAINT_WAIT_SECONDS = 0.5


def read_repo(
    root: Path,
    planned: Callable[[list[str]], None],
    progress: Callable[[str, int, int], None],
    repo_plan: RepoPlan | None = None,
) -> RepoModel:
    """Every team and service of the repo (raises `UnusableRepo` when there is none).

    The loader's three steps are run apart so the screen hears early: `planned` gets the team
    ids that file names reveal (before any file is parsed; not called when the caller passes
    the plan it made), `progress` the files read so far.
    """
    if repo_plan is None:
        repo_plan = plan(root)
        planned(sorted(repo_plan.named_teams))
    total = len(repo_plan.files)
    step = max(total // 50, 1)
    reads = []
    slice_start = time.perf_counter()
    with gc_paused():  # as the loader does: the reads are acyclic, the collector's walks waste
        for done, rel in enumerate(repo_plan.files, start=1):
            reads.append(read_file(repo_plan.root, rel))
            if time.perf_counter() - slice_start >= READ_SLICE_SECONDS:
                time.sleep(YIELD_SECONDS)
                slice_start = time.perf_counter()
            if done % step == 0:
                progress("reading files", done, total)
    progress("indexing", 0, 0)
    model = assemble(repo_plan, reads)
    # The model and the reads' leftovers are some 10^6 objects that live as long as the app.
    # Every full collection would walk all of them again (0.3-1 s holding the GIL: a frozen
    # screen, mid-keystroke); frozen, the collector leaves them out. Nothing here is cyclic
    # garbage-to-be, so freezing loses nothing that reference counting would not free.
    gc.freeze()
    return model


def reread_teams(root: Path, team_ids: Collection[str]) -> RepoModel:
    """A model of just the given teams, read again from disk (with its files' hashes)."""
    return load_repo(root, teams=list(team_ids))


def validate_repo(
    model: RepoModel,
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
) -> list[Finding] | None:
    """What `validate_model` finds, team by team so that it can report progress and stop.

    Returns None when cancelled (a newer validation superseded this one).
    """
    teams = list(model.teams.values())
    total = sum(len(team.services) + len(team.rules) for team in teams)
    step = max(total // 50, 1)
    found: list[Finding] = []
    done = reported = 0
    for team in teams:
        if cancelled():
            return None
        found += validate_team(team, model.dialect)
        for service in team.services:
            found += validate_service(service, model.dialect)
        for rule in team.rules:
            found += validate_rule(rule)
        done += len(team.services) + len(team.rules)
        time.sleep(YIELD_SECONDS)
        if done - reported >= step:
            progress(done, total)
            reported = done
    if cancelled():
        return None
    found += check_repo(model) + lint_repo(model)
    return found


def git_summary(root: Path) -> GitSummary | None:
    """Branch, ahead/behind and dirty files of the repo's work tree; None outside git."""
    repo = open_repo(root)
    if repo is None:
        return None
    try:
        state = status(repo)
    finally:
        repo.close()
    return GitSummary(state.branch, state.short_sha, state.ahead, state.behind, len(state.dirty))


def save(
    store: Store, model: RepoModel, edits: Sequence[Edit]
) -> dict[str, str | None]:
    """Plan the edits as byte patches and write them: {file written: its new sha256}, None
    for a file the save deleted (a rule of the file-per-rule layout).

    The hashes let the model know the files as they are now at once, so a second save does
    not take ztui's own write for somebody else's change on disk.
    """
    written = store.write(store.plan(model, edits))
    return {rel: _sha256_or_none(store.root / rel) for rel in written}


def _sha256_or_none(path: Path) -> str | None:
    try:
        return sha256_bytes(path.read_bytes())
    except FileNotFoundError:
        return None
