"""The agents: planner, generator, validator, and the script policy."""
