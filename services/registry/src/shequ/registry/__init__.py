"""The registry service: offices, staff, one file per person (一人一档), households.

It is the source of people, households, offices and staff for every other service. The
domain modules (``office``, ``staff``, ``person``, ``household``, ``rental``,
``identity``) are pure deciders and rules; handlers, read models and the API sit on top.
"""
