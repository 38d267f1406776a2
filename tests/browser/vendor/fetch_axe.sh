#!/bin/sh
# Fetch the vendored axe-core (MPL-2.0, Deque Systems) from the npm registry and check it.
# The browser test injects axe.min.js into every page; it checks the same sha256 before use.
set -eu
VERSION=4.14.1
TARBALL_SHA512=FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==
AXE_SHA256=29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
curl -sSfL -o "$tmp/axe.tgz" "https://registry.npmjs.org/axe-core/-/axe-core-$VERSION.tgz"
got=$(openssl dgst -sha512 -binary "$tmp/axe.tgz" | base64 -w0)
[ "$got" = "$TARBALL_SHA512" ] || { echo "axe-core $VERSION: tarball sha512 $got, expected $TARBALL_SHA512" >&2; exit 1; }
tar -xzf "$tmp/axe.tgz" -C "$tmp" package/axe.min.js package/LICENSE
echo "$AXE_SHA256  $tmp/package/axe.min.js" | sha256sum -c --quiet
cp "$tmp/package/axe.min.js" "$here/axe.min.js"
cp "$tmp/package/LICENSE" "$here/axe-core.LICENSE"
echo "axe-core $VERSION in $here"
