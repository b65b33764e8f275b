"""Pages: UI only. Each one wires its state's on_load handlers."""
