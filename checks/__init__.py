"""Rules over extracted clauses and facts: findings and disclosures. Never imports Qt."""
