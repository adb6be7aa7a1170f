"""Changing the pile: upload files, add or remove a folder, rebuild, and watch the build."""
from __future__ import annotations

import os

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse

from histsift.errors import HistsiftError
from histsift.ingest import load
from histsift.web.library import UPLOAD_SUFFIXES, safe_name
from histsift.web.views import View

MAX_FILES_PER_UPLOAD = 200


class TooLarge(Exception):
    pass


class AddView(View):
    def get(self, request: Request):
        return self.render(request)

    def render(self, request: Request, code: int = 200, error: str = "", message: str = ""):
        lib = self.site.library
        return self.page(request, "add.html", code, nav="add", library=lib, uploads=lib.uploaded(),
                         folders=lib.folders(), pile=lib.pile(), pile_missing=lib.pile_missing(),
                         allow_folders=self.site.settings.allow_folders, error=error, message=message,
                         status_=self.site.builder.status)

    def rebuild(self, notices: list[str] | None = None):
        self.site.builder.request(notices)
        return RedirectResponse("/build", status_code=303)


class UploadView(AddView):
    async def post(self, request: Request):
        limit, per_file = self.site.settings.max_request_bytes, self.site.settings.max_upload_bytes
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            raise HTTPException(413, f"That upload is {int(length) / 1e6:.0f} MB; one upload can be at most "
                                     f"{limit / 1e6:.0f} MB in all and {per_file / 1e6:.0f} MB a file. "
                                     "Send fewer files at once.")
        limited = Request(request.scope, _limited(request.receive, limit))
        try:
            form = await limited.form(max_files=MAX_FILES_PER_UPLOAD, max_fields=20)
        except TooLarge:
            raise HTTPException(413, f"That upload is larger than {limit / 1e6:.0f} MB in all. "
                                     "Send fewer files at once.") from None
        try:
            files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and (f.filename or f.size)]
            if not files:
                return self.render(request, 400, error="Choose one or more files to upload first.")
            added, refused, too_large = [], [], False
            for f in files:
                name = safe_name(f.filename)
                shown = load.printable(f.filename or name)
                suffix = os.path.splitext(name)[1]
                size = _size(f)
                if suffix not in UPLOAD_SUFFIXES:
                    refused.append(f"{shown}: histsift reads only {' '.join(UPLOAD_SUFFIXES)} files")
                elif size > per_file:
                    too_large = True
                    refused.append(f"{shown}: {size / 1e6:.1f} MB is over the limit of {per_file / 1e6:.0f} MB a file")
                elif size == 0:
                    refused.append(f"{shown}: the file is empty")
                elif (why := _wrong_content(f, suffix)):
                    refused.append(f"{shown}: {why}")
                else:
                    path, new = self.site.library.save_upload(name, f.file)
                    added.append(path.name if new else f"{path.name} (already there)")
        finally:
            await form.close()
        if not added:
            return self.render(request, 413 if too_large else 400, error="Nothing was added. " + " · ".join(refused))
        return self.rebuild([f"Added: {', '.join(added)}."] + [f"Not added: {r}." for r in refused])


class FolderView(AddView):
    async def post(self, request: Request):
        form = await request.form(max_files=0, max_fields=5)
        if not self.site.settings.allow_folders:
            raise HTTPException(403, "Adding folders on the server is switched off when histsift serve is "
                                     "open to the network. Upload the files instead.")
        try:
            path = self.site.library.add_folder(str(form.get("folder", "")))
        except HistsiftError as e:
            return self.render(request, 400, error=str(e))
        return self.rebuild([f"Added the folder {path}."])


class RemoveView(AddView):
    async def post(self, request: Request):
        form = await request.form(max_files=0, max_fields=5)
        kind, name = form.get("kind"), str(form.get("name", ""))
        try:
            if kind == "upload":
                self.site.library.remove_upload(name)
            elif kind == "folder":
                self.site.library.remove_folder(name)
            else:
                raise HistsiftError("nothing to remove")
        except HistsiftError as e:
            return self.render(request, 400, error=str(e))
        return self.rebuild([f"Removed {name}."])


class RebuildView(AddView):
    async def post(self, request: Request):
        return self.rebuild()


class BuildView(View):
    def get(self, request: Request):
        return self.page(request, "build.html", nav="add", st=self.site.builder.status)

    def status(self, request: Request):
        return JSONResponse(self.site.builder.status.to_dict())


def _limited(receive, limit: int):
    seen = 0

    async def wrapped():
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > limit:
            raise TooLarge()
        return message
    return wrapped


def _size(f: UploadFile) -> int:
    if f.size is not None:
        return f.size
    pos = f.file.tell()
    f.file.seek(0, os.SEEK_END)
    size = f.file.tell()
    f.file.seek(pos)
    return size


def _wrong_content(f: UploadFile, suffix: str) -> str:
    """Why the bytes cannot be what the suffix says ('' when they may be)."""
    f.file.seek(0)
    head = f.file.read(16)
    f.file.seek(0)
    if suffix == ".pdf":
        return "" if head.startswith(b"%PDF") else "it is called .pdf but is not a PDF"
    if suffix == ".docx":
        return "" if head.startswith(b"PK\x03\x04") else "it is called .docx but is not a Word document"
    for magic, what in load.MAGIC:
        if head.startswith(magic):
            return f"it is called {suffix} but is {what}"
    return ""
