"""``python -m reclassering.cli``."""

from . import main

main()
