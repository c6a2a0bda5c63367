"""Writing ReMI data for other tools: trainers (chat records), VLMEvalKit (TSV), lmms-eval (task folder)."""
