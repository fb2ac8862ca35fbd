"""Host weighers: one class per module; `scheduling.scheduler` normalises and multiplies their weights."""
