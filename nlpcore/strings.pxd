from cymem.cymem cimport Pool
from libcpp.vector cimport vector
from murmurhash.mrmr cimport hash64
from preshed.maps cimport PreshMap

from .typedefs cimport hash_t

# Seed of the 64-bit MurmurHash2 used for every string key.
cdef enum:
    STRING_HASH_SEED = 1


cdef struct Utf8Str:
    # A stored string: its UTF-8 bytes (not NUL-terminated) and their count.
    int length
    const char* chars


cdef inline hash_t hash_utf8(const char* utf8, int length) noexcept nogil:
    """Key of a UTF-8 string; the empty string has key 0."""
    if length == 0:
        return 0
    return hash64(<void*>utf8, length, STRING_HASH_SEED)


cdef class StringStore:
    cdef Pool mem
    cdef PreshMap _by_key          # key -> Utf8Str*
    cdef vector[hash_t] _keys      # insertion order

    cdef hash_t intern_utf8(self, const char* utf8, int length) except? 0
    cdef hash_t intern(self, str string) except? 0
    cdef const Utf8Str* lookup(self, hash_t key) noexcept nogil
    cdef str decode(self, hash_t key)
