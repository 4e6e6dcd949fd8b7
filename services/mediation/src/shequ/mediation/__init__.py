"""Mediation: people's mediation (人民调解); see README.md."""
