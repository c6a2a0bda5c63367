"""Reports: the paper's tables and plots for any set of runs, in one self-contained page."""
