"""The command-line commands, one module per family; ``netpipe.app.cli`` registers them."""
