"""Helpers shared by the API card groups: the card record and PyTorch checks."""

import warnings

MAX_TITLE = 80


def short_name(symbol):
    """torch.nn.functional.relu -> F.relu, torch.nn.Conv2d -> nn.Conv2d."""
    for prefix, short in (("torch.nn.functional.", "F."), ("torch.nn.init.", "nn.init."),
                          ("torch.nn.utils.", "nn.utils."), ("torch.nn.", "nn."),
                          ("torch.optim.lr_scheduler.", "lr_scheduler."), ("torch.optim.", "optim."),
                          ("torch.utils.data.", "data."), ("torch.Tensor.", "Tensor.")):
        if symbol.startswith(prefix):
            return short + symbol[len(prefix):]
    return symbol


def card_id(symbol):
    return "api." + symbol


def card_title(symbols):
    shorts = [short_name(s) for s in symbols]
    title = " / ".join(shorts)
    if len(title) <= MAX_TITLE:
        return title
    title = shorts[0] + " …"
    for n in range(len(shorts) - 1, 0, -1):
        candidate = " / ".join(shorts[:n]) + " …"
        if len(candidate) <= MAX_TITLE:
            return candidate
    return title


def card(symbols, summary, shape, params, concept, tags, formula=None, formula_text=None, aliases=None,
         defaults=None, since=None, prefer=None, title=None):
    """One API card. id and title are derived from the first symbol when built (unless `title` is given).

    shape/params may be None for names that are not layers (optimizers, callbacks); `defaults` then says
    what the defaults are. `since` marks names newer than PyTorch 1.13 / Keras 3.0 ("PyTorch ≥ 2.0").
    `prefer` lists concept ids to link instead of `concept` once those concept cards exist.
    """
    assert symbols and summary and concept
    return {
        "symbols": list(symbols), "summary": summary, "shape": shape, "params": params,
        "defaults": defaults, "since": since,
        "concept": concept, "conceptPreferred": list(prefer) if prefer else None,
        "formula": formula, "formulaText": formula_text,
        "aliases": list(aliases) if aliases else None, "tags": list(tags),
        "title": title, "keepTitle": bool(title),
    }


def count_params(module):
    return sum(p.numel() for p in module.parameters())


class ParamCheck:
    """Parameter count of a sample layer == the count worked by hand from the card's rule."""

    def __init__(self, label, factory, expected, warm_up=None):
        self.label, self.factory, self.expected, self.warm_up = label, factory, expected, warm_up

    def run(self):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            module = self.factory()
            if self.warm_up is not None:  # lazy modules learn their input size here
                module(*self.warm_up())
            got = count_params(module)
        if got != self.expected:
            return f"{self.label}: card rule gives {self.expected} parameters, PyTorch has {got}"
        return None


class ShapeCheck:
    """Output shape of a sample call == the shape worked by hand from the card's rule."""

    def __init__(self, label, call, expected):
        self.label, self.call, self.expected = label, call, tuple(expected)

    def run(self):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = self.call()
        if isinstance(out, (tuple, list)):
            out = out[0]
        got = tuple(out.shape)
        if got != self.expected:
            return f"{self.label}: card rule gives shape {self.expected}, PyTorch gives {got}"
        return None


class ValueCheck:
    """A computed number (e.g. an init std or an activation value) == the value worked by hand."""

    def __init__(self, label, call, expected, tol=1e-4):
        self.label, self.call, self.expected, self.tol = label, call, expected, tol

    def run(self):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            got = float(self.call())
        if abs(got - self.expected) > self.tol * max(1.0, abs(self.expected)):
            return f"{self.label}: card says {self.expected}, PyTorch gives {got}"
        return None


class EqualCheck:
    """A fact stated on a card (a default, a value, a length) == what PyTorch gives; compared with ==."""

    def __init__(self, label, call, expected):
        self.label, self.call, self.expected = label, call, expected

    def run(self):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            got = self.call()
        if got != self.expected:
            return f"{self.label}: card says {self.expected!r}, PyTorch gives {got!r}"
        return None


class CloseCheck:
    """Several numbers (e.g. an optimizer step worked by hand) == PyTorch's, within a relative tolerance."""

    def __init__(self, label, call, expected, tol=1e-5):
        self.label, self.call, self.expected, self.tol = label, call, list(expected), tol

    def run(self):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            got = [float(v) for v in self.call()]
        if len(got) != len(self.expected) or any(
                abs(g - e) > self.tol * max(1.0, abs(e)) for g, e in zip(got, self.expected)):
            return f"{self.label}: card says {self.expected}, PyTorch gives {got}"
        return None
