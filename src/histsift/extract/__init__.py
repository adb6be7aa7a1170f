"""Extraction: each part of the board (timeline, who's who, copies, claims, causes) read by one
extractor of the registry (:mod:`histsift.extract.registry`), per source then across the pile."""
