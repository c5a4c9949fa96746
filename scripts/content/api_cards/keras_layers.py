"""api.keras-layers: the Keras 3 layers not covered by the other groups — grouped-query attention, more
recurrent and pooling layers, base classes, preprocessing and augmentation, and wrappers of other frameworks.

Names and first versions come from the `@keras_export` names of each Keras release tag (v3.0.0 … v3.15.0);
written by hand because Keras is not installed here.
"""

from .common import card

SUBSECTION = "api.keras-layers"
L = ["layer"]
NONE = "0."


def nd(prefix, suffix="", dims=(1, 2, 3)):
    return [f"keras.layers.{prefix}{d}D{suffix}" for d in dims]


CARDS = [
    card(["keras.layers.GroupQueryAttention"],
         "Grouped-query attention: `num_query_heads` query heads share `num_key_value_heads` key/value heads "
         "(each K/V head serves num_query_heads / num_key_value_heads query heads), which shrinks the KV cache; "
         "1 K/V head is multi-query attention, as many as query heads is multi-head attention. Called as "
         "`layer(query, value, key=None)`.",
         "`query (B, T, d)`, `value (B, S, d_v)` → `(B, T, d)` (the query's last dim unless `output_shape`).",
         "Q projection `d·H_q·head_dim + H_q·head_dim`, K and V `d·H_kv·head_dim + H_kv·head_dim` each, output "
         "`H_q·head_dim·d + d` (with `use_bias=True`, the default).",
         "multi-head-attention", ["layer", "attention"], prefer=["grouped-query-attention", "gqa"],
),
    card(["keras.layers.ActivityRegularization"],
         "Adds `l1·Σ|x| + l2·Σx²` of its input to the model's loss; passes the input through unchanged.",
         "Output shape = input shape.", NONE, "dropout", ["layer", "regularization"], prefer=["regularization"]),
    card(nd("ConvLSTM", dims=(1, 3)),
         "Convolutional LSTM over sequences of 1-D signals or 3-D volumes (as `ConvLSTM2D` for images): the gates "
         "are convolutions, so the state keeps its spatial layout.",
         "Input `(batch, time, *spatial, C)` → `(batch, *spatial′, filters)` (`(batch, time, …)` with "
         "`return_sequences=True`).", "`4·(k·(C + filters)·filters + filters)` with k the kernel volume.",
         "lstm", ["layer", "recurrent"]),
    card(["keras.layers.StackedRNNCells"], "Stacks several RNN cells so that `keras.layers.RNN` runs them as one "
         "deep cell.", "As the wrapped RNN.", "Sum of the cells' weights.", "rnn", ["layer", "recurrent"]),
    card(["keras.layers.Layer", "keras.Layer"],
         "Base class of every Keras layer: create weights in `build(input_shape)` (or `__init__`), compute in "
         "`call(inputs, training=None)`; `trainable` and `weights` describe its state.",
         "Whatever `call` returns (`compute_output_shape` for symbolic inputs).", "Its weights (`count_params()`).",
         "layer", L),
    card(["keras.layers.Wrapper"], "Base class of layers that wrap another layer (`Bidirectional`, "
         "`TimeDistributed`).", "As the wrapped layer.", "The wrapped layer's.", "layer", L),
    card(["keras.layers.InputSpec", "keras.InputSpec"], "Declares the `ndim`, `dtype` and `shape` a layer accepts, "
         "so incompatible inputs fail early.", "None.", NONE, "layer", L),
    card(["keras.layers.serialize", "keras.layers.deserialize"], "Convert a layer to and from its config dict.",
         "None.", NONE, "layer", L),
    card(nd("AdaptiveAveragePooling") + nd("AdaptiveMaxPooling"),
         "Adaptive pooling to a fixed `output_size` whatever the input size (like PyTorch's `AdaptiveAvgPool2d` / "
         "`AdaptiveMaxPool2d`).", "Input `(batch, *spatial, C)` → `(batch, *output_size, C)` (channels-last).", NONE,
         "pooling", ["layer", "pooling"],
         title="layers.AdaptiveAveragePooling1D–3D / AdaptiveMaxPooling1D–3D"),
    card(["keras.layers.ReversibleEmbedding"],
         "An embedding that can also run in reverse (`reverse=True`): multiplying by the transposed embedding "
         "matrix gives logits over the vocabulary — tied input and output embeddings.",
         "Forward `(batch, T)` ids → `(batch, T, output_dim)`; reverse `(batch, T, output_dim)` → `(batch, T, vocab)`.",
         "`input_dim·output_dim` (tied), plus `output_dim·input_dim` when `tie_weights=False`.",
         "learned-positional-encoding", L, prefer=["token-embedding"]),
    # -------------------------------------------------------- preprocessing ---
    card(["keras.layers.TextVectorization", "keras.layers.StringLookup", "keras.layers.IntegerLookup",
          "keras.layers.CategoryEncoding", "keras.layers.Hashing", "keras.layers.HashedCrossing",
          "keras.layers.Discretization"],
         "Preprocessing layers that turn raw features into model inputs: `TextVectorization` (strings → token "
         "ids), `StringLookup`/`IntegerLookup` (vocabulary → indices, learned with `adapt`), `CategoryEncoding` "
         "(one-hot / multi-hot / counts), `Hashing` and `HashedCrossing` (hash buckets), `Discretization` "
         "(numbers → bins).", "Depends on the layer: e.g. `TextVectorization` maps `(batch,)` strings to "
         "`(batch, output_sequence_length)` ids.", "None learned by gradient descent (`adapt` computes the "
         "vocabulary or bins).", "layer", L, title="Keras text and categorical preprocessing layers"),
    card(["keras.layers.MelSpectrogram"],
         "Audio front-end: mel-scaled spectrograms of raw waveforms.",
         "Waveform `(batch, samples)` → `(batch, frames, num_mel_bins)` (layout set by the layer's arguments).",
         NONE, "feature-map", L),
    card(["keras.layers.STFTSpectrogram"],
         "Audio front-end: short-time Fourier transform spectrograms of raw waveforms.",
         "Waveform `(batch, samples)` → `(batch, frames, frequency bins)`.", NONE, "feature-map", L),
    card(["keras.layers.Pipeline"],
         "Chains preprocessing layers so they run together in tf.data or eagerly.", "As the layers it chains.",
         NONE, "layer", L),
    card(["keras.layers.MaxNumBoundingBoxes"],
         "Pads or cuts the bounding boxes of each image to a fixed number.", "Boxes `(batch, max_number, 4)`.",
         NONE, "layer", L),
    card(["keras.layers.RandomFlip", "keras.layers.RandomRotation", "keras.layers.RandomZoom",
          "keras.layers.RandomCrop", "keras.layers.RandomContrast", "keras.layers.RandomBrightness",
          "keras.layers.RandomTranslation"],
         "Data augmentation layers: random flips, rotations, zooms, crops, contrast, brightness and translations "
         "of images — active only in training (`training=True`), the identity at inference.",
         "Output shape = input shape (`RandomCrop` → `(batch, height, width, C)`).", NONE, "dropout",
         ["layer", "regularization"], prefer=["data-augmentation"], title="Keras image augmentation layers"),
    card(["keras.layers.AutoContrast", "keras.layers.Solarization"],
         "Colour layers: automatic contrast stretching and solarization (inverting pixels above a threshold). Like the other augmentation layers they act only in training.",
         "Output shape = input shape.", NONE, "dropout", ["layer", "regularization"], prefer=["data-augmentation"],
         title="Keras image layers added in 3.6"),
    card(["keras.layers.Equalization", "keras.layers.MixUp", "keras.layers.RandAugment", "keras.layers.RandomColorDegeneration", "keras.layers.RandomColorJitter", "keras.layers.RandomGrayscale", "keras.layers.RandomHue", "keras.layers.RandomPosterization", "keras.layers.RandomSaturation", "keras.layers.RandomSharpness", "keras.layers.RandomShear"],
         "Image augmentation: histogram equalization, MixUp (blending pairs of images and their labels), RandAugment, and random colour, grayscale, hue, posterization, saturation, sharpness and shear changes. Like the other augmentation layers they act only in training.",
         "Output shape = input shape.", NONE, "dropout", ["layer", "regularization"], prefer=["data-augmentation"],
         title="Keras augmentation layers added in 3.8"),
    card(["keras.layers.AugMix", "keras.layers.CutMix", "keras.layers.RandomErasing", "keras.layers.RandomGaussianBlur", "keras.layers.RandomInvert", "keras.layers.RandomPerspective"],
         "Image augmentation: AugMix, CutMix (pasting a patch of another image, labels mixed by area), random erasing, Gaussian blur, inversion and perspective. Like the other augmentation layers they act only in training.",
         "Output shape = input shape.", NONE, "dropout", ["layer", "regularization"], prefer=["data-augmentation"],
         title="Keras augmentation layers added in 3.9"),
    card(["keras.layers.RandomElasticTransform"],
         "Image augmentation: random elastic deformations. Like the other augmentation layers they act only in training.",
         "Output shape = input shape.", NONE, "dropout", ["layer", "regularization"], prefer=["data-augmentation"],
         title="Keras augmentation layers added in 3.10"),
    card(["keras.layers.ContrastLimitedAdaptiveHistogramEqualization"],
         "Contrast-limited adaptive histogram equalization (CLAHE) of images. Like the other augmentation layers they act only in training.",
         "Output shape = input shape.", NONE, "dropout", ["layer", "regularization"], prefer=["data-augmentation"],
         title="Keras image layers added in 3.14"),
    card(["keras.layers.TorchModuleWrapper", "keras.layers.TFSMLayer"],
         "Use other frameworks' models as Keras layers: a PyTorch `nn.Module` (with the torch backend) or a "
         "TensorFlow SavedModel (inference only).", "As the wrapped model.",
         "The wrapped model's parameters become Keras weights.", "layer", L),
    card(["keras.layers.JaxLayer", "keras.layers.FlaxLayer"],
         "Use a JAX function or a Flax module as a Keras layer (jax backend).", "As the wrapped model.",
         "The wrapped model's parameters become Keras weights.", "layer", L),
]
