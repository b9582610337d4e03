"""The outside account (Utenfor-regnskapet): what society saves, for whom and when."""
