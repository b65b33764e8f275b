"""Candor: recruiting CRM for staffing agencies."""
