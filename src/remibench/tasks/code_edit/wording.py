"""CodeEdit wording: the question templates for the 3-image and 2-image variants and the grid note."""

from __future__ import annotations

THREE_IMAGE_TEMPLATES = (
    "The TikZ code in <image1> draws <image2>. Which line must change, and how, so that it draws <image3> "
    "instead? Give that line as it must read after the change, changing nothing else.",
    "<image1> shows a TikZ program, and <image2> is the picture it draws. Exactly one line has to be edited "
    "so that the program draws <image3>. Write out the edited line in full, exactly as it must read, with "
    "nothing else altered.",
    "Here is some TikZ code: <image1> It produces this drawing: <image2> We want this drawing instead: "
    "<image3> Changing a single line of the code is enough. What must that line read after the change? "
    "Answer with the complete line, from its backslash to its semicolon.",
    "Look at the TikZ listing <image1> and its output <image2>. One line of the listing must be modified so "
    "that the output becomes <image3>. Give that line as it reads after the modification, changing nothing "
    "else in it.",
    "The code in <image1> is TikZ; compiled, it draws <image2>. Edit exactly one attribute in one line so "
    "that it draws <image3> instead. Reply with the edited line exactly as it should appear in the code.",
)
TWO_IMAGE_TEMPLATES = (
    "The TikZ code in <image1> must be changed so that it draws <image2>. Only one line needs to change. "
    "Give that line as it must read after the change, changing nothing else.",
    "<image1> is a TikZ program. Exactly one attribute in one of its lines has to be edited so that the "
    "program draws the picture in <image2>. Write out the edited line in full.",
    "Here is some TikZ code: <image1> Which single line must be changed, and how, so that the code draws "
    "<image2>? Answer with the complete line as it must read after the change.",
)
GRID_NOTE = {3: " The faint grid in the drawings marks whole units and is not part of the code.",
             2: " The faint grid in the drawing marks whole units and is not part of the code."}
