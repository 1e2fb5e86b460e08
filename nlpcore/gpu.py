"""The device: Thinc's CupyOps on a GPU or the CPU, and CuPy's memory allocator.

`prefer_gpu`/`require_gpu` are thin wrappers over Thinc's: after them, models
built (or loaded) get CupyOps and keep their weights on the GPU, and the
tagger, parser, NER and tok2vec (listeners included) pipelines predict and
train there. What runs where, with the weights on a device:
- CUDA kernels (nlpcore.ml.kernels): HashEmbed's hashing, gather and scatter;
  MaxoutLN's and MishLN's row passes; ExpandWindow; CharEmbed; the parser
  model's state scoring (hidden layer, scores, best move, backward).
- CuPy/CupyOps array code: the gemms; StaticVectors (a device copy of the
  vectors table, Vectors.data_on); list2ragged/ragged2list; the parser's
  lower layer; the softmax and the tagger's loss; the optimizer.
- The parser's and the NER's greedy loops (kernels/device_loop.py and
  greedy_loop.cu): states go to the device once, one launch decodes them all
  (a block per state), the parses come back once (use_device_loop(False): the
  moves applied on the CPU instead, a device round trip per step).
- The CPU: tokenization and feature extraction (attribute ids, row numbers of
  static vectors, character bytes, which then go to the device); the
  transitions in training and with preset annotation (each step sends its
  states' feature rows to the device and takes the scores and best moves back;
  the loss over moves is NumPy);
  set_annotations (the tagger's best labels come back once per batch); the
  tok2vec's vectors stay on the device in doc.tensor, where the listeners take
  them as they are.
Batches: Language.pipe runs a batch whole (on the CPU it cuts shards for the
cache) and the parser's and NER's predict take up to DEVICE_CHUNK_TOKENS words
per chunk (2000 on the CPU): a batch's launches don't grow with its docs, and
the greedy loop gets a block per state of the whole chunk.
The kernels and the device paths are tested on the CPU through an emulation
(tests/ml/kernels), also with a stand-in for CuPy that refuses host arrays as
CuPy does (strict_device.py), and against CuPy where a GPU is; none has yet
run on one.
"""

from typing import Optional

from thinc.api import prefer_gpu as thinc_prefer_gpu
from thinc.api import require_gpu as thinc_require_gpu
from thinc.api import set_gpu_allocator as thinc_set_gpu_allocator

from .errors import Errors
from .ml.kernels.device_loop import SETTINGS as LOOP_SETTINGS

GPU_ALLOCATORS = ("pytorch", "tensorflow")


def prefer_gpu(gpu_id: int = 0) -> bool:
    """Make CupyOps on GPU `gpu_id` Thinc's current ops if CuPy finds a GPU.

    Returns whether it did; without CuPy or a GPU the CPU ops stay current.
    """
    return bool(thinc_prefer_gpu(gpu_id))


def require_gpu(gpu_id: int = 0) -> bool:
    """Make CupyOps on GPU `gpu_id` Thinc's current ops; returns True.

    Raises a coded ValueError (E223) when CuPy or a usable GPU is missing.
    """
    try:
        thinc_require_gpu(gpu_id)
    except Exception as error:  # no CuPy, no device, a driver failure: all "no GPU"
        raise ValueError(Errors.E223.format(gpu_id=gpu_id, error=error)) from None
    return True


def use_gpu_id(gpu_id: int) -> bool:
    """The commands' --gpu-id: negative (-1) keeps the CPU, N >= 0 requires GPU N.

    Returns whether a GPU is used; a coded error when GPU N can't be.
    """
    return gpu_id >= 0 and require_gpu(gpu_id)


def check_gpu_allocator(allocator: Optional[str]) -> Optional[str]:
    """`allocator` if it is None, "pytorch" or "tensorflow", else a coded error (E404)."""
    if allocator is not None and allocator not in GPU_ALLOCATORS:
        raise ValueError(Errors.E404.format(value=allocator))
    return allocator


def set_gpu_allocator(allocator: Optional[str]) -> None:
    """Route CuPy's allocations through PyTorch's or TensorFlow's memory pool
    (the config's [system] gpu_allocator); None keeps CuPy's own pool."""
    if check_gpu_allocator(allocator) is None:
        return
    try:
        thinc_set_gpu_allocator(allocator)
    except Exception as error:  # the framework missing, or no CUDA device for it
        raise ValueError(Errors.E405.format(allocator=allocator, error=error)) from None


def use_device_loop(enabled: bool = True) -> None:
    """Run the parser's and NER's greedy loops on the device (the default), or, with
    False, score on the device and apply the moves on the CPU, step by step."""
    LOOP_SETTINGS["device_loop"] = bool(enabled)
