"""vmsim-sweep: design-space sweeps over vmsim's options (docs/sweeps.md)."""
