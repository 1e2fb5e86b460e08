"""Registered architecture builders, one module per family.

They are registered by nlpcore.registry on first use (see REGISTERED there).
"""
