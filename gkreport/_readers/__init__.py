"""The readers: files and published text into the model.

`dispatch` is the one table of readers (suffix → reader, the extra and the
program it needs); `grid` finds the form's tables in grids of cells (a
workbook's sheets); `text` reads published text (plain, Markdown, HTML, Word,
PDF lines); every reader ends in `assemble` (values + notes + sources → Report).
"""
