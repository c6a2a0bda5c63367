"""One module per ReMI task, plus the framework (base) and the registry."""
