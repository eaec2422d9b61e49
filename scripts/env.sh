# shellcheck shell=bash
# Sourced (never run) by the other scripts: tool paths and environment for
# building and testing jwtscope. Sets REPO to the repository root.
#
#   source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# node_modules/.bin FIRST: npm's binaryen (wasm-opt v132) must win over Debian's
# wasm-opt v108, whose -Oz output breaks at start-up. Then cargo-installed tools
# (trunk, wasm-bindgen, wasm-bindgen-test-runner).
case ":$PATH:" in
  ":$REPO/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:"*) ;;  # already first
  *) PATH="$REPO/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH" ;;
esac
export PATH

export TRUNK_SKIP_VERSION_CHECK=true         # Trunk must not phone home
export CHROMEDRIVER=/usr/bin/chromedriver    # used by wasm-bindgen-test-runner
export CHROME_BIN=/usr/bin/chromium          # used by tests/e2e (playwright-core)
