"""Command handlers: look up what a rule needs, decide, append (one step each)."""
