#!/usr/bin/env bash
# Every test: type check, lint, unit tests (Vitest, Node) and browser tests (Playwright, real Chromium,
# against the production build). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s ==\033[0m\n' "$1"; }

step "Type check"
npx tsc --noEmit -p tsconfig.json

step "Lint"
npm run --silent lint

step "Unit tests (Vitest)"
npx vitest run

step "Build"
npx vite build

step "Browser tests (Playwright + Chromium)"
npx playwright test
