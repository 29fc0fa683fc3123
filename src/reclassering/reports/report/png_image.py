"""A chart's PNG placed in the PDF as it is: the PNG's compressed pixel rows become the image stream.

reportlab's ``Image`` decodes a PNG to raw pixels, hashes them and compresses them again, which cost about half
of the layout time of a report with charts. A PDF's ``FlateDecode`` filter with PNG predictors (``/Predictor
15``) reads the rows of an 8-bit RGB PNG without interlacing exactly as the PNG stores them, so such a PNG is
embedded without decoding anything. Any other PNG goes through reportlab's ``Image`` as before.
"""

from __future__ import annotations

import hashlib
import struct
from typing import Any

import msgspec

SIGNATURE = b"\x89PNG\r\n\x1a\n"


class Png(msgspec.Struct, frozen=True):
    """The parts of an 8-bit RGB PNG a PDF image needs."""

    width: int
    height: int
    idat: bytes


def plain_rgb_png(data: bytes) -> Png | None:
    """The size and joined ``IDAT`` data of ``data`` when it is an 8-bit RGB PNG without interlacing, else None."""
    if not data.startswith(SIGNATURE):
        return None
    position, header, parts = len(SIGNATURE), b"", []
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            parts.append(body)
        elif kind == b"IEND":
            break
        position += 12 + length
    if len(header) != 13 or not parts:
        return None
    width, height, depth, colour, compression, filtering, interlace = struct.unpack(">IIBBBBB", header)
    if (depth, colour, compression, filtering, interlace) != (8, 2, 0, 0, 0):
        return None
    return Png(width=width, height=height, idat=b"".join(parts))


def png_flowable(data: bytes, width: float, height: float) -> Any:
    """A flowable drawing the PNG ``data`` in ``width`` x ``height`` points."""
    from reportlab.platypus import Flowable, Image

    png = plain_rgb_png(data)
    if png is None:
        import io

        return Image(io.BytesIO(data), width=width, height=height)

    class PngImage(Flowable):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.width, self.height = width, height
            self.name = "png" + hashlib.md5(data, usedforsecurity=False).hexdigest()

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            return self.width, self.height

        def draw(self) -> None:
            # What ``Canvas.drawImage`` does, with an image object that holds the PNG's rows as they are.
            canvas = self.canv
            canvas._currentPageHasImages = 1
            document = canvas._doc
            registered = document.getXObjectName(self.name)
            if document.idToObject.get(registered) is None:
                image = _xobject(self.name, png)
                canvas._setXObjects(image)
                document.Reference(image, registered)
                document.addForm(self.name, image)
            canvas.saveState()
            canvas.scale(self.width, self.height)
            canvas._code.append(f"/{registered} Do")
            canvas.restoreState()
            canvas._formsinuse.append(self.name)

    return PngImage()


def _xobject(name: str, png: Png) -> Any:
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFImageXObject, PDFName, PDFStream

    class PngXObject(PDFImageXObject):  # type: ignore[misc]
        def format(self, document: Any) -> bytes:
            stream = PDFStream(content=png.idat)
            entries = stream.dictionary
            entries["Type"] = PDFName("XObject")
            entries["Subtype"] = PDFName("Image")
            entries["Width"] = png.width
            entries["Height"] = png.height
            entries["BitsPerComponent"] = 8
            entries["ColorSpace"] = PDFName("DeviceRGB")
            entries["Filter"] = PDFArray([PDFName("FlateDecode")])
            entries["DecodeParms"] = PDFDictionary(
                {"Predictor": 15, "Colors": 3, "BitsPerComponent": 8, "Columns": png.width}
            )
            return stream.format(document)  # type: ignore[no-any-return]

    image = PngXObject(name)
    image.width, image.height = png.width, png.height
    return image
