"""The code that runs inside ``freecadcmd``: the untrusted model process and the trusted measure process.

``main.py`` is the entry point of both; ``model_job.py`` runs a script and saves
its documents, ``measure_job.py`` checks, loads, recomputes, measures and
exports them. Nothing here imports ``ai_designer`` or pydantic: the package is
copied next to the sandbox, loaded by a short bootstrap in a fresh FreeCAD
process (see ``ai_designer.freecad.sandbox``) and talks to the parent through a
control pipe, stdin and files in its own folder. The host imports the parts
that need no FreeCAD (``guard``, ``docscan``, ``expressions``, ``confine``).
"""
