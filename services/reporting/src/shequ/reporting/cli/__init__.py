"""Reporting's terminal entry points (``shequ audit``)."""
