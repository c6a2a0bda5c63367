"""Running a model over a dataset: scheduling, retries, the response cache, resumable records."""
