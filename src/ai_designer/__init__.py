"""ai-designer: a sentence in, an editable, checked CAD part out."""

__version__ = "0.1.0"
