"""The command-line commands, one module per family; ``netpipe.cli`` registers them."""
