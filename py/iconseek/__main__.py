"""``python -m iconseek`` is the same as the ``iconseek`` console script."""

from iconseek.cli import main

raise SystemExit(main())
