"""`python -m ai_designer` runs the CLI."""

from ai_designer.cli.app import main

main()
