"""Analysis: balance reports over many games (`analyze`) and game theory (`equilibria`).

Above the engine and below the front ends: it plays games through game.engine's batches and never
imports a front end (docs/architecture.md, "Analysis").
"""
