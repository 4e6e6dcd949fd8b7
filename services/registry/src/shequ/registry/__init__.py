"""The registry service: offices, staff, one file per person (一人一档), households.

It is the source of people, households, offices and staff for every other service.
``domain/`` holds the pure deciders and rules, ``handlers/`` runs commands,
``readmodels/`` holds the directory and the guard tables, ``api/`` the HTTP routes,
``cli/`` the ledger import's command line; ``app.py`` puts them together, with
``settings.py`` (the first administrator) and ``demo.py`` (the demo district).
"""
