"""The registry's terminal entry points: ``shequ-registry import`` (ledger_import)."""
