"""A small TikZ subset: parse and format its lines (``parse``) and draw them with Pillow (``draw``).

No LaTeX is involved: the project reads and draws the subset itself, so the code a CodeEdit item
shows and the pictures it shows agree by construction (and the tests check it by parsing back).
"""

from remibench.tikz.parse import Command, TikzSyntaxError, format_line, format_program, parse_line, parse_program

__all__ = ["Command", "TikzSyntaxError", "format_line", "format_program", "parse_line", "parse_program"]
