"""``python -m remibench.cli``: the same as the ``remi`` command."""

import sys

from remibench.cli import main

sys.exit(main())
