"""Command handlers: look up what a rule needs, decide, append — one function each.

Handlers are split by aggregate (offices, persons, ...); each is short because the
rules live in the deciders and the loop in ``shequ.eventstore.execute``.
"""
