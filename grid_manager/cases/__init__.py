"""Cases (案件): density, hot spots, evaluation."""
