"""CI-optional cross-check: files written by antorcha load in PyTorch with the right values.

Writes sample files with antorcha (node + tsx), then reads them here: safetensors through the
`safetensors` package when installed, otherwise through a reader written from the spec; the
tensors must equal what antorcha reports (raw bytes), every dtype.
Run: /usr/bin/python3 scripts/check-io-with-pytorch.py   (exit 0 = all good)
"""
import json
import os
import struct
import subprocess
import sys
import tempfile

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DT = {"BOOL": torch.bool, "U8": torch.uint8, "I8": torch.int8, "I16": torch.int16, "I32": torch.int32,
      "I64": torch.int64, "F16": torch.float16, "BF16": torch.bfloat16, "F32": torch.float32, "F64": torch.float64}

WRITER = r"""
import * as torch from "%(root)s/src/index.ts";
const dir = process.argv[2];
const f = torch.tensor([0, -0, 1.5, -2.25, Infinity, -Infinity, NaN, 1e-3], { dtype: "float64" });
const t: Record<string, torch.Tensor> = {
  bool: torch.tensor([true, false, true]),
  uint8: torch.tensor([0, 1, 255], { dtype: "uint8" }),
  int8: torch.tensor([-128, 0, 127], { dtype: "int8" }),
  int16: torch.tensor([[-32768, 7], [1, 32767]], { dtype: "int16" }),
  int32: torch.tensor([-(2 ** 31), 0, 2 ** 31 - 1], { dtype: "int32" }),
  int64: torch.tensor(new BigInt64Array([-(2n ** 63n), -1n, 2n ** 53n + 1n, 2n ** 63n - 1n])),
  float16: f.to("float16"), bfloat16: f.to("bfloat16"), float32: f.to("float32"), float64: f,
  scalar: torch.tensor(3.25, { dtype: "float64" }), empty: torch.zeros([0, 3]),
  strided: torch.arange(12, { dtype: "float32" }).reshape([3, 4]).t(),
};
torch.io.saveFile(t, `${dir}/every_dtype.safetensors`, { format: "pt" });
torch.manualSeed(0);
const m = new torch.nn.Sequential(new torch.nn.Linear(4, 3), new torch.nn.ReLU(), new torch.nn.Linear(3, 2));
torch.save(m.stateDict(), `${dir}/model.pt`);
const x = torch.randn([5, 4]);
const y = torch.noGrad(() => m.forward(x)) as torch.Tensor;
const hex = (u: torch.Tensor) => { const a = u.dataSync(); return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex"); };
const out: Record<string, unknown> = {};
for (const [k, v] of Object.entries({ ...t, x, y })) out[k] = { shape: v.shape, hex: hex(v) };
console.log(JSON.stringify(out));
"""


def read_safetensors(path):
    try:
        from safetensors.torch import load_file  # the reference implementation, when available
        return load_file(path)
    except ImportError:
        pass
    with open(path, "rb") as fh:
        data = fh.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    header.pop("__metadata__", None)
    out = {}
    for k, info in header.items():
        a, b = info["data_offsets"]
        raw = bytearray(data[8 + n + a:8 + n + b])
        dt = DT[info["dtype"]]
        t = torch.frombuffer(raw, dtype=dt) if raw else torch.empty(0, dtype=dt)
        out[k] = t.reshape(info["shape"])
    return out


def raw(t):
    t = t.detach().contiguous()
    if t.dtype in (torch.bfloat16, torch.float16):
        t = t.view(torch.int16)
    return t.numpy().tobytes().hex()


def main():
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "write.mts")
        with open(src, "w") as fh:
            fh.write(WRITER % {"root": ROOT})
        res = subprocess.run(["node", "--import", "tsx", src, d], cwd=ROOT, capture_output=True, text=True)
        if res.returncode != 0:
            print(res.stderr)
            return 1
        expected = json.loads(res.stdout.strip().splitlines()[-1])
        bad = 0
        tensors = read_safetensors(os.path.join(d, "every_dtype.safetensors"))
        for k, t in tensors.items():
            e = expected[k]
            if list(t.shape) != e["shape"] or raw(t) != e["hex"]:
                print(f"MISMATCH {k}: {t}")
                bad += 1
        sd = read_safetensors(os.path.join(d, "model.pt"))
        model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))
        model.load_state_dict(sd)
        x = torch.tensor(list(bytes.fromhex(expected["x"]["hex"])), dtype=torch.uint8).view(torch.float32).reshape(expected["x"]["shape"])
        y = torch.tensor(list(bytes.fromhex(expected["y"]["hex"])), dtype=torch.uint8).view(torch.float32).reshape(expected["y"]["shape"])
        with torch.no_grad():
            diff = (model(x) - y).abs().max().item()
        if diff > 1e-5:
            print(f"MISMATCH model output: max abs diff {diff}")
            bad += 1
        print(f"{len(tensors)} tensors and a model checked: {'OK' if bad == 0 else f'{bad} mismatches'}")
        return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
