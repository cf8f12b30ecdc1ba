"""The cbrnsim controller console (Textual). The core never imports this package."""
