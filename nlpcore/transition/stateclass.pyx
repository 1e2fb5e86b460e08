"""StateClass: a thin owning Python wrapper around the C++ StateC."""
from libc.stdlib cimport free, malloc

import numpy

from ..errors import Errors
from .state cimport EntC, StateC, feature_slots, set_context_tokens

# The longest state: its positions are int32.
MAX_STATE_LENGTH = 2**31 - 1
# The documented context sets (see include/nlpcore/state.hh), by size.
FEATURE_NAMES = {
    3: ("B0", "E0", "B0-1"),
    6: ("B0", "E0", "B0-1", "B1", "B2", "E0-1"),
    8: ("S0", "S1", "S2", "B0", "B1", "S0L1", "S0R1", "B0L1"),
    13: ("S0", "S1", "S2", "B0", "B1", "S0L1", "S0R1", "B0L1",
         "S0L2", "S0R2", "S1L1", "S1R1", "B0L2"),
}


cdef class StateClass:
    """A parser/NER state over `length` tokens (or over a Doc's tokens).

    length_or_doc: an int, or a Doc (kept as .doc for print_state).
    """

    def __init__(self, length_or_doc):
        if isinstance(length_or_doc, int):
            length, self.doc = length_or_doc, None
        else:
            length, self.doc = len(length_or_doc), length_or_doc
        if not 0 <= length <= MAX_STATE_LENGTH:
            raise ValueError(Errors.E300.format(length=length))
        self.c = new StateC(<int>length)

    def __dealloc__(self):
        if self.c is not NULL:
            del self.c
            self.c = NULL

    @staticmethod
    cdef StateClass wrap_copy(const StateC* state, object doc):
        cdef StateClass self = StateClass.__new__(StateClass)
        self.c = new StateC(state[0])
        self.doc = doc
        return self

    def copy(self):
        """An independent copy."""
        return StateClass.wrap_copy(self.c, self.doc)

    def __len__(self):
        return self.c.length

    def S(self, int i) -> int:
        return self.c.S(i)

    def B(self, int i) -> int:
        return self.c.B(i)

    def H(self, int i) -> int:
        return self.c.H(i)

    def L(self, int h, int n) -> int:
        return self.c.L(h, n)

    def R(self, int h, int n) -> int:
        return self.c.R(h, n)

    def E(self, int i) -> int:
        return self.c.E(i)

    @property
    def stack(self):
        """Stack words, bottom first (so stack[-1] is S(0))."""
        return [self.c.stack[i] for i in range(self.c.stack.size())]

    @property
    def buffer(self):
        """Buffer words, front (B(0)) first."""
        return [self.c.B(i) for i in range(self.c.buffer_length())]

    @property
    def heads(self):
        """Head of every word: -1 unattached, itself for a root."""
        return [self.c.words[i].head for i in range(self.c.length)]

    @property
    def labels(self):
        """Label (string key) of every word's arc; 0 while unattached."""
        return [self.c.words[i].label for i in range(self.c.length)]

    @property
    def sent_starts(self):
        """Words that start a sentence (position 0 and every BREAK)."""
        return [i for i in range(self.c.length) if self.c.words[i].sent_start == 1]

    @property
    def ents(self):
        """Entities as (start, end, label key); end is -1 for an open one."""
        cdef EntC e
        return [(e.start, e.end, e.label) for e in self.c.ents]

    def is_final(self) -> bool:
        return self.c.is_final()

    def context_tokens(self, int nr_feature_tokens=13):
        """Token positions of the context set of that size (see FEATURE_NAMES)."""
        return set_context_tokens_batch([self], nr_feature_tokens)[0].tolist()

    def print_state(self, words=None) -> str:
        """One line: the stack, '|', the buffer's first words, with heads."""
        if words is None:
            words = ([t.text for t in self.doc] if self.doc is not None
                     else [str(i) for i in range(self.c.length)])

        def show(i):
            head = self.c.words[i].head
            return f"{words[i]}" + (f"<-{words[head]}" if 0 <= head != i else "")

        stack = " ".join(show(i) for i in self.stack)
        buffer = " ".join(show(i) for i in self.buffer[:3])
        more = " ..." if self.c.buffer_length() > 3 else ""
        return f"{stack} | {buffer}{more}"

    def __repr__(self):
        return f"<StateClass {self.print_state()}>"


def set_context_tokens_batch(states, int nr_feature_tokens):
    """Context token positions for a batch of StateClass: an int32 array (n, nr); -1 empty.

    nr_feature_tokens: 3 or 6 (NER), 8 or 13 (parser); see FEATURE_NAMES.
    """
    if feature_slots(nr_feature_tokens) == NULL:
        raise ValueError(Errors.E301.format(n=nr_feature_tokens, sizes=sorted(FEATURE_NAMES)))
    cdef int n = len(states)
    out = numpy.full((n, nr_feature_tokens), -1, dtype="int32")
    if n == 0:
        return out
    cdef int[:, ::1] view = out
    cdef StateC** c_states = <StateC**>malloc(n * sizeof(StateC*))
    cdef int i
    try:
        for i in range(n):
            c_states[i] = (<StateClass?>states[i]).c
        with nogil:
            set_context_tokens(c_states, n, &view[0, 0], nr_feature_tokens)
    finally:
        free(c_states)
    return out
