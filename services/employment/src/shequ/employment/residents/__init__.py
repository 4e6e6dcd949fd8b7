"""Employment's copy of the registry: tables, look-ups and the policies it runs."""
