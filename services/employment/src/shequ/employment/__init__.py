"""Employment (就业): the full-employment community (充分就业社区), seed 000 篇二.

``domain`` holds the pure deciders (labour profile, unemployment registration,
assistance, vacancy, zero-employment household, the working-age rule adopted) and
rules (matching, the rate and the standard); ``handlers`` look up, decide and append;
``readmodels`` hold the ledgers and every SQL query; ``api`` the HTTP routes; the
registry's people come from the libs' people copy (``employment-people``).
"""
