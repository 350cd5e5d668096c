/**
 * Runs the `mesa inspect` code path over Zammad's e-mail parsing corpus and compares
 * the result with what Zammad's parser produced, by the rules in the corpus README
 * (../shared/corpus/zammad-mail/README.md). The corpus lives outside the repository
 * (AGPL test data); without it the suite is skipped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { decodeHTML } from 'entities';
import { buildInspectReport, InspectReport } from '../../src/cli/commands/inspect.command';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus/zammad-mail');
const REPO = path.resolve(__dirname, '../..');

/**
 * Files whose expected value we judge wrong, each with its reason. Keep this
 * empty unless Zammad's answer is demonstrably not what the message says.
 */
const EXCEPTIONS: Record<string, string> = {};

interface ExpectedAttachment {
  filename: string | null;
  size: number | null;
  content_type: string | null;
}

interface Expected {
  from?: string;
  from_email?: string;
  subject?: string;
  body?: string;
  content_type?: string;
  attachments?: ExpectedAttachment[];
  skip?: string[];
}

// ---- Rule 1: sender ------------------------------------------------------------

/** The address the README says to compare: inside <…>, a quoted local part, else the last word with @. */
export function expectedSenderAddress(expected: Expected): string | null {
  const source = expected.from_email ?? expected.from;
  if (!source) return null;
  const angled = /<([^<>]*)>/.exec(source);
  if (angled) return angled[1];
  const quoted = /"[^"]*"@\S+/.exec(source);
  if (quoted) return quoted[0];
  const words = source.split(/\s+/).filter((word) => word.includes('@'));
  return words.length ? words[words.length - 1] : source.trim();
}

function comparableAddress(address: string): string {
  return address.replace(/["<>]/g, '').trim().toLowerCase();
}

// ---- Rule 2: subject -----------------------------------------------------------

function comparableSubject(subject: string): string {
  return subject.replace(/\s+/g, ' ').trim();
}

// ---- Rule 3: body --------------------------------------------------------------

const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'br', 'caption', 'center', 'dd', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr',
  'html', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead',
  'tr', 'ul',
]);
const ZERO_WIDTH = /[\u200b\u200c\u200d\u2060\ufeff]/g;

function normalizeVisible(text: string): string {
  return text.replace(ZERO_WIDTH, '').replace(/[\s\u00a0]+/g, ' ').trim().normalize('NFC').toLowerCase();
}

/** Visible text of HTML as the README defines it. */
export function visibleHtmlText(html: string): string {
  const withoutHidden = html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
    .replace(/<(head|style|script|title)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi, '');
  const withoutTags = withoutHidden.replace(/<\/?([a-zA-Z][a-zA-Z0-9:-]*)\b[^>]*>/g, (_tag, name: string) =>
    BLOCK_TAGS.has(name.toLowerCase()) ? ' ' : '',
  );
  return normalizeVisible(decodeHTML(withoutTags));
}

function visiblePlainText(text: string): string {
  return normalizeVisible(text);
}

// ---- Rule 4: attachments -------------------------------------------------------

function nameMatches(expected: string, actual: string): boolean {
  const want = [...expected.normalize('NFC')];
  const have = [...actual.normalize('NFC')];
  return want.length === have.length && want.every((ch, i) => ch === '\uFFFD' || ch === have[i]);
}

function isTextLike(contentType: string | null): boolean {
  const type = (contentType ?? '').toLowerCase();
  return (
    type.startsWith('text/') ||
    type.startsWith('message/') ||
    ['application/pgp-signature', 'application/pkcs7-signature', 'application/x-pkcs7-signature'].includes(type)
  );
}

function sizeMatches(expected: ExpectedAttachment, actualSize: number): boolean {
  if (expected.size === null || expected.size === undefined) return true;
  const tolerance = isTextLike(expected.content_type) ? 0.05 : 0.02;
  return Math.abs(actualSize - expected.size) <= tolerance * expected.size;
}

// ---- The comparison ------------------------------------------------------------

export function compareWithZammad(expected: Expected, report: InspectReport): string[] {
  const skip = new Set(expected.skip ?? []);
  const failures: string[] = [];

  if (!skip.has('from') && !skip.has('from_email')) {
    const want = expectedSenderAddress(expected);
    if (want !== null && comparableAddress(report.from?.address ?? '') !== comparableAddress(want)) {
      failures.push(`sender: expected ${JSON.stringify(want)}, got ${JSON.stringify(report.from?.address ?? null)}`);
    }
  }

  if (!skip.has('subject') && expected.subject !== undefined) {
    if (comparableSubject(report.subject) !== comparableSubject(expected.subject)) {
      failures.push(`subject: expected ${JSON.stringify(expected.subject)}, got ${JSON.stringify(report.subject)}`);
    }
  }

  if (!skip.has('body') && expected.body !== undefined && expected.body.trim() !== 'no visible content') {
    const want = expected.content_type === 'text/html' ? visibleHtmlText(expected.body) : visiblePlainText(expected.body);
    const candidates = [report.text === null ? null : visiblePlainText(report.text), report.html === null ? null : visibleHtmlText(report.html)].filter(
      (candidate): candidate is string => candidate !== null,
    );
    const ok =
      want.length > 200
        ? candidates.some((candidate) => candidate.includes(want.slice(0, 200)))
        : candidates.some((candidate) => candidate === want);
    if (!ok) {
      failures.push(`body: expected ${JSON.stringify(want.slice(0, 160))}, got ${candidates.map((c) => JSON.stringify(c.slice(0, 160))).join(' / ') || 'nothing'}`);
    }
  }

  if (!skip.has('attachments')) {
    const unmatched = [...report.attachments];
    for (const want of expected.attachments ?? []) {
      if (want.filename === null) continue;
      const index = unmatched.findIndex((have) => have.filename !== null && nameMatches(want.filename!, have.filename) && sizeMatches(want, have.size));
      if (index < 0) {
        const sameName = report.attachments.filter((have) => have.filename !== null && nameMatches(want.filename!, have.filename));
        failures.push(
          `attachment ${JSON.stringify(want.filename)} (${want.size} bytes): ${
            sameName.length ? `size ${sameName.map((a) => a.size).join('/')}` : `not found among ${JSON.stringify(report.attachments.map((a) => a.filename))}`
          }`,
        );
      } else {
        unmatched.splice(index, 1);
      }
    }
  }
  return failures;
}

const corpusExists = existsSync(CORPUS);
if (!corpusExists) {
  // eslint-disable-next-line no-console
  console.warn(`zammad corpus: skipped, ${CORPUS} does not exist`);
}
const describeCorpus = corpusExists ? describe : describe.skip;

describeCorpus('Zammad mail corpus', () => {
  const boxes = corpusExists ? readdirSync(CORPUS).filter((name) => name.endsWith('.box')).sort() : [];

  it('parses every message the way Zammad does', async () => {
    const failures: string[] = [];
    let passed = 0;
    for (const box of boxes) {
      const expectedFile = path.join(CORPUS, box.replace(/\.box$/, '.expected.json'));
      const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as Expected;
      const report = await buildInspectReport(readFileSync(path.join(CORPUS, box)), { mailbox: null, receivedAt: null });
      const problems = compareWithZammad(expected, report);
      if (problems.length === 0 || EXCEPTIONS[box]) passed++;
      else failures.push(`${box}:\n  ${problems.join('\n  ')}`);
    }
    // eslint-disable-next-line no-console
    console.log(`zammad corpus: ${passed}/${boxes.length} passed`);
    expect(boxes.length).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });

  it('runs as a process: mesa inspect prints one JSON object', () => {
    const result = spawnSync(process.execPath, [path.join(REPO, 'bin/mesa.js'), 'inspect', path.join(CORPUS, 'mail001.box')], {
      cwd: REPO,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as InspectReport;
    expect(report.from?.address).toBe('john.smith@example.com');
    expect(report.subject).toBe('CI Daten für PublicView');
  });
});

describe('corpus comparison rules', () => {
  it.each([
    [{ from_email: 'MAILER-DAEMON@mx1.zammad.com' }, 'MAILER-DAEMON@mx1.zammad.com'],
    [{ from: 'MAILER-DAEMON <postmaster@example.com> (Mail Delivery System)', from_email: 'postmaster@example.com' }, 'postmaster@example.com'],
    [{ from: 'Martin <martin@example.de>' }, 'martin@example.de'],
    [{ from_email: '"Millions Lottery Spain transfer"@example.com>' }, '"Millions Lottery Spain transfer"@example.com>'],
    [{ from_email: 'power quadrant system@example.com' }, 'system@example.com'],
    [{ from_email: 'Test test@example.com' }, 'test@example.com'],
    [{ from_email: 'MAILER-DAEMON' }, 'MAILER-DAEMON'],
  ])('takes the sender of %j as %j', (expected, address) => {
    expect(expectedSenderAddress(expected)).toBe(address);
  });

  it.each([
    ['<p>Hola&nbsp;<b>se</b>ñor</p><br>Chao', 'hola señor chao'],
    ['<html><head><title>T</title><style>p{}</style></head><body><!-- x --><div>A</div><div>B</div></body></html>', 'a b'],
    ['<script>alert(1)</script>x\u200by', 'xy'],
    ['Caf\u0065\u0301 &amp; <span>m</span>ás', 'café & más'],
  ])('reduces %j to %j', (html, text) => {
    expect(visibleHtmlText(html)).toBe(text);
  });
});
