"""The rule catalog, its checks and the engine that runs them."""
