#!/bin/sh
# Installs the unpacked Upfront app for this user (no root): `upfront` in ~/.local/bin, the menu entry and the
# icons in ~/.local/share. Run it from where the folder is to stay (it links there); PREFIX=... for elsewhere.
# Copied into Upfront-<version>-linux-<arch>.tar.gz as Upfront/install.sh by .ci/build-app.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-$HOME/.local}
icons="$prefix/share/icons/hicolor"
mkdir -p "$prefix/bin" "$prefix/share/applications" "$icons/48x48/apps" "$icons/256x256/apps" "$icons/scalable/apps"
ln -sf "$here/upfront" "$prefix/bin/upfront"
# the entry names the program by its full path: a menu does not always search ~/.local/bin
sed -e "s|^Exec=upfront|Exec=\"$here/upfront\"|" -e "s|^TryExec=upfront|TryExec=$here/upfront|" \
  "$here/upfront.desktop" > "$prefix/share/applications/upfront.desktop"
cp "$here/icons/upfront-48.png" "$icons/48x48/apps/upfront.png"
cp "$here/icons/upfront-256.png" "$icons/256x256/apps/upfront.png"
cp "$here/icons/upfront.svg" "$icons/scalable/apps/upfront.svg"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$prefix/share/applications" || true
echo "Upfront installed: $prefix/bin/upfront, and Upfront in the applications menu."
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "($prefix/bin is not on your PATH: add it to run \`upfront\` in a terminal.)" ;; esac
