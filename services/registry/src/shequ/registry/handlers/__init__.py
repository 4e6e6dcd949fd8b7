"""Command handlers: look up what a rule needs, build the command, execute it.

One module per aggregate (offices, persons, households, rentals, staff) plus sign-in,
the first-run bootstrap and the ledger import. Each handler looks facts up (an
office's stream, the guard tables), builds the complete command and runs it with
``shequ.service.execute_as``; the rules live in ``domain/``, the SQL in
``readmodels/``.
"""
