"""Model configs small enough for the component tests to train in a moment."""

SMALL_TOK2VEC = {"@architectures": "nlpcore.HashEmbedCNN.v1", "width": 32, "depth": 1,
                 "embed_size": 500, "window_size": 1, "maxout_pieces": 2,
                 "subword_features": True, "pretrained_vectors": None}
