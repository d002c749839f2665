"""The official formats of the report: their tables, the registry and their features.

Importing the package registers the official formats (`gkreport._forms.layout`), so
`gkreport._forms.registry` is never seen empty.
"""

from gkreport._forms import layout as _layout  # noqa: F401 - registers the official formats
