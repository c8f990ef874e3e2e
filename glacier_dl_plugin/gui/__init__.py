"""The desktop side of Glacier DL: the jobs panel, background training tasks, the classify action."""
