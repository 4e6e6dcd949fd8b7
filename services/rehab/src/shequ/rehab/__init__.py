"""Rehab: community drug treatment and recovery (社区戒毒/社区康复); see README.md."""
