"""Compare how news outlets frame one event.

Stages, one module each: ``corpus`` (load and clean articles) → ``sentences`` and
``tokens`` → measures → plots. Every function takes and returns pandas DataFrames.
"""

__version__ = "0.1.0"
