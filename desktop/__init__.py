"""Front ends: the CLI, the expectations sheet writer and (only under desktop/gui) the Qt window."""
