"""Reporting's handlers: look up what a rule needs, build the command, append it."""
