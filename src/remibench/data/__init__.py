"""Dataset files in the published ReMI layout: schema, streaming writer, checked loader."""
