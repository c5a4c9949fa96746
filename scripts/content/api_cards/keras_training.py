"""api.keras-training: keras.Model's training methods, keras.optimizers (+ schedules), keras.callbacks and
keras.metrics.

Keras is not installed here: the names, defaults and first versions were read from the Keras 3 sources (the
`@keras_export` names of each release tag v3.0.0 … v3.15.0 and the `__init__` signatures of v3.15.0) and are
written by hand. "Keras ≥ 3.x" marks names that first appear after Keras 3.0.
"""

from .common import card

SUBSECTION = "api.keras-training"
T = ["training"]
OPT = ["optimizer", "gradient-descent"]
SCHED = ["lr-schedule", "learning-rate-schedule", "learning-rate-schedules", "learning-rate-warmup", "learning-rate"]
FIT = ["epoch-batch-iteration", "training-loop"]


def model_method(name, summary, defaults=None, prefer=None):
    return card([f"keras.Model.{name}"], summary, None, None, "training-loop", T, defaults=defaults,
                prefer=prefer or FIT)


CARDS = [
    model_method("compile",
                 "Configures training: the optimizer (an instance or a name such as `\"adam\"`), the loss (an "
                 "instance, a function or a name such as `\"sparse_categorical_crossentropy\"`) and the metrics to "
                 "report. Call it before `fit`/`evaluate`.",
                 "`optimizer=\"rmsprop\"`, `loss=None`, `metrics=None`, `jit_compile=\"auto\"` (Keras 3).",
                 ["loss-function"] + FIT),
    model_method("fit",
                 "Trains for `epochs` passes over the data in batches of `batch_size`, running the training step "
                 "(forward, loss, gradients, optimizer update) per batch and the callbacks; evaluates on "
                 "`validation_data` (or the last `validation_split` fraction) after each epoch. Returns a `History` "
                 "whose `.history` dict holds the loss and metrics per epoch.",
                 "`batch_size=None` (32 for arrays), `epochs=1`, `shuffle=True`, `validation_split=0.0`, "
                 "`callbacks=None` (Keras 3)."),
    model_method("evaluate",
                 "Computes the loss and compiled metrics on data in inference mode (dropout off), without training. "
                 "Returns a scalar or a list (a dict with `return_dict=True`).", "`batch_size=None` (32 for arrays)."),
    model_method("predict",
                 "Runs the model in inference mode on the inputs in batches and returns the outputs as NumPy "
                 "arrays (logits or probabilities, whatever the last layer gives).", "`batch_size=None` (32)."),
    model_method("summary",
                 "Prints each layer with its output shape and parameter count, and the totals (trainable and "
                 "non-trainable). The model must be built (given an input shape) first."),
    card(["keras.Model.train_on_batch", "keras.Model.test_on_batch", "keras.Model.predict_on_batch"],
         "One training step, one evaluation step or one prediction on a single batch — for custom loops around a "
         "compiled model.", None, None, "training-loop", T, prefer=FIT),
    card(["keras.Model.save", "keras.Model.save_weights", "keras.Model.load_weights", "keras.models.load_model",
          "keras.saving.load_model", "keras.models.save_model", "keras.saving.save_model"],
         "Save and restore: `model.save(\"model.keras\")` writes architecture, weights and optimizer state; "
         "`keras.models.load_model` reads it back; `save_weights`/`load_weights` (`.weights.h5`) keep only the "
         "weights.", None, None, "training-loop", T, prefer=FIT),
    card(["keras.Model.get_layer", "keras.Model.layers"],
         "The model's layers: `model.layers` lists them, `get_layer(name=…)` finds one (e.g. to freeze it with "
         "`layer.trainable = False`).", None, None, "layer", T),
    # ------------------------------------------------------------ optimizers ---
    card(["keras.optimizers.SGD"], "Stochastic gradient descent with optional (Nesterov) momentum.", None, None,
         "training-loop", T, prefer=["sgd", "momentum"] + OPT,
         defaults="`learning_rate=0.01`, `momentum=0.0`, `nesterov=False`, `weight_decay=None`."),
    card(["keras.optimizers.Adam"], "Adam (see `torch.optim.Adam`); Keras's `epsilon` default is 1e-7, PyTorch's 1e-8.",
         None, None, "training-loop", T, prefer=["adam"] + OPT,
         defaults="`learning_rate=0.001`, `beta_1=0.9`, `beta_2=0.999`, `epsilon=1e-7`, `amsgrad=False`, `weight_decay=None`."),
    card(["keras.optimizers.AdamW"], "Adam with decoupled weight decay. Keras's default `weight_decay` is 0.004 — "
         "PyTorch's `AdamW` uses 0.01.", None, None, "training-loop", T, prefer=["adamw", "weight-decay", "adam"] + OPT,
         defaults="`learning_rate=0.001`, `weight_decay=0.004`, `beta_1=0.9`, `beta_2=0.999`, `epsilon=1e-7`."),
    card(["keras.optimizers.RMSprop"], "RMSprop (the default optimizer of `compile`).", None, None, "training-loop", T,
         prefer=OPT, defaults="`learning_rate=0.001`, `rho=0.9`, `momentum=0.0`, `epsilon=1e-7`, `centered=False`."),
    card(["keras.optimizers.Adagrad"], "Adagrad: steps scaled by the root of the summed squared gradients.", None, None, "training-loop", T, prefer=OPT,
         defaults="`learning_rate=0.001`, `initial_accumulator_value=0.1`, `epsilon=1e-7`."),
    card(["keras.optimizers.Adadelta"], "Adadelta: RMSprop-like steps whose size comes from past updates.", None, None, "training-loop", T, prefer=OPT,
         defaults="`learning_rate=0.001`, `rho=0.95`, `epsilon=1e-7`."),
    card(["keras.optimizers.Adamax"], "Adamax (Adam with the infinity norm).", None, None, "training-loop", T,
         prefer=["adam"] + OPT, defaults="`learning_rate=0.001`, `beta_1=0.9`, `beta_2=0.999`, `epsilon=1e-7`."),
    card(["keras.optimizers.Nadam"], "Adam with Nesterov momentum.", None, None, "training-loop", T,
         prefer=["adam"] + OPT, defaults="`learning_rate=0.001`, `beta_1=0.9`, `beta_2=0.999`, `epsilon=1e-7`."),
    card(["keras.optimizers.Adafactor"], "Adafactor: Adam-like with factored second moments (row and column "
         "averages), so its state needs far less memory for large matrices.", None, None, "training-loop", T,
         prefer=OPT, defaults="`learning_rate=0.001`, `beta_2_decay=-0.8`, `clip_threshold=1.0`, `relative_step=True`."),
    card(["keras.optimizers.Ftrl"], "FTRL-proximal, for large sparse (linear) models.", None, None, "training-loop", T,
         prefer=OPT, defaults="`learning_rate=0.001`, `learning_rate_power=-0.5`, `initial_accumulator_value=0.1`."),
    card(["keras.optimizers.Lion"], "Lion: updates with the sign of an interpolated momentum, so every step has the "
         "same size per parameter; use a smaller learning rate than Adam.", None, None, "training-loop", T,
         prefer=OPT, defaults="`learning_rate=0.001`, `beta_1=0.9`, `beta_2=0.99`."),
    card(["keras.optimizers.Lamb"], "LAMB: Adam with a per-layer trust ratio, for very large batches.", None, None,
         "training-loop", T, prefer=["adam"] + OPT, since="Keras ≥ 3.5",
         defaults="`learning_rate=0.001`, `beta_1=0.9`, `beta_2=0.999`, `epsilon=1e-7`."),
    card(["keras.optimizers.Muon"], "Muon: momentum updates orthogonalised by Newton–Schulz iterations for 2-D "
         "weight matrices, with AdamW for the other variables.", None, None, "training-loop", T, prefer=OPT,
         since="Keras ≥ 3.10", defaults="`learning_rate=0.001`, `momentum=0.95`, `ns_steps=5`, `weight_decay=0.004`."),
    card(["keras.optimizers.ScheduleFreeAdamW"], "Schedule-free AdamW: replaces the learning-rate schedule by "
         "iterate averaging.", None, None, "training-loop", T, prefer=["adamw"] + OPT, since="Keras ≥ 3.14"),
    card(["keras.optimizers.MultiOptimizer", "keras.optimizers.OptimizerMap"], "Use different optimizers for "
         "different groups of variables.", None, None, "training-loop", T, prefer=OPT, since="Keras ≥ 3.15"),
    card(["keras.optimizers.LossScaleOptimizer"], "Wraps an optimizer with dynamic loss scaling for float16 "
         "mixed precision (Keras applies it itself under the `mixed_float16` policy).", None, None, "training-loop",
         T, prefer=["mixed-precision"] + OPT),
    card(["keras.optimizers.Optimizer", "keras.Optimizer"], "Base class of the Keras optimizers: `learning_rate` "
         "(a float or a schedule), `weight_decay`, `clipnorm`/`clipvalue`/`global_clipnorm` gradient clipping, "
         "`use_ema`, `gradient_accumulation_steps`.", None, None, "training-loop", T, prefer=OPT),
    card(["keras.optimizers.get", "keras.optimizers.serialize", "keras.optimizers.deserialize"],
         "Look up an optimizer by name (`\"adam\"` → `Adam()`) and convert optimizers to and from configs.",
         None, None, "training-loop", T, prefer=OPT),
    # ------------------------------------------------------------- schedules ---
    card(["keras.optimizers.schedules.ExponentialDecay"],
         "`lr = initial_learning_rate · decay_rate^(step / decay_steps)` (stepwise with `staircase=True`).", None,
         None, "training-loop", T, prefer=SCHED,
         formula=r"\eta(s) = \eta_0 \cdot r^{s / S}", formula_text="lr(step) = initial · decay_rate^(step / decay_steps)"),
    card(["keras.optimizers.schedules.PiecewiseConstantDecay"], "Constant learning rates between step `boundaries`.",
         None, None, "training-loop", T, prefer=SCHED),
    card(["keras.optimizers.schedules.PolynomialDecay"], "Polynomial decay from the initial rate to "
         "`end_learning_rate` over `decay_steps` (`power=1.0`: linear).", None, None, "training-loop", T, prefer=SCHED),
    card(["keras.optimizers.schedules.InverseTimeDecay"], "`lr = initial / (1 + decay_rate · step / decay_steps)`.",
         None, None, "training-loop", T, prefer=SCHED),
    card(["keras.optimizers.schedules.CosineDecay"], "Cosine decay over `decay_steps` to `alpha · initial`, with an "
         "optional linear warm-up (`warmup_target`, `warmup_steps`).", None, None, "training-loop", T, prefer=SCHED,
         formula=r"\eta(s) = \eta_0\Big(\alpha + (1-\alpha)\tfrac{1}{2}\big(1 + \cos(\pi s / S)\big)\Big)",
         formula_text="lr(step) = initial · (alpha + (1 − alpha)·½·(1 + cos(π·step / decay_steps)))"),
    card(["keras.optimizers.schedules.CosineDecayRestarts"], "Cosine decay with warm restarts (SGDR).", None, None,
         "training-loop", T, prefer=SCHED),
    card(["keras.optimizers.schedules.LearningRateSchedule", "keras.optimizers.schedules.serialize",
          "keras.optimizers.schedules.deserialize"],
         "Base class of schedules: a callable `step → learning rate` you can pass as an optimizer's "
         "`learning_rate`; `serialize`/`deserialize` convert schedules to and from configs.", None, None,
         "training-loop", T, prefer=SCHED),
    # -------------------------------------------------------------- callbacks ---
    card(["keras.callbacks.EarlyStopping"], "Stops training when a monitored quantity has stopped improving for "
         "`patience` epochs; `restore_best_weights=True` rolls back to the best epoch (off by default).", None, None,
         "training-loop", T, prefer=["early-stopping", "overfitting-underfitting"],
         defaults="`monitor=\"val_loss\"`, `min_delta=0`, `patience=0`, `mode=\"auto\"`, `restore_best_weights=False`, "
                  "`start_from_epoch=0`."),
    card(["keras.callbacks.ModelCheckpoint"], "Saves the model or its weights during training, optionally only "
         "when the monitored quantity improves (`save_best_only=True`).", None, None, "training-loop", T,
         prefer=["early-stopping"] + FIT,
         defaults="`monitor=\"val_loss\"`, `save_best_only=False`, `save_weights_only=False`, `save_freq=\"epoch\"`."),
    card(["keras.callbacks.ReduceLROnPlateau"], "Multiplies the learning rate by `factor` when the monitored "
         "quantity has not improved for `patience` epochs.", None, None, "training-loop", T, prefer=SCHED,
         defaults="`monitor=\"val_loss\"`, `factor=0.1`, `patience=10`, `min_delta=1e-4`, `cooldown=0`, `min_lr=0.0`."),
    card(["keras.callbacks.LearningRateScheduler"], "Sets the learning rate at the start of each epoch from "
         "`schedule(epoch, lr)`.", None, None, "training-loop", T, prefer=SCHED),
    card(["keras.callbacks.TensorBoard"], "Writes logs (losses, metrics, optionally histograms and the graph) for "
         "TensorBoard.", None, None, "training-loop", T, prefer=FIT, defaults="`log_dir=\"logs\"`, `update_freq=\"epoch\"`."),
    card(["keras.callbacks.CSVLogger"], "Appends each epoch's results to a CSV file.", None, None, "training-loop",
         T, prefer=FIT),
    card(["keras.callbacks.History"], "Records the loss and metrics of each epoch; `fit` returns it "
         "(`history.history[\"val_loss\"]`).", None, None, "training-loop", T, prefer=FIT),
    card(["keras.callbacks.BackupAndRestore"], "Backs up the training state each epoch so an interrupted `fit` "
         "resumes where it stopped.", None, None, "training-loop", T, prefer=FIT),
    card(["keras.callbacks.TerminateOnNaN"], "Stops training as soon as the loss is NaN.", None, None,
         "exploding-gradient", T),
    card(["keras.callbacks.ProgbarLogger"], "Prints the progress bar and metrics (added by `fit` with `verbose`).",
         None, None, "training-loop", T, prefer=FIT),
    card(["keras.callbacks.LambdaCallback"], "A callback from plain functions (`on_epoch_end=lambda epoch, logs: …`).",
         None, None, "training-loop", T, prefer=FIT),
    card(["keras.callbacks.RemoteMonitor"], "Posts events to a server as JSON.", None, None, "training-loop", T),
    card(["keras.callbacks.SwapEMAWeights"], "Swaps in the optimizer's exponential-moving-average weights for "
         "evaluation and checkpoints (`use_ema=True`).", None, None, "training-loop", T, since="Keras ≥ 3.1"),
    card(["keras.callbacks.OrbaxCheckpoint"], "Checkpoints with the Orbax library (JAX-style checkpointing).",
         None, None, "training-loop", T, since="Keras ≥ 3.14"),
    card(["keras.callbacks.Callback", "keras.callbacks.CallbackList"],
         "Base class for callbacks: override `on_epoch_end(epoch, logs)`, `on_train_batch_end`, … to act during "
         "`fit`/`evaluate`/`predict`; `self.model` is the model. `CallbackList` holds several.", None, None,
         "training-loop", T, prefer=FIT),
    # ---------------------------------------------------------------- metrics ---
    card(["keras.metrics.Accuracy", "keras.metrics.BinaryAccuracy", "keras.metrics.CategoricalAccuracy",
          "keras.metrics.SparseCategoricalAccuracy", "keras.metrics.TopKCategoricalAccuracy",
          "keras.metrics.SparseTopKCategoricalAccuracy", "keras.metrics.binary_accuracy",
          "keras.metrics.categorical_accuracy", "keras.metrics.sparse_categorical_accuracy",
          "keras.metrics.top_k_categorical_accuracy", "keras.metrics.sparse_top_k_categorical_accuracy"],
         "Fraction of correct predictions: `Accuracy` compares values exactly, `BinaryAccuracy` thresholds at 0.5, "
         "`CategoricalAccuracy` compares the argmax with one-hot labels, `SparseCategoricalAccuracy` with integer "
         "labels, the top-k versions count a hit within the k best. `metrics=[\"accuracy\"]` picks the right one "
         "from the loss.", None, None, "training-loop", T, prefer=["metrics", "evaluation-metrics"] + FIT,
         title="keras.metrics accuracy family"),
    card(["keras.metrics.AUC", "keras.metrics.Precision", "keras.metrics.Recall", "keras.metrics.TruePositives",
          "keras.metrics.TrueNegatives", "keras.metrics.FalsePositives", "keras.metrics.FalseNegatives",
          "keras.metrics.PrecisionAtRecall", "keras.metrics.RecallAtPrecision",
          "keras.metrics.SensitivityAtSpecificity", "keras.metrics.SpecificityAtSensitivity"],
         "Confusion-matrix metrics for binary decisions (threshold 0.5 by default): counts of TP/TN/FP/FN, "
         "precision TP/(TP+FP), recall TP/(TP+FN), the area under the ROC (or PR) curve, and the operating points "
         "at a fixed precision, recall, sensitivity or specificity.", None, None, "training-loop", T,
         prefer=["metrics", "evaluation-metrics"] + FIT, title="keras.metrics AUC / Precision / Recall / confusion counts",
         formula=r"\mathrm{precision} = \frac{TP}{TP + FP},\quad \mathrm{recall} = \frac{TP}{TP + FN}",
         formula_text="precision = TP/(TP + FP),  recall = TP/(TP + FN)"),
    card(["keras.metrics.F1Score", "keras.metrics.FBetaScore"], "F-scores: the (β-weighted) harmonic mean of "
         "precision and recall, per class or averaged (`average=\"micro\"`, `\"macro\"`, `\"weighted\"`).", None, None,
         "training-loop", T, prefer=["metrics"] + FIT,
         formula=r"F_\beta = (1+\beta^2)\frac{PR}{\beta^2 P + R}", formula_text="F_β = (1 + β²)·P·R / (β²·P + R)"),
    card(["keras.metrics.IoU", "keras.metrics.MeanIoU", "keras.metrics.BinaryIoU", "keras.metrics.OneHotIoU",
          "keras.metrics.OneHotMeanIoU"], "Intersection over union for segmentation, per class or averaged.",
         None, None, "training-loop", T, prefer=["metrics"] + FIT,
         formula=r"\mathrm{IoU} = \frac{TP}{TP + FP + FN}", formula_text="IoU = TP / (TP + FP + FN)"),
    card(["keras.metrics.MeanSquaredError", "keras.metrics.MeanAbsoluteError",
          "keras.metrics.MeanAbsolutePercentageError", "keras.metrics.MeanSquaredLogarithmicError",
          "keras.metrics.RootMeanSquaredError", "keras.metrics.CosineSimilarity", "keras.metrics.LogCoshError",
          "keras.metrics.R2Score"],
         "Regression metrics averaged over the epoch: MSE, MAE, MAPE, MSLE, RMSE, cosine similarity, log-cosh and "
         "R² (1 − residual sum of squares / total sum of squares).", None, None, "training-loop", T,
         prefer=["mse-mae", "mean-squared-error", "metrics"] + FIT, title="keras.metrics regression metrics (MSE, MAE, RMSE, R²…)"),
    card(["keras.metrics.BinaryCrossentropy", "keras.metrics.CategoricalCrossentropy",
          "keras.metrics.SparseCategoricalCrossentropy", "keras.metrics.KLDivergence", "keras.metrics.Poisson",
          "keras.metrics.Hinge", "keras.metrics.SquaredHinge", "keras.metrics.CategoricalHinge"],
         "Losses tracked as metrics (averaged over the epoch, not used for gradients).", None, None, "training-loop",
         T, prefer=["cross-entropy", "loss-function"] + FIT, title="keras.metrics cross-entropy, KL and hinge metrics"),
    card(["keras.metrics.binary_crossentropy", "keras.metrics.binary_focal_crossentropy",
          "keras.metrics.categorical_crossentropy", "keras.metrics.categorical_focal_crossentropy",
          "keras.metrics.sparse_categorical_crossentropy", "keras.metrics.kl_divergence", "keras.metrics.poisson",
          "keras.metrics.hinge", "keras.metrics.squared_hinge", "keras.metrics.categorical_hinge",
          "keras.metrics.huber", "keras.metrics.log_cosh", "keras.metrics.mean_squared_error",
          "keras.metrics.mean_absolute_error", "keras.metrics.mean_absolute_percentage_error",
          "keras.metrics.mean_squared_logarithmic_error"],
         "The loss functions of `keras.losses`, re-exported in `keras.metrics`: per-sample values for use as "
         "metrics.", None, None, "training-loop", T, prefer=["loss-function"] + FIT,
         title="keras.metrics loss functions (binary_crossentropy, mean_squared_error, …)"),
    card(["keras.metrics.PearsonCorrelation", "keras.metrics.ConcordanceCorrelation",
          "keras.metrics.pearson_correlation", "keras.metrics.concordance_correlation"],
         "Pearson and concordance correlation between predictions and targets.", None, None, "training-loop", T,
         prefer=["metrics"] + FIT, since="Keras ≥ 3.7"),
    card(["keras.metrics.Metric", "keras.Metric", "keras.metrics.Mean", "keras.metrics.Sum",
          "keras.metrics.MeanMetricWrapper", "keras.metrics.get", "keras.metrics.serialize",
          "keras.metrics.deserialize"],
         "Base class of stateful metrics (`update_state`, `result`, `reset_state`), the running `Mean` and `Sum`, "
         "`MeanMetricWrapper` (a function → a metric), and name lookup (`get`) and (de)serialisation.", None, None,
         "training-loop", T, prefer=["metrics"] + FIT, title="keras.metrics.Metric, Mean, Sum and helpers"),
]

TYPES = {
    "classes": ["keras.Model", "keras.Sequential", "keras.callbacks.History"],
    "bases": {"keras.Sequential": "keras.Model", "keras.models.Model": "keras.Model", "keras.models.Sequential": "keras.Model"},
    "returns": {"keras.Model.fit": "keras.callbacks.History"},
}
