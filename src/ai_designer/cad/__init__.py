"""CAD domain: checking TaskGraphs, predicting what they build, and compiling them to FreeCAD Python.

Everything here is plain Python; nothing imports FreeCAD. The public entry points:

* :func:`ai_designer.cad.graph_checks.validate_graph` - raises
  :class:`~ai_designer.errors.InvalidTaskGraphError` listing every structural or
  impossible-parameter problem, each naming its node.
* :func:`ai_designer.cad.expectations.derive_expectations` - the overall size,
  solid and hole counts and volume bounds the part should have (``graph.expected``).
* :func:`ai_designer.cad.compiler.compile_graph` - a deterministic, parametric,
  standalone FreeCAD script (:class:`~ai_designer.cad.compiler.CompiledScript`).
* :func:`ai_designer.cad.json_schema.task_graph_json_schema` - the TaskGraph JSON Schema.

How the pieces fit: ``operations`` is the table that says, for every operation
of the plan language, which emitter writes it, which function predicts its
facts and which checks it has (``op_checks``); the compiler, the analysis walk
and the graph checks all dispatch through it. ``geometry``, ``regions``, ``profiles``, ``positions`` and
``gear`` are the maths; ``facts`` and ``analysis`` track what is known about each
node (bounding box, volume interval, solids, holes) through the graph, which the
checks and the expectations read. The compiler writes the script through
``emit`` (the writer) and ``names``, one emitter module per family of operations
(``ops_primitives``, ``ops_holes``, ``ops_features``, ``ops_patterns``,
``ops_booleans``), plus the run-time helpers the script defines for placements
(``placement``), sketches (``sketches``) and picking edges and faces (``edges``).
"""
