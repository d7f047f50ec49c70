#!/bin/sh
# A local Debian mirror for brig's debootstrap tests: build.sh DEBS OUT
#
# DEBS holds .deb files (scripts/fetch-debs put them there); OUT becomes
# a file:// mirror of the host's suite with one component (main) and the
# host's architecture: pool/main/*.deb, dists/SUITE/main/binary-ARCH/
# Packages(.gz), a Release with every checksum apt-ftparchive writes, and
# an InRelease signed by a key made here (OUT/key.gpg is the keyring to
# pass to debootstrap; OUT/gnupg, with the secret key, is removed).
set -eu

debs=$1
out=$2
# shellcheck source=/dev/null # the host's, read for its suite
. /etc/os-release
suite=$VERSION_CODENAME
arch=$(dpkg --print-architecture)
bin=$out/dists/$suite/main/binary-$arch

mkdir -p "$out/pool/main" "$bin"
cp --reflink=auto "$debs"/*.deb "$out/pool/main/"
(cd "$out" && dpkg-scanpackages --multiversion pool /dev/null 2>/dev/null) \
    >"$bin/Packages"
gzip -9nk "$bin/Packages"
apt-ftparchive \
    -o APT::FTPArchive::Release::Suite="$suite" \
    -o APT::FTPArchive::Release::Codename="$suite" \
    -o APT::FTPArchive::Release::Components=main \
    -o APT::FTPArchive::Release::Architectures="$arch" \
    release "$out/dists/$suite" >"$out/Release.tmp"
mv "$out/Release.tmp" "$out/dists/$suite/Release"

GNUPGHOME=$out/gnupg
export GNUPGHOME
mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key \
    'brig tests <tests@brig.invalid>' ed25519 sign never 2>/dev/null
gpg --batch --quiet --yes --clearsign -o "$out/dists/$suite/InRelease" \
    "$out/dists/$suite/Release"
gpg --batch --quiet --export >"$out/key.gpg"
gpgconf --kill all 2>/dev/null || true
rm -rf "$GNUPGHOME"
