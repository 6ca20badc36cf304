"""`ai-designer mcp`: an MCP server, so that Claude Desktop, Cursor and other agents can design, check
and export parts, planning with their own model or with the server's planners."""
