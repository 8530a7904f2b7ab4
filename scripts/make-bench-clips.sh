#!/usr/bin/env bash
# Makes the stitching bench clips: 8 s, 720x1280, 30 fps H.264 (high, B-frames) + AAC-LC 48 kHz stereo,
# ≈2 MB each, into bench-results/clips/ (gitignored; served by the Vite dev server at /bench-results/clips/).
# A few distinct clips are encoded; the bench reuses them cyclically for 240 (identical copies are fine).
# Usage: scripts/make-bench-clips.sh [distinct=4]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-4}
OUT=bench-results/clips
mkdir -p "$OUT"
for i in $(seq 0 $((N - 1))); do
  f=$(printf '%s/clip-%02d.mp4' "$OUT" "$i")
  [ -s "$f" ] && continue
  ffmpeg -hide_banner -loglevel error -y \
    -f lavfi -i "testsrc2=s=720x1280:r=30:d=8,hue=h=$((i * 90))" \
    -f lavfi -i "sine=frequency=$((300 + i * 110)):sample_rate=48000:duration=8" \
    -c:v libx264 -preset veryfast -profile:v high -pix_fmt yuv420p -b:v 1900k -maxrate 2200k -bufsize 4000k \
    -g 60 -keyint_min 60 -sc_threshold 0 -c:a aac -b:a 96k -ac 2 -shortest "$f"
done
printf '{"distinct":%d,"seconds":8,"width":720,"height":1280}\n' "$N" > "$OUT/manifest.json"
ls -l "$OUT"
