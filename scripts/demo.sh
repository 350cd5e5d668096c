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
node bin/mesa.js migrate
node -r ts-node/register/transpile-only scripts/deliver-sample-mail.ts
echo "Iniciando Mesa de Ayuda: API en http://localhost:${HTTP_PORT:-3000}/api/tickets — en otra terminal: npx mesa tickets list"
echo "Los acuses de recibo enviados quedan en .var/smtp-sink/messages/"
exec node -r ts-node/register/transpile-only src/main.ts
