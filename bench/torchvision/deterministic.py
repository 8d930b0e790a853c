"""The deterministic parameter formula of deterministic.md, in Python (its TypeScript twin is
test/reference/torchvision/deterministic.ts). Scalar functions use Python ints with 32-bit masks; fill()
is the same arithmetic on numpy uint64 arrays (products of two 32-bit numbers fit, and the mask keeps the
low 32 bits, as Math.imul does).

    /usr/bin/python3 bench/torchvision/deterministic.py   prints the check values the vitest test pastes in
"""

import math

import numpy as np

VERSION = "cnncalc-deterministic-1"
MASK = 0xFFFFFFFF
SALT_START = 0x811C9DC5
SALT_PRIME = 0x01000193
GOLDEN = 0x9E3779B9

ROLES = ("weight", "bias", "norm_weight", "norm_bias", "running_mean", "running_var", "layer_scale", "input")


def imul(a, b):
    return (a * b) & MASK


def fmix32(h):
    h ^= h >> 16
    h = imul(h, 0x85EBCA6B)
    h ^= h >> 13
    h = imul(h, 0xC2B2AE35)
    return h ^ (h >> 16)


def salt(role, shape):
    s = SALT_START
    for v in [len(role), *map(ord, role), len(shape), *shape]:
        s = fmix32(imul(s ^ v, SALT_PRIME))
    return s


def hash32(salt_value, index):
    return fmix32((salt_value + imul(index, GOLDEN)) & MASK)


def fan_in(shape):
    return math.prod(shape[1:])


def from_unit(role, shape, u):
    """The value before rounding to float32 (u a float or a float64 array), in the documented order of
    operations."""
    if role == "weight":
        return ((u - 0.5) * 4) / math.sqrt(fan_in(shape))
    if role in ("bias", "norm_bias", "running_mean"):
        return (u - 0.5) * 0.2
    if role in ("norm_weight", "running_var", "layer_scale"):
        return 0.5 + u
    if role == "input":
        return (u - 0.5) * 2
    raise ValueError(f"unknown role {role}")


def unit(role, shape, index):
    return hash32(salt(role, shape), index) / 2 ** 32


def value(role, shape, index):
    return float(np.float32(from_unit(role, shape, unit(role, shape, index))))


def fill(role, shape):
    """Every element of a tensor of this role and shape, row-major, as a float32 numpy array."""
    shape = tuple(shape)
    h = (salt(role, shape) + np.arange(math.prod(shape), dtype=np.uint64) * GOLDEN) & MASK
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & MASK
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & MASK
    h ^= h >> 16
    return from_unit(role, shape, h.astype(np.float64) / 2 ** 32).astype(np.float32).reshape(shape)


CHECKS = [
    ("weight", (16, 3, 3, 3), (0, 1, 2, 431)),
    ("weight", (1000, 1024), (0, 1023, 1024000 - 1)),
    ("bias", (16,), (0, 15)),
    ("norm_weight", (96,), (0, 95)),
    ("norm_bias", (96,), (0,)),
    ("running_mean", (16,), (3,)),
    ("running_var", (16,), (3,)),
    ("layer_scale", (96, 1, 1), (0, 95)),
    ("input", (2, 3, 64, 64), (0, 12287, 24575)),
]


def main():
    print(f"version {VERSION}")
    for h in (0, 1, 0x80000000, MASK):
        print(f"fmix32(0x{h:08x}) = 0x{fmix32(h):08x}")
    for role, shape, indices in CHECKS:
        s = salt(role, shape)
        filled = fill(role, shape).reshape(-1)
        for i in indices:
            assert float(filled[i]) == value(role, shape, i)
            print(f"{role} {list(shape)} salt 0x{s:08x} index {i}: hash 0x{hash32(s, i):08x} "
                  f"u {unit(role, shape, i)!r} value {value(role, shape, i)!r}")


if __name__ == "__main__":
    main()
