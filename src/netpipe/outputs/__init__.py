"""Outputs: the exports (:mod:`~netpipe.outputs.exports`), the page and period images
(:mod:`~netpipe.outputs.render`) and the report (:mod:`~netpipe.outputs.report`).

No output package imports another: what they share is in its own module, the drawing
(:mod:`~netpipe.outputs.drawing`: which part is drawn, where, in which colours), result
tables as text (:mod:`~netpipe.outputs.table_text`), text in any script
(:mod:`~netpipe.outputs.glyphs`) and output folders (:mod:`~netpipe.outputs.folder`).
"""
