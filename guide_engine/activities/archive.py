"""Reading what the reader chose: size limits, gzip, zip, and what each file is.

The limits guard the reader's phone against a file that would exhaust its memory
(Pyodide's heap is the browser tab's) or a crafted archive. Each is a named
constant, listed on the docs page:

* :data:`MAX_FILE_BYTES`: an activity file, a ``.gz``, or one CSV, checked on the
  file's size before a byte is read, and again on what a ``.gz`` unpacks to;
* :data:`MAX_ARCHIVE_BYTES`: a ``.zip`` (a Strava export holds years of files and
  photos; only its directory and the entries needed are read);
* :data:`MAX_ENTRIES`, :data:`MAX_UNPACKED_BYTES`, :data:`MAX_RATIO`: entries in a
  zip, bytes read from it in all, and the compression ratio of any one entry
  (a zip bomb packs gigabytes into kilobytes).

Entries are read into memory only; nothing is ever written, and an entry whose
name could escape a folder (``../x``, ``/etc/x``, ``C:\\x``) is skipped and reported.
"""

from __future__ import annotations

import os
import zlib

from .problems import FileRefused

MAX_FILE_BYTES = 50 * 1024 * 1024  # 50 MiB: a 24-hour FIT file with every sensor is about 10 MiB
MAX_ARCHIVE_BYTES = 2 * 1024 * 1024 * 1024  # 2 GiB: a decade's Strava export with photos
MAX_ENTRIES = 50_000  # entries listed in a zip (a decade of daily activities and photos)
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024  # 1 GiB unpacked from one zip in all
MAX_RATIO = 100  # unpacked / packed bytes for one entry; real activity files pack 2-15 times
_CHUNK = 1024 * 1024

ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx")


def base_name(name: str) -> str:
    """The name without a trailing ``.gz``, lower-cased: what the file holds."""
    low = name.lower()
    return low[:-3] if low.endswith(".gz") else low


def read_path(path: str) -> bytes | None:
    """Read a chosen file, refusing it by its size before reading it.

    Returns the bytes, or ``None`` for a zip, which is read entry by entry from its
    path (:class:`ZipReader`) under the larger :data:`MAX_ARCHIVE_BYTES`.
    """
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size == 0:
                raise FileRefused("empty", "The file is empty.")
            is_zip = fh.read(4) == b"PK\x03\x04"
            limit = MAX_ARCHIVE_BYTES if is_zip else MAX_FILE_BYTES
            if size > limit:
                raise FileRefused("too_large", f"The file is {_mb(size)}; the importer reads files of up to {_mb(limit)}.")
            if is_zip:
                return None
            fh.seek(0)
            return fh.read(limit + 1)
    except IsADirectoryError:
        raise FileRefused("unreadable", "This is a folder, not a file.") from None
    except OSError as exc:
        raise FileRefused("unreadable", f"The file could not be opened ({exc.strerror or type(exc).__name__}).") from None
    except ValueError:  # a path with a NUL character
        raise FileRefused("unreadable", "The file's path is not one the file system accepts.") from None


def gunzip(data: bytes, limit: int | None = None) -> bytes:
    """Unpack gzip data, refusing it as soon as it would pass ``limit`` bytes (:data:`MAX_FILE_BYTES`)."""
    limit = MAX_FILE_BYTES if limit is None else limit
    out = []
    total = 0
    decoder = zlib.decompressobj(wbits=31)  # 31: gzip header and trailer
    view = memoryview(data)
    try:
        for at in range(0, len(data), _CHUNK):
            piece = decoder.decompress(view[at:at + _CHUNK], limit + 1 - total)
            total += len(piece)
            out.append(piece)
            if total > limit or decoder.unconsumed_tail:
                raise FileRefused("too_large", f"The file unpacks to more than {_mb(limit)}; the importer reads up to that.")
            if decoder.eof:
                break
        tail = decoder.flush()
    except zlib.error:
        raise FileRefused("damaged", "The gzip data is damaged: it cannot be unpacked.") from None
    if not decoder.eof:
        raise FileRefused("truncated", "The gzip file ends before its data does: it was cut short.")
    out.append(tail)
    if total + len(tail) > limit:
        raise FileRefused("too_large", f"The file unpacks to more than {_mb(limit)}; the importer reads up to that.")
    return b"".join(out)


def safe_entry_name(name: str) -> bool:
    """True for a zip entry name that stays inside its folder."""
    if not name or "\0" in name or name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return False
    parts = name.replace("\\", "/").split("/")
    return ".." not in parts


class ZipReader:
    """A zip opened from a path, read entry by entry within the limits above."""

    def __init__(self, path: str) -> None:
        import zipfile

        try:
            self._zip = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise FileRefused("damaged", "The zip file is damaged: its directory cannot be read.") from None
        except OSError as exc:
            raise FileRefused("unreadable", f"The file could not be opened ({exc.strerror or type(exc).__name__}).") from None
        infos = self._zip.infolist()
        if len(infos) > MAX_ENTRIES:
            self._zip.close()
            raise FileRefused("archive_limit", f"The zip lists {len(infos):,} entries; the importer reads zips of up to {MAX_ENTRIES:,}.")
        self.infos = [info for info in infos if not info.is_dir()]
        self._read = 0

    def close(self) -> None:
        self._zip.close()

    def names(self) -> list[str]:
        return [info.filename for info in self.infos]

    def read(self, info) -> bytes:
        """One entry's bytes, checked against every limit while it is unpacked."""
        import zipfile

        if not safe_entry_name(info.filename):
            raise FileRefused("archive_limit", "The entry's name points outside the archive's folder; it was not read.")
        if info.file_size > MAX_FILE_BYTES:
            raise FileRefused("too_large", f"The entry unpacks to {_mb(info.file_size)}; the importer reads up to {_mb(MAX_FILE_BYTES)}.")
        if info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise FileRefused("archive_limit", f"The entry is packed more than {MAX_RATIO} to 1, as zip bombs are; it was not read.")
        # The sizes above come from the archive's own directory and may lie: count while unpacking.
        cap = min(MAX_FILE_BYTES, MAX_RATIO * max(info.compress_size, 1), MAX_UNPACKED_BYTES - self._read)
        chunks, total = [], 0
        try:
            with self._zip.open(info) as fh:
                while piece := fh.read(_CHUNK):
                    total += len(piece)
                    if total > cap:
                        if self._read + total > MAX_UNPACKED_BYTES:
                            raise FileRefused("archive_limit", f"The zip unpacks to more than {_mb(MAX_UNPACKED_BYTES)} in all; the rest was not read.")
                        raise FileRefused("archive_limit", "The entry unpacks to more than its directory says, as zip bombs do; it was not read.")
                    chunks.append(piece)
        except (zipfile.BadZipFile, zlib.error, EOFError):
            raise FileRefused("damaged", "The entry is damaged: it cannot be unpacked.") from None
        except NotImplementedError:
            raise FileRefused("unsupported", "The entry is packed with a method the importer does not read.") from None
        except RuntimeError:  # an encrypted entry
            raise FileRefused("unsupported", "The entry is encrypted.") from None
        self._read += total
        return b"".join(chunks)


def sniff(data: bytes) -> str | None:
    """What bytes hold, from their first bytes: fit, gpx, tcx, zip, gzip, or None."""
    if data[:2] == b"\x1f\x8b":
        return "gzip"
    if data[:4] == b"PK\x03\x04":
        return "zip"
    if len(data) >= 12 and data[8:12] == b".FIT" and data[0] in (12, 14):
        return "fit"
    head = data[:4096].lstrip()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:].lstrip()
    if head.startswith(b"<"):
        if b"<TrainingCenterDatabase" in head:
            return "tcx"
        if b"<gpx" in head:
            return "gpx"
    return None


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):,.1f} MB" if n < 1024**3 else f"{n / 1024**3:,.1f} GB"
