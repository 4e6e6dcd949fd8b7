"""Employment (就业): the full-employment community (充分就业社区), seed 000 篇二.

Aggregates (pure deciders): ``profile`` (labour status, flexible employment, job
seeking), ``unemployment`` (失业登记, certificates), ``assistance`` (就业困难人员,
follow-ups, training, guidance), ``vacancy`` (用工需求, referrals, hires) and
``zero_household`` (零就业家庭, detected). ``working_age`` holds the dated retirement
rule; ``residents`` is this service's copy of the registry; ``ledgers`` the read models;
``figures`` the employment rate and the full-employment standard.
"""
