"""`python -m ztui` runs the same entry point as the `ztui` console script."""

from ztui.cli import main

raise SystemExit(main())
