"""What every drawing shares, the page, the period images and the GEXF export alike.

:mod:`~netpipe.outputs.drawing.drawn` (which nodes and ties are drawn),
:mod:`~netpipe.outputs.drawing.layout` (where each person stands),
:mod:`~netpipe.outputs.drawing.colors` (group and sign colours) and
:mod:`~netpipe.outputs.drawing.style` (each drawn node's place, size and colour).
"""
