"""The local web app (``histsift serve``): see :mod:`histsift.web.app`."""
from __future__ import annotations

from histsift.web.app import create_app

__all__ = ["create_app"]
