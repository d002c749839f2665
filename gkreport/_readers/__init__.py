"""The readers: files and published text into the model."""
