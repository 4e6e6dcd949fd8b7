"""Reporting (报表与审计): shared ledgers, work plans, person file, audit and replay.

Fed by every service's events from JetStream. ``readmodels.archive`` keeps every
envelope (the audit log, person files and case replay read it);
``readmodels.ledgers`` keeps temporal tables (each row valid from one recorded time
to the next), so any ledger or figure can be read as it stood at any past moment.
``readmodels.generations`` rebuilds a projection beside the live one (blue/green) and
switches when the new one has caught up.
"""
