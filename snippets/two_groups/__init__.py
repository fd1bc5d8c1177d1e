"""Examples of the lesson "Comparing two groups: permutation, bootstrap and Bayes"."""
