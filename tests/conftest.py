"""Settings for the whole suite.

Hypothesis runs without its per-example deadline: speed is measured in
``benchmarks/``, never in a test, and on a loaded machine (a shared CI runner, the
suite on every core) a deadline fails a correct example for being slow.
"""

from hypothesis import settings

settings.register_profile("gkreport", deadline=None)
settings.load_profile("gkreport")
