"""The check functions behind the rule catalog (`catalog`), one family per module.

``facts`` reads a report once into what every check needs; ``pointer`` is the
flat ``{JSON pointer: value}`` view of it; ``narrative`` finds the numbers the
text states. The other modules hold the checks of one family each: ``arithmetic``
(F1–F4, X3, X6), ``cells`` (types, blanks, marks), ``document`` (D1–D7), ``text``
(T1–T12) and ``across`` (X1, X2, X4, X7).
"""
