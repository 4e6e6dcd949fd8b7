"""Mediation's terminal entry points: ``shequ-mediation import`` (ledger_import)."""
