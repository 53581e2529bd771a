"""Where the workspace keeps its data, which database it uses, and its secret key."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATA_DIR = "socialfit-data"
SECRET_FILE = "secret_key"


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    secure_cookies: bool = False  # set behind HTTPS: cookies then only travel over TLS

    @classmethod
    def from_env(cls) -> "Settings":
        """``SOCIALFIT_DATA_DIR`` (default ./socialfit-data), ``SOCIALFIT_DATABASE_URL`` (default SQLite there)."""
        data_dir = Path(os.environ.get("SOCIALFIT_DATA_DIR") or DEFAULT_DATA_DIR)
        url = os.environ.get("SOCIALFIT_DATABASE_URL") or default_database_url(data_dir)
        return cls(normalise_url(url), data_dir, os.environ.get("SOCIALFIT_SECURE_COOKIES") == "1")


def default_database_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'socialfit.db'}"


def normalise_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 here (SQLAlchemy would otherwise look for psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def secret_key(data_dir: Path) -> str:
    """The key that signs session cookies: generated into the data folder on first start (mode 0600),
    never in the repository. Every process of one installation reads the same file."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / SECRET_FILE
    if not path.exists():
        tmp = data_dir / f".{SECRET_FILE}.{os.getpid()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(48))
        try:
            os.link(tmp, path)  # atomic, and fails when another worker was first: theirs is kept
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    key = path.read_text().strip()
    if len(key) < 32:
        raise RuntimeError(f"{path}: the secret key is too short; delete the file to have a new one generated")
    return key
