"""Sub-command modules (each: add_arguments, run)."""
