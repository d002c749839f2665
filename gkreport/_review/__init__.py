"""The region review: a supervising office's report on a folder of annual reports.

``gkreport review PATH... -o DIR`` (`gkreport._cli.review`) reads and validates
the reports as ``validate`` does and writes into ``DIR``:

* ``index.html`` (`gkreport._review.index`): one row per agency and year with its
  status, timeliness, finding counts and key indicators, sortable in the page;
  the counts by rule; charts of the indicators and findings
  (`gkreport._review.charts`); the files that could not be read, with why;
* ``reports/*.html`` (`gkreport._review.pages`): each report in the official
  layout with its findings on their cells;
* ``问题清单.xlsx`` (`gkreport._review.problems`): the problem list to send back,
  a row per finding, one sheet for all and one per agency.

`gkreport._review.entries` turns each checked file into the compact `Entry` the
outputs are made from, so a run of thousands keeps no report text in memory.
"""
