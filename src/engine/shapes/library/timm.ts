/**
 * The most used timm building blocks (timm.layers, also reachable as timm.models.layers) and timm's model
 * builder and registry, written for ML Lens as short torch.nn Python with timm's signatures and the same
 * registered children (so module paths equal named_modules()). Interpreted like user code.
 *
 * Covered: to_2tuple/to_ntuple/make_divisible, trunc_normal_ and friends (no-ops for shapes), DropPath,
 * Mlp, GluMlp, PatchEmbed (flattened or NCHW output), SelectAdaptivePool2d, ClassifierHead,
 * create_classifier, BatchNormAct2d, ConvNormAct, LayerNorm2d, get_act_layer, build_model_with_cfg,
 * register_model, generate_default_cfgs.
 */
import { defineLibrary } from './index';

const HELPERS = `
import collections.abc


def _ntuple(n):
    def parse(x):
        if isinstance(x, (list, tuple)):
            return tuple(x)
        return tuple([x] * n)
    return parse


to_1tuple = _ntuple(1)
to_2tuple = _ntuple(2)
to_3tuple = _ntuple(3)
to_4tuple = _ntuple(4)


def to_ntuple(n):
    return _ntuple(n)


def make_divisible(v, divisor=8, min_value=None, round_limit=0.9):
    min_value = min_value or divisor
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    if new_v < round_limit * v:
        new_v += divisor
    return new_v
`;

const WEIGHT_INIT = `
def trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0):
    return tensor


def trunc_normal_tf_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0):
    return tensor


def variance_scaling_(tensor, scale=1.0, mode="fan_in", distribution="normal"):
    return tensor


def lecun_normal_(tensor):
    return tensor
`;

const CREATE_ACT = `
from torch import nn

_ACTS = {
    "relu": nn.ReLU, "relu6": nn.ReLU6, "gelu": nn.GELU, "silu": nn.SiLU, "swish": nn.SiLU, "mish": nn.Mish,
    "sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "hard_sigmoid": nn.Hardsigmoid, "hardsigmoid": nn.Hardsigmoid,
    "hard_swish": nn.Hardswish, "hardswish": nn.Hardswish, "elu": nn.ELU, "celu": nn.CELU, "selu": nn.SELU,
    "leaky_relu": nn.LeakyReLU, "prelu": nn.PReLU, "identity": nn.Identity,
}


def get_act_layer(name="relu"):
    if name is None:
        return None
    if isinstance(name, str):
        if not name:
            return None
        return _ACTS[name]
    return name


def create_act_layer(name, inplace=None, **kwargs):
    act_layer = get_act_layer(name)
    if act_layer is None:
        return None
    if inplace is None:
        return act_layer(**kwargs)
    return act_layer(inplace=inplace, **kwargs)
`;

const DROP = `
import torch
from torch import nn


def drop_path(x, drop_prob=0.0, training=False, scale_by_keep=True):
    return x


class DropPath(nn.Module):
    def __init__(self, drop_prob=0.0, scale_by_keep=True):
        super().__init__()
        self.drop_prob = drop_prob
        self.scale_by_keep = scale_by_keep

    def forward(self, x):
        return x
`;

const MLP = `
from functools import partial

import torch
from torch import nn
from .helpers import to_2tuple


class Mlp(nn.Module):
    def __init__(self, in_features, hidden_features=None, out_features=None, act_layer=nn.GELU, norm_layer=None,
                 bias=True, drop=0.0, use_conv=False, device=None, dtype=None):
        super().__init__()
        out_features = out_features or in_features
        hidden_features = hidden_features or in_features
        bias = to_2tuple(bias)
        drop_probs = to_2tuple(drop)
        linear_layer = partial(nn.Conv2d, kernel_size=1) if use_conv else nn.Linear
        self.fc1 = linear_layer(in_features, hidden_features, bias=bias[0])
        self.act = act_layer()
        self.drop1 = nn.Dropout(drop_probs[0])
        self.norm = norm_layer(hidden_features) if norm_layer is not None else nn.Identity()
        self.fc2 = linear_layer(hidden_features, out_features, bias=bias[1])
        self.drop2 = nn.Dropout(drop_probs[1])

    def forward(self, x):
        x = self.fc1(x)
        x = self.act(x)
        x = self.drop1(x)
        x = self.norm(x)
        x = self.fc2(x)
        x = self.drop2(x)
        return x


class GluMlp(nn.Module):
    def __init__(self, in_features, hidden_features=None, out_features=None, act_layer=nn.Sigmoid, norm_layer=None,
                 bias=True, drop=0.0, use_conv=False, gate_last=True, device=None, dtype=None):
        super().__init__()
        out_features = out_features or in_features
        hidden_features = hidden_features or in_features
        bias = to_2tuple(bias)
        drop_probs = to_2tuple(drop)
        linear_layer = partial(nn.Conv2d, kernel_size=1) if use_conv else nn.Linear
        self.chunk_dim = 1 if use_conv else -1
        self.gate_last = gate_last
        self.fc1 = linear_layer(in_features, hidden_features, bias=bias[0])
        self.act = act_layer()
        self.drop1 = nn.Dropout(drop_probs[0])
        self.norm = norm_layer(hidden_features // 2) if norm_layer is not None else nn.Identity()
        self.fc2 = linear_layer(hidden_features // 2, out_features, bias=bias[1])
        self.drop2 = nn.Dropout(drop_probs[1])

    def forward(self, x):
        x = self.fc1(x)
        x1, x2 = x.chunk(2, dim=self.chunk_dim)
        x = x1 * self.act(x2) if self.gate_last else self.act(x1) * x2
        x = self.drop1(x)
        x = self.norm(x)
        x = self.fc2(x)
        x = self.drop2(x)
        return x
`;

const PATCH_EMBED = `
import torch
from torch import nn
from .helpers import to_2tuple


class PatchEmbed(nn.Module):
    def __init__(self, img_size=224, patch_size=16, in_chans=3, embed_dim=768, norm_layer=None, flatten=True,
                 output_fmt=None, bias=True, strict_img_size=True, dynamic_img_pad=False, device=None, dtype=None):
        super().__init__()
        self.patch_size = to_2tuple(patch_size)
        if img_size is None:
            self.img_size = None
            self.grid_size = None
            self.num_patches = None
        else:
            self.img_size = to_2tuple(img_size)
            self.grid_size = tuple([s // p for s, p in zip(self.img_size, self.patch_size)])
            self.num_patches = self.grid_size[0] * self.grid_size[1]
        if output_fmt is not None:
            self.flatten = False
            self.output_fmt = output_fmt
        else:
            self.flatten = flatten
            self.output_fmt = "NCHW"
        self.proj = nn.Conv2d(in_chans, embed_dim, kernel_size=patch_size, stride=patch_size, bias=bias)
        self.norm = norm_layer(embed_dim) if norm_layer else nn.Identity()

    def forward(self, x):
        x = self.proj(x)
        if self.flatten:
            x = x.flatten(2).transpose(1, 2)
        elif self.output_fmt == "NHWC":
            x = x.permute(0, 2, 3, 1)
        elif self.output_fmt == "NLC":
            x = x.flatten(2).transpose(1, 2)
        elif self.output_fmt == "NCL":
            x = x.flatten(2)
        x = self.norm(x)
        return x
`;

const NORM = `
import torch
from torch import nn
import torch.nn.functional as F


class LayerNorm(nn.LayerNorm):
    def __init__(self, num_channels, eps=1e-6, affine=True, device=None, dtype=None):
        super().__init__(num_channels, eps=eps, elementwise_affine=affine)


class LayerNorm2d(nn.LayerNorm):
    def __init__(self, num_channels, eps=1e-6, affine=True, device=None, dtype=None):
        super().__init__(num_channels, eps=eps, elementwise_affine=affine)

    def forward(self, x):
        x = x.permute(0, 2, 3, 1)
        x = F.layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)
        return x.permute(0, 3, 1, 2)
`;

const NORM_ACT = `
import torch
from torch import nn
from .create_act import get_act_layer


def _create_act(act_layer, act_kwargs=None, inplace=False, apply_act=True):
    act_kwargs = act_kwargs or {}
    act_layer = get_act_layer(act_layer)
    if act_layer is None or not apply_act:
        return nn.Identity()
    if act_layer in (nn.GELU, nn.Sigmoid, nn.Tanh, nn.Identity, nn.PReLU):
        return act_layer(**act_kwargs)
    return act_layer(inplace=inplace, **act_kwargs)


class BatchNormAct2d(nn.BatchNorm2d):
    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, apply_act=True,
                 act_layer=nn.ReLU, act_kwargs=None, inplace=True, drop_layer=None, device=None, dtype=None):
        super().__init__(num_features, eps=eps, momentum=momentum, affine=affine, track_running_stats=track_running_stats)
        self.drop = drop_layer() if drop_layer is not None else nn.Identity()
        self.act = _create_act(act_layer, act_kwargs=act_kwargs, inplace=inplace, apply_act=apply_act)

    def forward(self, x):
        x = super().forward(x)
        x = self.drop(x)
        x = self.act(x)
        return x


def get_norm_act_layer(norm_layer, act_layer=None):
    return BatchNormAct2d
`;

const CONV_BN_ACT = `
import torch
from torch import nn
from .norm_act import BatchNormAct2d


def get_padding(kernel_size, stride=1, dilation=1, **_):
    if isinstance(kernel_size, (tuple, list)) or isinstance(stride, (tuple, list)) or isinstance(dilation, (tuple, list)):
        kernel_size = kernel_size if isinstance(kernel_size, (tuple, list)) else (kernel_size, kernel_size)
        stride = stride if isinstance(stride, (tuple, list)) else (stride, stride)
        dilation = dilation if isinstance(dilation, (tuple, list)) else (dilation, dilation)
        return [get_padding(kernel_size[i], stride[i], dilation[i]) for i in range(2)]
    return ((stride - 1) + dilation * (kernel_size - 1)) // 2


def create_conv2d(in_channels, out_channels, kernel_size, stride=1, padding="", dilation=1, groups=1, bias=False, depthwise=False, **kwargs):
    if depthwise:
        groups = in_channels
    if padding == "" or padding is None:
        padding = get_padding(kernel_size, stride, dilation)
    return nn.Conv2d(in_channels, out_channels, kernel_size, stride=stride, padding=padding, dilation=dilation, groups=groups, bias=bias)


class ConvNormAct(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size=1, stride=1, padding="", dilation=1, groups=1,
                 bias=False, apply_norm=True, apply_act=True, norm_layer=nn.BatchNorm2d, act_layer=nn.ReLU,
                 aa_layer=None, drop_layer=None, conv_kwargs=None, norm_kwargs=None, act_kwargs=None,
                 device=None, dtype=None):
        super().__init__()
        self.conv = create_conv2d(in_channels, out_channels, kernel_size, stride=stride, padding=padding,
                                  dilation=dilation, groups=groups, bias=bias)
        if apply_norm:
            self.bn = BatchNormAct2d(out_channels, apply_act=apply_act, act_layer=act_layer, act_kwargs=act_kwargs,
                                     drop_layer=drop_layer)
        else:
            self.bn = nn.Sequential()
        self.aa = None

    def forward(self, x):
        x = self.conv(x)
        x = self.bn(x)
        return x


ConvBnAct = ConvNormAct
`;

const CLASSIFIER = `
import torch
from torch import nn


class SelectAdaptivePool2d(nn.Module):
    def __init__(self, output_size=1, pool_type="fast", flatten=False, input_fmt="NCHW"):
        super().__init__()
        self.pool_type = pool_type or ""
        pool_type = self.pool_type.lower()
        self.output_size = output_size
        if not pool_type:
            self.pool = nn.Identity()
            self.flatten = nn.Flatten(1) if flatten else nn.Identity()
        elif pool_type == "max":
            self.pool = nn.AdaptiveMaxPool2d(output_size)
            self.flatten = nn.Flatten(1) if flatten else nn.Identity()
        else:
            self.pool = nn.AdaptiveAvgPool2d(output_size)
            self.flatten = nn.Flatten(1) if flatten else nn.Identity()

    def is_identity(self):
        return not self.pool_type

    def feat_mult(self):
        return 2 if self.pool_type == "catavgmax" else 1

    def forward(self, x):
        x = self.pool(x)
        x = self.flatten(x)
        return x


def _create_pool(num_features, num_classes, pool_type="avg", use_conv=False, input_fmt=None):
    flatten_in_pool = not use_conv
    if not pool_type:
        flatten_in_pool = False
    global_pool = SelectAdaptivePool2d(pool_type=pool_type, flatten=flatten_in_pool, input_fmt=input_fmt)
    return global_pool, num_features * global_pool.feat_mult()


def _create_fc(num_features, num_classes, use_conv=False, device=None, dtype=None):
    if num_classes <= 0:
        return nn.Identity()
    if use_conv:
        return nn.Conv2d(num_features, num_classes, 1, bias=True)
    return nn.Linear(num_features, num_classes, bias=True)


def create_classifier(num_features, num_classes, pool_type="avg", use_conv=False, input_fmt="NCHW", drop_rate=None, device=None, dtype=None):
    global_pool, num_pooled_features = _create_pool(num_features, num_classes, pool_type, use_conv=use_conv, input_fmt=input_fmt)
    fc = _create_fc(num_pooled_features, num_classes, use_conv=use_conv)
    if drop_rate is not None:
        return global_pool, nn.Dropout(drop_rate), fc
    return global_pool, fc


class ClassifierHead(nn.Module):
    def __init__(self, in_features, num_classes, pool_type="avg", drop_rate=0.0, use_conv=False, input_fmt="NCHW", device=None, dtype=None):
        super().__init__()
        self.in_features = in_features
        self.use_conv = use_conv
        self.input_fmt = input_fmt
        global_pool, fc = create_classifier(in_features, num_classes, pool_type, use_conv=use_conv, input_fmt=input_fmt)
        self.global_pool = global_pool
        self.drop = nn.Dropout(drop_rate)
        self.fc = fc
        self.flatten = nn.Flatten(1) if use_conv and pool_type else nn.Identity()

    def forward(self, x, pre_logits=False):
        x = self.global_pool(x)
        x = self.drop(x)
        if pre_logits:
            return self.flatten(x)
        x = self.fc(x)
        return self.flatten(x)
`;

const LAYERS = `
from .helpers import to_1tuple, to_2tuple, to_3tuple, to_4tuple, to_ntuple, make_divisible
from .weight_init import trunc_normal_, trunc_normal_tf_, variance_scaling_, lecun_normal_
from .create_act import get_act_layer, create_act_layer
from .drop import DropPath, drop_path
from .mlp import Mlp, GluMlp
from .patch_embed import PatchEmbed
from .norm import LayerNorm, LayerNorm2d
from .norm_act import BatchNormAct2d, get_norm_act_layer
from .conv_bn_act import ConvNormAct, ConvBnAct, create_conv2d, get_padding
from .classifier import ClassifierHead, SelectAdaptivePool2d, create_classifier
`;

const BUILDER = `
from ._registry import _DEFAULT_CFGS


def build_model_with_cfg(model_cls, variant, pretrained, pretrained_cfg=None, pretrained_cfg_overlay=None,
                         model_cfg=None, feature_cfg=None, pretrained_strict=True, pretrained_filter_fn=None,
                         cache_dir=None, kwargs_filter=None, **kwargs):
    # Like timm: the model's pretrained config (registered with generate_default_cfgs, or timm's default
    # PretrainedCfg: 1000 classes, 3x224x224 input) supplies num_classes, global_pool and in_chans when the
    # caller did not.
    cfg = pretrained_cfg
    if not isinstance(cfg, dict):
        cfg = _DEFAULT_CFGS.get(variant.split(".")[0], {})
    num_classes = cfg.get("num_classes", 1000)
    if num_classes is not None and num_classes >= 0:
        kwargs.setdefault("num_classes", num_classes)
    if cfg.get("global_pool", None) is not None:
        kwargs.setdefault("global_pool", cfg["global_pool"])
    input_size = cfg.get("input_size", (3, 224, 224))
    kwargs.setdefault("in_chans", input_size[0])
    if cfg.get("fixed_input_size", False):
        kwargs.setdefault("img_size", input_size[-2:])
    if kwargs_filter:
        for k in kwargs_filter:
            kwargs.pop(k, None)
    kwargs.pop("features_only", None)
    kwargs.pop("out_indices", None)
    if model_cfg is None:
        return model_cls(**kwargs)
    return model_cls(cfg=model_cfg, **kwargs)
`;

const REGISTRY = `
_DEFAULT_CFGS = {}


def register_model(fn):
    return fn


def register_model_deprecations(module_name, deprecation_map):
    return None


def generate_default_cfgs(cfgs):
    for name, cfg in cfgs.items():
        model = name.split(".")[0]
        if model not in _DEFAULT_CFGS:
            _DEFAULT_CFGS[model] = cfg
    return cfgs
`;

const MODELS = `
from ._builder import build_model_with_cfg
from ._registry import register_model, register_model_deprecations, generate_default_cfgs
`;

defineLibrary({
  'timm.layers': LAYERS,
  'timm.layers.helpers': HELPERS,
  'timm.layers.weight_init': WEIGHT_INIT,
  'timm.layers.create_act': CREATE_ACT,
  'timm.layers.drop': DROP,
  'timm.layers.mlp': MLP,
  'timm.layers.patch_embed': PATCH_EMBED,
  'timm.layers.norm': NORM,
  'timm.layers.norm_act': NORM_ACT,
  'timm.layers.conv_bn_act': CONV_BN_ACT,
  'timm.layers.classifier': CLASSIFIER,
  'timm.models.layers': 'from timm.layers import *\n',
  'timm.models': MODELS,
  'timm.models._builder': BUILDER,
  'timm.models.helpers': BUILDER,
  'timm.models._registry': REGISTRY,
  'timm.models.registry': REGISTRY,
});
