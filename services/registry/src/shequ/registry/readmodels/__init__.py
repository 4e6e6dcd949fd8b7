"""The registry's read models and the only SQL it holds.

``directory/`` is the projection ``registry-directory`` (offices, persons, households,
rentals, staff) with its queries; ``guards`` holds the unique-claim tables written in
the same transaction as a command's events (ID numbers, household membership, logins,
password hashes).
"""
