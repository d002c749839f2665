"""``python -m gkreport``: the same command as ``gkreport``."""

from __future__ import annotations

import sys

from gkreport._cli import main

if __name__ == "__main__":
    sys.exit(main())
