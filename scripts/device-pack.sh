#!/usr/bin/env bash
# Prepares, on this (networked, x86-64) machine, what scripts/device-bench.sh needs on a lent GPU
# machine that has no network, no Node and no node_modules (the device tool carries at most 64 MiB
# of ignored paths, and node_modules is ~280 MB):
#   .gl/       the Vulkan loader and GL vendor-neutral dispatch debs (as /work/.library/device/README.md says)
#   .devpack/  node (xz-compressed), bench/webgpu.ts and bench/webgpu-dispatch.ts bundled by esbuild, the native
#              addon, the `webgpu` package (Dawn) for linux-x64 only, and Fashion-MNIST's train files
#              when they are here and fit.
# Both folders are listed in .git/info/exclude, so they never get committed.
# Run from the repository root: bash scripts/device-pack.sh
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
[ "$(uname -m)" = x86_64 ] || { echo "device-pack: the GPU machine is x86-64; pack on an x86-64 machine"; exit 1; }
exclude="$(git rev-parse --git-path info/exclude)"
for d in /.gl/ /.devpack/; do grep -qxF "$d" "$exclude" 2>/dev/null || echo "$d" >>"$exclude"; done

# Vulkan loader (the GPU machine's image has the NVIDIA driver's ICD but no libvulkan.so.1).
if ! ls .gl/libvulkan1_*.deb >/dev/null 2>&1; then
  mkdir -p .gl /tmp/amd64/partial
  o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
  apt-get $o update -qq
  (cd .gl && apt-get $o download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
fi

rm -rf .devpack && mkdir -p .devpack/node_modules/webgpu/dist
xz -T2 -6 -c "$(readlink -f "$(command -v node)")" >.devpack/node.xz
# One ESM file; Dawn (`webgpu`) stays outside: it is imported by name at run time.
npx esbuild bench/webgpu.ts --bundle --platform=node --format=esm --target=node20 \
  --external:webgpu --outfile=.devpack/bench.mjs --log-level=warning \
  --banner:js="import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
npx esbuild bench/webgpu-dispatch.ts --bundle --platform=node --format=esm --target=node20 \
  --external:webgpu --outfile=.devpack/dispatch.mjs --log-level=warning \
  --banner:js="import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
cp build/Release/antorcha_native.node .devpack/
cp node_modules/webgpu/package.json node_modules/webgpu/index.js .devpack/node_modules/webgpu/
cp -r node_modules/webgpu/dist/linux-x64 .devpack/node_modules/webgpu/dist/
[ -f node_modules/webgpu/package.json ] && node -e 'const p=require("./node_modules/webgpu/package.json");console.log("webgpu (Dawn) "+p.version)'
size() { du -sm "$@" | awk '{s+=$1} END {print s}'; }
fm=/usr/share/datasets/fashion-mnist
if [ -f "$fm/train-images-idx3-ubyte.gz" ]; then
  mkdir -p .devpack/fashion-mnist
  cp "$fm"/train-*-ubyte.gz .devpack/fashion-mnist/
  tree_mb=$(( $(git ls-files -z | du -cb --files0-from=- | tail -1 | cut -f1) / 1048576 ))
  if [ $(( $(size .gl .devpack) + tree_mb )) -gt 60 ]; then
    rm -rf .devpack/fashion-mnist
    echo "device-pack: Fashion-MNIST left out (over the 64 MiB the device tool carries): the MLP runs on random data"
  fi
fi
echo "device-pack: .gl $(size .gl) MiB, .devpack $(size .devpack) MiB; now run on the GPU machine:"
echo '  device tool run: command "bash scripts/device-bench.sh", carry [".gl", ".devpack"], timeout_s 600'
