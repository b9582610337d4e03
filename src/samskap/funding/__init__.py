"""Grant schemes, programme agreements and the pooled pot."""
