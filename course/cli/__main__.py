"""``python -m course.cli``: the same as the ``facs-course`` console script."""

import sys

from . import main

sys.exit(main())
