/**
 * argparse as model scripts use it: `parser.add_argument('--nz', type=int, default=100)` then
 * `opt = parser.parse_args()` gives a namespace holding every argument's default, so `opt.nz` is 100.
 * (The engine cannot know the command line a script will be run with; defaults are what it would get
 * without arguments.)
 */
import { defineLibrary } from './index';

const ARGPARSE = `
class Namespace:
    def __init__(self, **kwargs):
        for k, v in kwargs.items():
            setattr(self, k, v)


class ArgumentParser:
    def __init__(self, *args, **kwargs):
        self._defaults = {}

    def add_argument(self, *names, **kwargs):
        dest = kwargs.get("dest")
        if dest is None:
            longs = [n for n in names if n.startswith("--")]
            dest = (longs[0] if longs else names[0]).lstrip("-").replace("-", "_")
        action = kwargs.get("action")
        if "default" in kwargs:
            value = kwargs["default"]
            kind = kwargs.get("type")
            if isinstance(value, str) and kind is not None:
                value = kind(value)
        elif action == "store_true":
            value = False
        elif action == "store_false":
            value = True
        else:
            value = None
        self._defaults[dest] = value
        return None

    def add_argument_group(self, *args, **kwargs):
        return self

    def add_mutually_exclusive_group(self, *args, **kwargs):
        return self

    def set_defaults(self, **kwargs):
        for k, v in kwargs.items():
            self._defaults[k] = v

    def parse_args(self, *args, **kwargs):
        return Namespace(**self._defaults)

    def parse_known_args(self, *args, **kwargs):
        return self.parse_args(), []


def ArgumentDefaultsHelpFormatter(*args, **kwargs):
    return None
`;

defineLibrary({ argparse: ARGPARSE });
