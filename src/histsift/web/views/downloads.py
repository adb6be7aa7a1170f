"""Downloads: the report, the study material, the Anki deck and the board as JSON."""
from __future__ import annotations

import importlib
import io
import json
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from histsift.api import Pile
from histsift.web.views import View


class Unavailable(Exception):
    """A part of histsift this page needs is missing from this installation."""

    def __init__(self, what: str, why: str):
        super().__init__(what)
        self.what, self.why = what, why


class DownloadsView(View):
    def get(self, request: Request):
        return self.page(request, "downloads.html", nav="downloads", has_store=self.site.db.exists())

    def attachment(self, data: bytes, media: str, name: str) -> Response:
        return Response(data, media_type=media, headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})

    def study(self, pile: Pile, out: Path) -> list[Path]:
        study = optional("outputs.study", "the study material")
        return [Path(p) for p in study.write_study(pile, out)]


class ReportView(DownloadsView):
    def get(self, request: Request):
        html = optional("outputs.report", "the report").render_html(self.need_pile())
        return self.attachment(html.encode("utf-8"), "text/html; charset=utf-8", f"{self.site.db.stem}-report.html")


class StudyView(DownloadsView):
    def get(self, request: Request):
        pile = self.need_pile()
        with tempfile.TemporaryDirectory(prefix="histsift-study-") as tmp:
            out = Path(tmp) / "study"
            out.mkdir()
            written = self.study(pile, out)
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
                for p in sorted(set(written) | {p for p in out.rglob("*") if p.is_file()}):
                    if p.is_file():
                        z.write(p, Path("study") / p.relative_to(out))
        return self.attachment(buf.getvalue(), "application/zip", f"{self.site.db.stem}-study.zip")


class AnkiView(DownloadsView):
    def get(self, request: Request):
        pile = self.need_pile()
        with tempfile.TemporaryDirectory(prefix="histsift-anki-") as tmp:
            out = Path(tmp)
            written = self.study(pile, out)
            decks = [p for p in written if p.suffix == ".apkg"] or sorted(out.rglob("*.apkg"))
            if not decks:
                raise Unavailable("the Anki deck", "the study material was written without a deck")
            data = decks[0].read_bytes()
        return self.attachment(data, "application/octet-stream", "histsift.apkg")


class JsonView(DownloadsView):
    def get(self, request: Request):
        data = json.dumps(self.need_pile().export(), ensure_ascii=False, indent=2).encode("utf-8")
        return self.attachment(data, "application/json", f"{self.site.db.stem}.json")


def optional(module: str, what: str):
    """A module another part of histsift provides, or a clear 'not available'."""
    try:
        return importlib.import_module(f"histsift.{module}")
    except ImportError as e:
        raise Unavailable(what, f"histsift.{module} is missing: {e}") from None
