"""Figure suggestions: candidate figures read from a source text by explainable rules."""
