#!/bin/sh
# Entry point of the compose mail server. Writes the passwd-file from the
# environment (so docker-compose.yml and docker/dovecot/dovecot.conf hold no
# password), then runs Dovecot in the foreground under the image's tini.
set -eu

: "${MAIL_SERVER_PASSWORD:?MAIL_SERVER_PASSWORD es obligatoria}"
accounts="${MAIL_SERVER_ACCOUNTS:-kpt@dnp.gov.co planeacionterritorial@dnp.gov.co}"
dir=/run/mesa-dovecot

install -d -m 0750 -o root -g dovecot "$dir"
hash="$(doveadm pw -s SHA512-CRYPT -p "$MAIL_SERVER_PASSWORD")"
tmp="$dir/passwd.tmp"
: >"$tmp"
for account in $accounts; do
  printf '%s:%s::::::\n' "$account" "$hash" >>"$tmp"
done
chown root:dovecot "$tmp"
chmod 0640 "$tmp"
mv -f "$tmp" "$dir/passwd"

exec /usr/sbin/dovecot -F -c /etc/dovecot/dovecot.conf
