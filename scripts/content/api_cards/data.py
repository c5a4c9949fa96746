"""api.data: torch.utils.data — datasets, samplers, DataLoader and collation."""

import torch
import torch.utils.data as data

from .common import EqualCheck, card

SUBSECTION = "api.data"
T = ["training"]
DATA = ["data-loading", "data-loader", "epoch-batch-iteration", "mini-batch"]


def ds(n=10):
    return data.TensorDataset(torch.arange(n).float().unsqueeze(1), torch.arange(n))


CARDS = [
    card(["torch.utils.data.DataLoader"],
         "Iterates over a dataset in mini-batches: samples indices (in order, or shuffled each epoch with "
         "`shuffle=True`), fetches the items, and collates them into batched tensors, optionally in `num_workers` "
         "background processes.",
         "Items of shape `S` become batches `(batch_size, *S)`; the last batch is smaller unless `drop_last=True`. "
         "`len(loader)` = ⌈N / batch_size⌉ (⌊N / batch_size⌋ with `drop_last`).",
         None, "training-loop", T, prefer=DATA,
         defaults="`batch_size=1`, `shuffle=False`, `num_workers=0`, `drop_last=False`, `pin_memory=False` (PyTorch 1.13)."),
    card(["torch.utils.data.Dataset"],
         "Map-style dataset: subclass it and define `__len__` and `__getitem__(i)` returning one example.",
         None, None, "training-loop", T, prefer=DATA),
    card(["torch.utils.data.IterableDataset"],
         "Stream-style dataset: define `__iter__`; for data that cannot be indexed (streams, shards). With several "
         "workers each worker must take its own share (`get_worker_info()`).",
         None, None, "training-loop", T, prefer=DATA),
    card(["torch.utils.data.TensorDataset"],
         "Wraps tensors that share their first dimension: item `i` is the tuple of each tensor's row `i`.",
         "Tensors `(N, …)` → N items, each a tuple of rows.", None, "training-loop", T, prefer=DATA),
    card(["torch.utils.data.ConcatDataset"], "Concatenates map-style datasets end to end.",
         "`len` is the sum of the lengths.", None, "training-loop", T, prefer=DATA),
    card(["torch.utils.data.ChainDataset"], "Chains iterable datasets one after another.",
         None, None, "training-loop", T, prefer=DATA),
    card(["torch.utils.data.Subset"], "A view of a dataset restricted to the given indices.",
         "`len` = number of indices.", None, "training-loop", T, prefer=DATA),
    card(["torch.utils.data.random_split"],
         "Splits a dataset into non-overlapping random subsets of the given lengths (e.g. train/validation); pass "
         "a seeded `generator` for a reproducible split.",
         "Returns one `Subset` per length; the lengths must add up to `len(dataset)` (fractions allowed since "
         "PyTorch 1.13).", None, "training-loop", T, prefer=["train-val-test-split", "overfitting-underfitting"] + DATA),
    card(["torch.utils.data.Sampler"], "Base class of index samplers: yields the indices a DataLoader fetches.",
         None, None, "training-loop", T, prefer=DATA),
    card(["torch.utils.data.SequentialSampler"], "Yields 0, 1, …, N−1 (what `shuffle=False` uses).",
         None, None, "training-loop", T, prefer=DATA),
    card(["torch.utils.data.RandomSampler"],
         "Yields a random permutation each epoch (what `shuffle=True` uses), or `num_samples` draws with replacement.",
         None, None, "training-loop", T, prefer=DATA),
    card(["torch.utils.data.SubsetRandomSampler"], "Yields the given indices in random order.",
         None, None, "training-loop", T, prefer=DATA),
    card(["torch.utils.data.WeightedRandomSampler"],
         "Draws indices with the given per-example weights (e.g. to oversample rare classes).",
         None, None, "training-loop", T, prefer=DATA),
    card(["torch.utils.data.BatchSampler"], "Groups the indices of another sampler into lists of `batch_size`.",
         None, None, "training-loop", T, prefer=DATA),
    card(["torch.utils.data.DistributedSampler"],
         "Gives each process of a distributed run its own shard of the dataset; call `set_epoch(epoch)` each epoch "
         "so shuffling differs between epochs.", None, None, "training-loop", T, prefer=DATA),
    card(["torch.utils.data.default_collate"],
         "How a DataLoader turns a list of items into a batch: stacks tensors and numbers along a new first "
         "dimension, and recurses into tuples, lists and dicts.",
         "A list of B items of shape `S` → one tensor `(B, *S)`.", None, "training-loop", T, prefer=DATA),
    card(["torch.utils.data.default_convert"],
         "Converts NumPy arrays and numbers to tensors without batching (used when `batch_size=None`).",
         None, None, "training-loop", T, prefer=DATA),
    card(["torch.utils.data.get_worker_info"],
         "Inside a DataLoader worker: the worker's id, the number of workers, its seed and its copy of the dataset "
         "(`None` in the main process).", None, None, "training-loop", T, prefer=DATA),
    card(["torch.utils.data.IterDataPipe", "torch.utils.data.MapDataPipe", "torch.utils.data.DFIterDataPipe",
          "torch.utils.data.DataChunk", "torch.utils.data.functional_datapipe",
          "torch.utils.data.guaranteed_datapipes_determinism", "torch.utils.data.non_deterministic",
          "torch.utils.data.argument_validation", "torch.utils.data.runtime_validation",
          "torch.utils.data.runtime_validation_disabled", "torch.utils.data.DataLoader2"],
         "DataPipes: composable dataset building blocks from the TorchData prototype, with their decorators and "
         "validation helpers. A beta API that later PyTorch versions deprecate; ordinary training code uses "
         "`Dataset` and `DataLoader`.", None, None, "training-loop", T, prefer=DATA,
         title="data.IterDataPipe / MapDataPipe and the DataPipe helpers"),
]

CHECKS = [
    EqualCheck("len(DataLoader(10 items, batch_size=4))", lambda: len(data.DataLoader(ds(), batch_size=4)), 3),
    EqualCheck("len with drop_last", lambda: len(data.DataLoader(ds(), batch_size=4, drop_last=True)), 2),
    EqualCheck("DataLoader default batch_size", lambda: data.DataLoader(ds()).batch_size, 1),
    EqualCheck("DataLoader default num_workers/drop_last/pin_memory",
               lambda: (lambda d: (d.num_workers, d.drop_last, d.pin_memory))(data.DataLoader(ds())), (0, False, False)),
    EqualCheck("DataLoader shuffle default uses SequentialSampler",
               lambda: type(data.DataLoader(ds()).sampler).__name__, "SequentialSampler"),
    EqualCheck("batch shape", lambda: tuple(next(iter(data.DataLoader(ds(), batch_size=4)))[0].shape), (4, 1)),
    EqualCheck("random_split lengths", lambda: [len(s) for s in data.random_split(ds(), [7, 3])], [7, 3]),
    EqualCheck("random_split fractions", lambda: [len(s) for s in data.random_split(ds(), [0.8, 0.2])], [8, 2]),
    EqualCheck("default_collate stacks", lambda: tuple(data.default_collate([torch.zeros(3), torch.zeros(3)]).shape), (2, 3)),
]

TYPES = {
    "bases": {
        **{f"torch.utils.data.{n}": "torch.utils.data.Dataset" for n in
           ("TensorDataset", "ConcatDataset", "Subset", "IterableDataset")},
        "torch.utils.data.ChainDataset": "torch.utils.data.IterableDataset",
        **{f"torch.utils.data.{n}": "torch.utils.data.Sampler" for n in
           ("SequentialSampler", "RandomSampler", "SubsetRandomSampler", "WeightedRandomSampler", "BatchSampler",
            "DistributedSampler")},
    },
    "returns": {},
}
CHECKS += [EqualCheck(f"{k} base", lambda k=k, v=v: issubclass(eval(k), eval(v)), True)
           for k, v in TYPES["bases"].items()]
