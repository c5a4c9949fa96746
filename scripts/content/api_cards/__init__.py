"""API card data, one module per api.* subsection of content/sections.json (same order)."""

from . import (activation, attention, conv, dropout, embedding, init, linear, loss, norm, pool, recurrent, shape,
               utils)

GROUPS = [linear, conv, pool, norm, dropout, activation, recurrent, attention, embedding, shape, loss, init, utils]
