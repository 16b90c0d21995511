"""PDF and language knowledge: PDF -> Document -> clauses, topics and facts. Never imports Qt or checks."""
