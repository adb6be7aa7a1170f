"""The per-source stages: load → clean → segment → annotate, each a pure function of one source."""
