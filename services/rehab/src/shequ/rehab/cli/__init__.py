"""Rehab's terminal entry points: ``shequ-rehab import`` (ledger_import)."""
