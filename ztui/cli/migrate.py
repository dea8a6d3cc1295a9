"""`ztui migrate REPO --to netpols|files [--write]`: convert a services-era repo.

Without `--write` it prints what it would write (a unified diff per file, new files from
/dev/null), the notes of what it cannot carry over, and the reachability check, and exits 0.
With `--write` it writes, refusing a repo with errors or a check with unexplained differences
(exit 1), and a repo that is already in a later layout or holds no values (exit 2).
"""

from __future__ import annotations

import argparse
import sys

from ztui.cli.errors import UsageError, UserError, printable
from ztui.migrate.migration import Migration, NotServicesEra, prepare, write
from ztui.migrate.strip import MigrateError
from ztui.model import Layout
from ztui.repo.layout import UnusableRepo


def migration_of(repo: str, to: str) -> Migration:
    """The planned migration, or the one-line error that explains why there is none."""
    from pathlib import Path

    try:
        return prepare(Path(repo), Layout(to))
    except (NotServicesEra, UnusableRepo) as exc:
        raise UsageError(str(exc)) from exc
    except MigrateError as exc:
        raise UserError(str(exc)) from exc


def notes_lines(migration: Migration) -> list[str]:
    """The carry-over notes, one line each, under a heading; then what became of the comments
    in the removed blocks, when there were any."""
    out = ["carried over: everything"]
    if migration.notes:
        out = ["not carried over, or rendered differently:",
               *(f"  {n}. {note.text}" for n, note in enumerate(migration.notes, 1))]
    return out + comments_lines(migration)


def comments_lines(migration: Migration) -> list[str]:
    """How many comments of the removed blocks the new files carry, and which notes quote
    those that no new file takes (none of it when the blocks held no comments)."""
    carried, left = migration.comments.count, migration.comments.notes
    if not carried and not left:
        return []
    text = (f"comments in the removed networkPolicy blocks: {_lines(carried)} carried into "
            "the new files, under `# from <file> (...):`")
    if left:
        numbers = [migration.notes.index(note) + 1 for note in left]
        where = (f"note {numbers[0]}" if len(numbers) == 1
                 else f"notes {numbers[0]}-{numbers[-1]}")
        text += f"; {_lines(len(left))} in no new rule, quoted in {where}"
    return [text]


def _lines(count: int) -> str:
    return f"{count} line{'s' * (count != 1)}"


def run_migrate(args: argparse.Namespace) -> int:
    """Show (or with --write, write) the migration of `args.repo` to `args.to`."""
    migration = migration_of(args.repo, args.to)
    out: list[str] = []
    if not args.write:
        out += [change.diff for change in migration.changes]
    else:
        try:
            written = write(migration)
        except MigrateError as exc:
            _print([*notes_lines(migration), *migration.check.lines(migration.notes)])
            raise UserError(str(exc)) from exc
        out.append(f"wrote {len(written)} files to {migration.root} "
                   f"(layout {migration.layout.value}):")
        out += [f"  {rel}" for rel in written]
    out += notes_lines(migration)
    out += migration.check.lines(migration.notes)
    if not args.write and migration.errors:
        count = len(migration.errors)
        out.append(f"--write refuses: the repo has {count} error{'s' * (count != 1)} "
                   "(`ztui validate` lists them)")
    _print(out)
    return 0


def _print(lines: list[str]) -> None:
    text = "".join(line if line.endswith("\n") else line + "\n" for line in lines)
    sys.stdout.write(printable(text, keep="\r"))
