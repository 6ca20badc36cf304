"""Putting PNG images into a chat message for a multimodal model (inline base64 data URLs)."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from ai_designer.llm.png_scale import downscaled_png
from ai_designer.schemas.llm import ContentPart, ImagePart, ImageURL, LLMMessage, TextPart

#: Larger images are skipped: providers cap inline image size (OpenAI 20 MB, Anthropic 5 MB).
MAX_IMAGE_BYTES = 4 * 1024 * 1024
#: Images are sent at most this many pixels wide and high: enough to judge a part's shape, and
#: within OpenAI's one-tile "low" detail (85 tokens an image; Anthropic: about 90).
VISION_MAX_SIDE = 256
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_part(
    path: Path, detail: Literal["auto", "low", "high"] = "auto", max_side: int | None = None
) -> ImagePart:
    """An image part holding the PNG at ``path`` as a data URL, halved until no side exceeds
    ``max_side`` when given (ValueError if it is no PNG or too big)."""
    data = path.read_bytes()
    if not data.startswith(_PNG_MAGIC):
        raise ValueError(f"{path} is not a PNG file")
    if len(data) > MAX_IMAGE_BYTES:
        raise ValueError(f"{path} is larger than {MAX_IMAGE_BYTES} bytes")
    if max_side is not None:
        data = downscaled_png(data, max_side)
    url = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
    return ImagePart(image_url=ImageURL(url=url, detail=detail))


def vision_message(
    text: str,
    images: Sequence[Path],
    detail: Literal["auto", "low", "high"] = "auto",
    max_side: int | None = None,
) -> LLMMessage:
    """A user message: ``text`` followed by each image (each preceded by its file name as a caption),
    scaled down to ``max_side`` pixels when given."""
    parts: list[ContentPart] = [TextPart(text=text)]
    for path in images:
        parts.append(TextPart(text=f"Image: {path.name}"))
        parts.append(png_part(path, detail, max_side))
    return LLMMessage(role="user", content=parts)
