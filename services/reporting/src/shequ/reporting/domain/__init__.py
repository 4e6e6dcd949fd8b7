"""Reporting's pure rules: work plans, moments, privacy and who sees what. No I/O."""
