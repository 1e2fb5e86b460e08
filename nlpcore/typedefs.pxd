# C scalar types shared by every module.
from libc.stdint cimport int32_t, uint64_t

ctypedef uint64_t hash_t
ctypedef uint64_t attr_t
ctypedef uint64_t flags_t
ctypedef int32_t idx_t
