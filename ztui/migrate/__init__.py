"""`ztui migrate`: a services-era repo (spec 1-4) converted to a later layout (spec 5).

- `plan.convert`: the model as named rules, and the notes of what cannot be carried over;
- `write`: the texts of the new files and of the services files without `networkPolicy`;
- `comments` / `carry`: the comments of the removed blocks, carried into the new files;
- `hoist`: a dialect-v1 file moved to the v2 team root, byte for byte otherwise;
- `check`: the reachability before and after, on the same pods;
- `migration.prepare` / `migration.write`: the whole migration, planned, then written.
"""
