"""Reporting's read models: the archive, temporal ledgers, their queries (all SQL)."""
