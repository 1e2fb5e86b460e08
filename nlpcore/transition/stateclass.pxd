from .state cimport StateC


cdef class StateClass:
    # Owns one StateC; a thin wrapper for tests, debugging and Python callers.
    cdef StateC* c
    cdef readonly object doc

    @staticmethod
    cdef StateClass wrap_copy(const StateC* state, object doc)
