#!/usr/bin/python3
"""Writes scripts/pytorch-names.json: PyTorch 1.13's public surface that applies to dense, real
tensors on a CPU, the denominator of `npm run coverage:pytorch` (scripts/coverage-pytorch.ts).

Run with Debian's PyTorch: /usr/bin/python3 scripts/pytorch-names.py

Namespaces: `torch` (public functions), `Tensor` (public methods and properties), `nn.functional`
(public functions), `nn` (layer classes), `torch.linalg` (functions), `autograd` (entry points).

Exclusions (each rule is one entry of EXCLUDE below, with its reason):
- sparse, quantized, complex-only, named tensors: layouts and dtypes antorcha does not have;
- CUDA / cuDNN / MIOpen / MKL-DNN / FBGEMM / MPS / XPU / IPU / Vulkan / ORT specific;
- private backward helpers and native_* / batch_norm_* kernel entry points (autograd internals);
- `*_copy` aliases (functionalization twins of views) and unsafe_* variants;
- FFT / STFT and window functions (torch.fft is its own namespace; windows belong with it);
- deprecated linalg spellings (torch.solve, torch.eig, torch.symeig, torch.lstsq, ...: PyTorch
  1.13 warns and points to torch.linalg) and the linalg `*_ex` error-code variants;
- TorchScript / compile / IR / JIT, multiprocessing, autocast, vitals, deterministic-mode and
  other process-configuration switches;
- dunder methods (`__add__` ...) and Python typing helpers re-exported by modules;
- `torch.foo_` in-place functions (the Tensor method `x.foo_()` is the public spelling and is
  counted under Tensor).
"""

import json
import re
import sys
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

# (regex on the bare name, reason). A name matching any rule of its namespace is left out.
COMMON = [
    (r"^_", "private"),
    (r"sparse|coalesce|crow_|ccol_|col_indices|row_indices|^indices$|^values$|^smm$|^hsmm$|^dsmm$|^saddmm$|^spmm$|sspaddmm|hspmm|to_dense|dense_dim", "sparse layouts"),
    (r"quantize|quantized|^q_|qscheme|int_repr|^dequantize$|fbgemm|qparams|observer", "quantized tensors"),
    (r"^complex$|_complex|^conj|^resolve_conj$|^resolve_neg$|^is_conj$|^is_neg$|^angle$|^polar$|^real$|^imag$|^view_as_real|^sgn_?$|^adjoint$|^H$|^mH$|^cdouble$|^cfloat$|^chalf$|^isreal$|^vdot$", "complex numbers"),
    (r"^names?$|^has_names$|^refine_names$|align_|^rename", "named tensors"),
    (r"cuda|cudnn|miopen|mkldnn|_mps|^is_mps$|xpu|^ipu$|^is_ipu$|vulkan|^is_ort$|pin_memory|is_pinned|record_stream|^is_meta$|^is_nested$|to_padded_tensor|^is_shared$|share_memory_", "accelerator / memory-specific"),
    (r"(?<!^index)_copy$|^unsafe_", "*_copy functionalization twins and unsafe_* variants"),
    (r"fft|stft|istft|_window$", "FFT / STFT / windows"),
    (r"^(solve|eig|symeig|lstsq|matrix_rank|chain_matmul|triangular_solve|qr|svd|cholesky|lu|lu_solve|frobenius_norm|nuclear_norm|ger)$", "deprecated linalg spellings (PyTorch 1.13 points to torch.linalg)"),
]
TORCH_ONLY = [
    (r"^[a-z0-9_]*[a-z0-9]_$", "torch.foo_ in-place functions (counted as the Tensor method)"),
    (r"^(native_|batch_norm_|_)|_backward|^grid_sampler|^affine_grid_generator$|^conv_tbc$|^convolution$|^constant_pad_nd$|^norm_except_dim$|^embedding_renorm_$|^segment_reduce$|^align_tensors$|^is_vulkan_available$", "kernel entry points and backward helpers"),
    (r"script|jit|^fork$|^wait$|compile|^typename$|import_ir|parse_|unify_type|merge_type|^obj$|^candidate$|^classproperty$|typename|^get_file_path$|^compiled_with", "TorchScript / compile / IR"),
    (r"autocast|vital|deterministic|anomaly|interop|num_threads|flush_denormal|warn_always|float32_matmul|multiprocessing|set_default_tensor_type|^is_inference_mode_enabled$|^is_grad_enabled$|^is_distributed$|^from_file$|^from_dlpack$|^to_dlpack$|^from_numpy$|^frombuffer$|^get_device$|^is_storage$", "process configuration, interop with other memory"),
    # nn.functional's torch.* twins are the nn helper's area but still public torch names: kept.
]
TENSOR_ONLY = [
    (r"^(apply_|map_|map2_|new|resize|resize_|resize_as|resize_as_|set_|is_set_to|storage|storage_offset|storage_type|data_ptr|element_size|reinforce|volatile|output_nr|as_subclass|is_leaf_|cpu|is_cpu|get_device|type|layout|is_mkldnn|is_quantized|is_sparse|is_sparse_csr|is_coalesced|is_distributed|sum_to_size|as_strided|as_strided_|new_empty_strided)$", "storage / legacy / memory-layout internals"),
    (r"^(bfloat16|half|char|byte|short)$", "dtypes antorcha does not have (bfloat16, float16, int8, uint8, int16)"),
]
LINALG_ONLY = [
    (r"_ex$", "error-code (_ex) variants"),
    (r"^(eig|eigvals)$", "complex outputs"),
    (r"^(LinAlgError|Tensor|common_notes|sys|torch)$", "module internals"),
]

# nn layer classes: every nn.Module subclass exported by torch.nn, except these.
NN_EXCLUDE = {
    "Module": "the base class (covered by nn.Module itself, not a layer)",
    "Container": "deprecated",
    "RNNBase": "abstract base",
    "RNNCellBase": "abstract base",
    "DataParallel": "multi-device",
    "SyncBatchNorm": "multi-device",
    "CrossMapLRN2d": "legacy Lua-torch layer",
    "NLLLoss2d": "deprecated spelling of NLLLoss",
    "UninitializedParameter": "lazy-module internals",
    "UninitializedBuffer": "lazy-module internals",
}
NN_EXCLUDE_RE = [(r"^Lazy", "lazy modules (shape inference at first call)")]

# nn.functional: callables defined as its public functions, except these.
F_EXCLUDE_RE = [
    (r"^_", "private"),
    (r"^[A-Z]", "typing re-exports (Callable, List, Tensor, ...)"),
    (r"torch_function|^boolean_dispatch$|^assert_int_or_pair$", "dispatch helpers"),
    (r"_with_indices$", "twins of pool functions with return_indices=True"),
    (r"^upsample", "deprecated (F.interpolate)"),
    (r"^native_channel_shuffle$|^conv_tbc$|^multi_head_attention_forward$", "kernel entry points"),
]

# torch.autograd: the user-facing entry points (functions and classes a training script calls).
# functional and forward_ad count as one entry each (their own modules).
AUTOGRAD = [
    "Function", "backward", "grad", "gradcheck", "gradgradcheck", "no_grad", "enable_grad",
    "set_grad_enabled", "inference_mode", "detect_anomaly", "functional", "forward_ad",
]


def excluded(name, rules):
    for rx, why in rules:
        if re.search(rx, name):
            return why
    return None


def main():
    out = {"pytorch": torch.__version__, "namespaces": {}, "excluded": {}}

    def keep(ns, names, rules):
        kept, dropped = [], {}
        for n in sorted(set(names)):
            why = excluded(n, rules)
            if why is None:
                kept.append(n)
            else:
                dropped.setdefault(why, []).append(n)
        out["namespaces"][ns] = kept
        out["excluded"][ns] = dropped

    def is_fn(o):
        return type(o).__name__ in ("builtin_function_or_method", "function")

    keep("torch", [n for n in dir(torch) if is_fn(getattr(torch, n))], COMMON + TORCH_ONLY)
    tensor_names = [n for n in dir(torch.Tensor) if not n.startswith("__")]
    keep("Tensor", tensor_names, COMMON + TENSOR_ONLY)
    keep("nn.functional", [n for n in dir(F) if callable(getattr(F, n))], F_EXCLUDE_RE)
    layers = [
        n
        for n in dir(nn)
        if isinstance(getattr(nn, n), type) and issubclass(getattr(nn, n), nn.Module) or n == "Parameter"
    ]
    keep("nn", layers, NN_EXCLUDE_RE + [(f"^{k}$", v) for k, v in NN_EXCLUDE.items()])
    keep("linalg", [n for n in dir(torch.linalg) if not n.startswith("_")], LINALG_ONLY)
    out["namespaces"]["autograd"] = AUTOGRAD
    for ns in out["namespaces"]:
        out["namespaces"][ns] = sorted(out["namespaces"][ns])
    total = sum(len(v) for v in out["namespaces"].values())
    path = Path(__file__).with_name("pytorch-names.json")
    path.write_text(json.dumps(out, indent=1, sort_keys=False) + "\n")
    for ns, v in out["namespaces"].items():
        print(f"{ns:14} {len(v)}", file=sys.stderr)
    print(f"{'total':14} {total}", file=sys.stderr)


if __name__ == "__main__":
    main()
