/**
 * npm run bench:routing — quality of the routing rules on the labelled set
 * (precision/recall per category, accuracy, confusion matrix) and throughput
 * of routeMessage. `-- --fallos` also lists the misrouted messages.
 * Targets: accuracy ≥ 90 %, recall ≥ 85 % in every category.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROUTING_CATEGORIES } from '../src/routing/routing.types';
import { defaultRoutingRules } from '../src/routing/load-routing-rules';
import { routeMessage } from '../src/routing/route-message';
import { evaluateRouting, parseLabelledMessages, toRoutingInput } from '../src/routing/routing-evaluation';

const FIXTURE = join(__dirname, '..', 'test', 'fixtures', 'routing', 'labelled-messages.json');
const RECEIVED_AT = new Date('2024-01-22T14:00:00Z');
const MIN_BENCH_MS = 1500;

const pct = (value: number): string => `${(value * 100).toFixed(1).padStart(5)} %`;

function main(): void {
  const messages = parseLabelledMessages(JSON.parse(readFileSync(FIXTURE, 'utf8')) as unknown);
  const rules = defaultRoutingRules();
  const result = evaluateRouting(messages, rules, RECEIVED_AT);

  console.log(`Reglas versión ${rules.version} · ${result.total} mensajes etiquetados\n`);
  console.log('categoría       precisión   exhaustividad  mensajes');
  for (const category of ROUTING_CATEGORIES) {
    const m = result.perCategory[category];
    console.log(`${category.padEnd(14)}  ${pct(m.precision)}     ${pct(m.recall)}        ${String(m.support).padStart(4)}`);
  }
  console.log(`\nexactitud global: ${pct(result.accuracy)}\n`);

  console.log('matriz de confusión (fila = etiqueta, columna = predicción)');
  console.log(`${''.padEnd(14)}${ROUTING_CATEGORIES.map((c) => c.padStart(14)).join('')}`);
  for (const expected of ROUTING_CATEGORIES) {
    console.log(`${expected.padEnd(14)}${ROUTING_CATEGORIES.map((p) => String(result.confusion[expected][p]).padStart(14)).join('')}`);
  }

  if (process.argv.includes('--fallos')) {
    console.log('\nmal clasificados:');
    for (const { message, decision } of result.misses) {
      const scores = Object.entries(decision.scores).map(([c, s]) => `${c}=${s.toFixed(1)}`).join(' ');
      console.log(`  ${message.id} [${message.label} → ${decision.category}] "${message.subject}" ${scores} regla=${decision.matchedRule ?? '-'}`);
    }
  }

  const inputs = messages.map((message) => toRoutingInput(message, RECEIVED_AT));
  for (const input of inputs) routeMessage(input, rules); // warm-up
  let routed = 0;
  const started = process.hrtime.bigint();
  let elapsedMs = 0;
  while (elapsedMs < MIN_BENCH_MS) {
    for (const input of inputs) routeMessage(input, rules);
    routed += inputs.length;
    elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  }
  console.log(`\nrendimiento: ${Math.round((routed / elapsedMs) * 1000)} mensajes/s (${routed} clasificaciones en ${elapsedMs.toFixed(0)} ms)`);
}

main();
