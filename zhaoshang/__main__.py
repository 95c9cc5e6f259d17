import sys

from zhaoshang.cli import main

sys.exit(main())
