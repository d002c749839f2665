"""Build-time scripts, kept out of the package: a package only so the tests can import them."""
