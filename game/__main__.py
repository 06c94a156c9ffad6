"""`python -m game` does what `greatgame` does."""
import sys

from game.cli import main

sys.exit(main())
