#!/usr/bin/env bash
# Install the Debian packages that PyPI cannot give. Two modes:
#   (default, `make test`)   Chromium for the browser tests (Playwright's own browser download is blocked here),
#                            PostgreSQL for the store tests, poppler-utils to read the briefing PDF back, fonts;
#   --runtime (`make run`)   only what the app itself needs: Chromium to print the briefing PDF and chart images,
#                            and DejaVu, the font with Vietnamese glyphs that the PDF embeds.
# Idempotent: does nothing when all is there. Fails loudly when it cannot install.
set -euo pipefail

runtime=0
bench=0
[[ ${1:-} == --runtime ]] && runtime=1
[[ ${1:-} == --bench ]] && bench=1  # benchmarks/pageload.py: also nginx, to measure the README's proxy

CHROMIUM=/usr/bin/chromium
log() { echo "ensure_system_deps: $*"; }

missing=()
[[ -x $CHROMIUM ]] || missing+=(chromium)
# The PostgreSQL server the tests start themselves (as the `postgres` user the package creates).
if ((!runtime)); then
    compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
    command -v pdftotext >/dev/null || missing+=(poppler-utils)
fi
((bench)) && ! command -v nginx >/dev/null && [[ ! -x /usr/sbin/nginx ]] && missing+=(nginx)
# Plotly draws its text with system fonts; DejaVu covers Vietnamese.
if ! dpkg-query -W -f='${Status}' fonts-dejavu-core 2>/dev/null | grep -q "install ok installed"; then
    missing+=(fonts-dejavu-core)
fi

if ((${#missing[@]})); then
    if ! command -v apt-get >/dev/null; then
        log "missing ${missing[*]} and no apt-get: install Chromium at $CHROMIUM by hand" >&2
        exit 1
    fi
    if [[ $(id -u) -eq 0 ]]; then
        as_root=()
    elif command -v sudo >/dev/null; then
        as_root=(sudo)
    else
        log "missing ${missing[*]}: run as root or install sudo" >&2
        exit 1
    fi
    # env, not a plain assignment, so the variable also crosses sudo; the lock timeout waits out another apt.
    apt=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300)
    log "apt-get update"
    "${apt[@]}" update -q
    log "apt-get install ${missing[*]}"
    "${apt[@]}" install -y -q --no-install-recommends "${missing[@]}"
fi

# The launcher's stderr carries harmless noise from /etc/chromium.d; only a failure matters.
if ! version=$("$CHROMIUM" --version 2>/dev/null); then
    log "$CHROMIUM does not run:" >&2
    "$CHROMIUM" --version >&2 || true
    exit 1
fi
if ((runtime)); then
    log "ok (runtime): $version"
    exit 0
fi
pg=$(compgen -G "/usr/lib/postgresql/*/bin/initdb" | sort -V | tail -n 1)
[[ -n $pg ]] || { log "PostgreSQL's initdb is missing" >&2; exit 1; }
log "ok: $version; $("$pg" --version)"
