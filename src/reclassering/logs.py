"""Log lines an operator can search: one JSON object per line, each carrying the request id of the request it
belongs to (``X-Request-ID``), or plain text for a terminal (``RECLASSERING_LOG_FORMAT=text``)."""

from __future__ import annotations

import logging
import logging.config
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

import msgspec

#: The id of the request being handled in this context ("" outside a request). Set by ``api.request_log``.
request_id: ContextVar[str] = ContextVar("request_id", default="")

_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", "request_id", ...extra fields, "error"}`` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", None) or request_id.get()
        if rid:
            entry["request_id"] = rid
        for key, value in record.__dict__.items():
            if key not in _STANDARD and key != "request_id" and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return msgspec.json.encode(entry, enc_hook=str).decode()


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        rid = request_id.get()
        return f"{line} [{rid}]" if rid else line


def configure(log_format: str = "json", level: str = "INFO") -> dict[str, Any]:
    """Configure the root logger (and uvicorn's) once for the process; returns the dictConfig for uvicorn."""
    formatter = "reclassering.logs.JsonFormatter" if log_format == "json" else "reclassering.logs.TextFormatter"
    config: dict[str, Any] = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": {"()": formatter}},
        "handlers": {
            "default": {"class": "logging.StreamHandler", "formatter": "default", "stream": "ext://sys.stderr"}
        },
        "root": {"handlers": ["default"], "level": level},
        "loggers": {
            # uvicorn's own lines go through the same handler; its access log is replaced by ours (with the id)
            "uvicorn": {"handlers": [], "propagate": True, "level": level},
            "uvicorn.error": {"handlers": [], "propagate": True, "level": level},
            "uvicorn.access": {"handlers": [], "propagate": False, "level": "WARNING"},
            "apscheduler": {"level": "WARNING"},  # not a line per tick
            "httpx": {"level": "WARNING"},
        },
    }
    logging.config.dictConfig(config)
    return config
