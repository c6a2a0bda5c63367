"""Item validity: counterfactual image necessity and shortcut guessers (``remi audit``)."""
