"""Model backends: each one only translates a Message into its provider's request and back."""
