"""After-action reports from cbrnsim run stores. The core never imports this package."""
