"""Whoosh's own file format, written faster.

While flushing a segment, Whoosh 2.7.4 asks for a document's field length once per posting, and
each answer is a seek and a read of one byte in the lengths column: about a third of the time a
rebuild spends writing postings. The writer here reads each field's lengths column once. The
segments it writes name Whoosh's plain codec, so the index on disk is exactly what Whoosh
writes and reads without this module.
"""

from __future__ import annotations

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3PerDocReader, W3Segment, _lenfield
from whoosh.util.numeric import byte_to_length

_LENGTHS = [None] + [byte_to_length(n) for n in range(1, 256)]  # 0: no length stored


class WriterCodec(W3Codec):
    def new_segment(self, storage, indexname):
        return W3Segment(W3Codec(), indexname)

    def per_document_reader(self, storage, segment):
        return _LengthsInMemory(storage, segment)


class _LengthsInMemory(W3PerDocReader):
    def __init__(self, storage, segment):
        super().__init__(storage, segment)
        self._lengths_by_field: dict[str, bytes | None] = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        lengths = self._lengths_by_field.get(fieldname, b"")
        if lengths == b"":
            lengths = self._lengths_by_field[fieldname] = self._read_lengths(fieldname)
        if lengths is None:
            return default
        if docnum > self._doccount:
            raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
        return _LENGTHS[lengths[docnum]] if docnum < len(lengths) else None

    def _read_lengths(self, fieldname: str) -> bytes | None:
        column = self._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            return None
        return column._dbfile.get(column._basepos, column._count)
