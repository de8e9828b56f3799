"""Bounds on values from outside that the app can still compute with.

Pure module (no imports of ours) so that core, services and the CLI can share it.
"""

from datetime import date

# Dates outside this range are refused: the calendar code adds days, weeks and months to
# them and must never reach year 1 or 9999.
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2999, 12, 31)
