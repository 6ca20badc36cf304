"""The code that runs inside ``freecadcmd``: execute one job, measure, export, report.

Nothing here imports ``ai_designer`` or pydantic: the package is loaded by a
short bootstrap in a fresh FreeCAD process (see ``ai_designer.freecad.pool``)
and talks to the parent through a control pipe, stdin and a result file.
"""
