#!/usr/bin/env bash
# The main job on a fresh machine: install, start the local mail server and SMTP sink,
# migrate, deliver sample Spanish mail to both mailboxes, and run the service (API,
# intake, queues). Acknowledgements land in .var/smtp-sink/messages/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/mail-server.sh start
bash scripts/smtp-sink.sh start
# The web UI, served by the service itself at http://localhost:3000.
npm run --silent build:web -- --logLevel warn
node bin/mesa.js migrate
node -r ts-node/register/transpile-only scripts/deliver-sample-mail.ts

# Demo accounts, one per role, with a random password made once and kept in the git-ignored
# .var/demo-accounts.txt (never in the repository); printed here so a newcomer can sign in.
DEMO_ACCOUNTS=.var/demo-accounts.txt
mkdir -p .var
touch "$DEMO_ACCOUNTS"
chmod 600 "$DEMO_ACCOUNTS"
existing=$(node bin/mesa.js user:list --json)
for role in agent supervisor admin; do
  email="demo.${role}@dnp.gov.co"
  if ! grep -q "^${email} " "$DEMO_ACCOUNTS" || ! grep -q "\"${email}\"" <<<"$existing"; then
    password="demo-$(node -e "process.stdout.write(require('crypto').randomBytes(9).toString('base64url'))")"
    if grep -q "\"${email}\"" <<<"$existing"; then
      # The account exists (another checkout made it) but its password is not known here: give it a new one.
      printf '%s\n' "$password" | node bin/mesa.js user:password --email "$email" >/dev/null
    else
      printf '%s\n' "$password" | node bin/mesa.js user:create --email "$email" --role "$role" --name "Demo ${role}" >/dev/null
    fi
    grep -v "^${email} " "$DEMO_ACCOUNTS" > "$DEMO_ACCOUNTS.tmp" || true
    echo "${email} ${password}" >> "$DEMO_ACCOUNTS.tmp"
    mv "$DEMO_ACCOUNTS.tmp" "$DEMO_ACCOUNTS"
  fi
done
echo "Cuentas de demostración (correo contraseña), guardadas en ${DEMO_ACCOUNTS}:"
sed 's/^/  /' "$DEMO_ACCOUNTS"
echo "Iniciando Mesa de Ayuda: abra http://localhost:${HTTP_PORT:-3000} e ingrese con demo.agent@dnp.gov.co (contraseña arriba). API en /api, documentación en /api/docs tras iniciar sesión; en otra terminal: npx mesa tickets list"
echo "Los acuses de recibo enviados quedan en .var/smtp-sink/messages/"
exec node -r ts-node/register/transpile-only src/main.ts
