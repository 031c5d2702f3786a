"""PLOVER event mentions: triggers (the coder), roles, dates, places, magnitudes."""
