"""The registry's rules (人口登记), pure: a decider per aggregate, and what they share.

``office``, ``staff``, ``person/``, ``household`` and ``rental`` are deciders
(commands, state, decide, evolve); ``identity`` checks ID documents and phones;
``rules`` holds the office rules every decider shares; ``ledger_import/`` reads a
resident ledger's rows; ``access`` says who may read and write. No I/O, no clock.
"""
