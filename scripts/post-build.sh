#!/bin/sh
# Trunk post-build hook: on release builds, print the gzip size of every wasm, JS and CSS file
# the app ships, and the total.
[ "${TRUNK_PROFILE:-}" = "release" ] || exit 0
dir="${TRUNK_STAGING_DIR:-dist}"
total=0
echo "Bundle size (gzip -9):"
for f in "$dir"/*.wasm "$dir"/*.js "$dir"/*.css; do
  [ -f "$f" ] || continue
  raw=$(wc -c < "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  total=$((total + gz))
  printf '  %-48s %8d bytes raw  %8d bytes gzip\n' "$(basename "$f")" "$raw" "$gz"
done
printf '  %-48s %8s            %8d bytes gzip\n' "total" "" "$total"
