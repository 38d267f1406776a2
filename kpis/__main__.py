"""python -m kpis ..."""

import sys

from kpis.cli import main

sys.exit(main())
