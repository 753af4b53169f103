#!/usr/bin/env bash
# The one command for a lent GPU machine (NVIDIA H100/H200, through the device tool), after
# `bash scripts/device-pack.sh` here:   run  command="bash scripts/device-bench.sh"
#                                            carry=[".gl", ".devpack"]  timeout_s=600
# It installs the carried Vulkan loader, unpacks the carried Node, prints the GPU (nvidia-smi),
# PyTorch's view of CUDA and the WebGPU adapter, then runs bench/webgpu.ts (antorcha on webgpu vs
# PyTorch CUDA), after bench/webgpu-dispatch.ts (the API cost per step). Where node_modules is present (a machine with npm), it runs `npx tsx` instead.
# The log is also written to $OUT/device-bench.log when $OUT is set.
set -uo pipefail
cd "$(dirname "$0")/.."
log="${OUT:-/tmp}/device-bench.log"
exec > >(tee "$log") 2>&1

if ! ldconfig -p | grep -q libvulkan.so.1; then
  [ -d .gl ] || { echo "device-bench: no libvulkan.so.1 and no .gl/ (run scripts/device-pack.sh, carry .gl)"; exit 1; }
  for f in .gl/*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[ -z "${VK_DRIVER_FILES:-}" ] && [ -f "$icd" ] && export VK_DRIVER_FILES="$icd"

if [ -z "${DEVICE_BENCH_PACKED:-}" ] && [ -x node_modules/.bin/tsx ] && command -v node >/dev/null; then
  run() { npx tsx bench/webgpu.ts; }
  dispatch() { npx tsx bench/webgpu-dispatch.ts; }
  probe() { npx tsx -e "$1"; }
else
  [ -f .devpack/bench.mjs ] || { echo "device-bench: no node_modules and no .devpack/ (run scripts/device-pack.sh, carry .devpack)"; exit 1; }
  mkdir -p /tmp/antorcha-node
  unxz() { if command -v xz >/dev/null; then xz -dc "$1"; else python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer)' "$1"; fi; }
  [ -x /tmp/antorcha-node/node ] || { unxz .devpack/node.xz >/tmp/antorcha-node/node && chmod +x /tmp/antorcha-node/node; }
  export PATH="/tmp/antorcha-node:$PATH" ANTORCHA_NATIVE_ADDON="$PWD/.devpack/antorcha_native.node"
  [ -d .devpack/fashion-mnist ] && export FASHION_MNIST_ROOT="$PWD/.devpack/fashion-mnist"
  run() { node .devpack/bench.mjs; }
  dispatch() { node .devpack/dispatch.mjs; }
  probe() { (cd .devpack && node --input-type=module -e "$1"); }
fi

echo "== $(date -u) on $(hostname): node $(node --version)"
nvidia-smi || echo "(nvidia-smi failed)"
python3 -c 'import torch; print("PyTorch", torch.__version__, "cuda available:", torch.cuda.is_available(), torch.cuda.get_device_name(0) if torch.cuda.is_available() else "")' \
  || echo "(python3 has no working torch)"
echo "== WebGPU adapter (Dawn over Vulkan)"
probe 'const { create, globals } = await import("webgpu"); Object.assign(globalThis, globals);
const a = await create([]).requestAdapter({ powerPreference: "high-performance" });
const i = a?.info; console.log(i ? JSON.stringify({ vendor: i.vendor, architecture: i.architecture, device: i.device, description: i.description }) : "no adapter"); process.exit(0);'
echo "== bench/webgpu-dispatch.ts (dispatches, submits, read-backs per step; µs per dispatch)"
dispatch
echo "== bench/webgpu.ts"
run
echo "== exit $?"
