#!/usr/bin/env bash
# Makes the render bench clips (issue 13): ten 7.5 s clips (a 75 s episode), 720x1280 30 fps H.264 (high,
# B-frames, one key frame a second, identical encoder settings so the audio-only path can copy them) with
# the audio a mixed episode has: AAC 48 kHz stereo, Opus (clips 3 and 6, what the local preview writes) and
# no audio (clip 8). Into bench-results/render-clips/ (gitignored; served by the Vite dev server).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench-results/render-clips
mkdir -p "$OUT"
for i in $(seq 0 9); do
  f=$(printf '%s/clip-%02d.mp4' "$OUT" "$i")
  [ -s "$f" ] && continue
  audio=(-f lavfi -i "sine=frequency=$((300 + i * 70)):sample_rate=48000:duration=7.5" -ac 2)
  case $i in
    3 | 6) codec=(-c:a libopus -b:a 96k) ;;
    8) audio=() codec=(-an) ;;
    *) codec=(-c:a aac -b:a 128k) ;;
  esac
  ffmpeg -hide_banner -loglevel error -y \
    -f lavfi -i "testsrc2=s=720x1280:r=30:d=7.5,hue=h=$((i * 36))" "${audio[@]}" \
    -c:v libx264 -preset veryfast -profile:v high -pix_fmt yuv420p -b:v 1900k -maxrate 2200k -bufsize 4000k \
    -g 30 -keyint_min 30 -sc_threshold 0 "${codec[@]}" -shortest "$f"
done
printf '{"clips":10,"seconds":7.5,"width":720,"height":1280}\n' > "$OUT/manifest.json"
