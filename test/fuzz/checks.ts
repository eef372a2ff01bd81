import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { APIS } from '../../emulator/parties.js';

const routeOf = (path: string) => APIS.routeOf(path);

// What every answer must be, whatever was asked: no 5xx (a SOAP fault aside: 500 is that protocol's status for
// every fault, but not UNKNOWN_EXCEPTION, its word for a crash), no stack trace or file path of the emulator's
// machine, and an error body in the dialect of the API the path belongs to (the shape its clients parse).

type Headers = Record<string, string | string[] | undefined>;

const ROOT = resolve(import.meta.dirname, '../..');
const STACKS: [RegExp, string][] = [
  [/\n\s+at [^\n]*[(\s][^\s()]+:\d+:\d+\)?/, 'a stack trace'],
  [/\bat (?:async )?[\w$.<>]+ \((?:file:\/\/)?\/[^)]+:\d+:\d+\)/, 'a stack frame'],
  [/node_modules\//, 'a node_modules path'],
  [/\b[\w-]+\.(?:ts|js|mjs|cjs):\d+(?::\d+)?\b/, 'a source file position'],
];
// The control plane tells its operator where the data file is; no other answer names a path of this machine.
const PATHS: [RegExp, string][] = [
  [new RegExp(escape(ROOT)), 'the emulator’s directory'],
  [new RegExp(escape(resolve(tmpdir()))), 'a temporary folder'],
  [/(?:^|[\s"'(=:])\/(?:home|Users|root)\/[\w.-]+\//, 'a home directory'],
];

export function answerProblem(method: string, path: string, status: number, headers: Headers, body: Buffer): string | undefined {
  const text = body.toString('utf8');
  const type = String(headers['content-type'] ?? '');
  const soap = path.startsWith('/services/Soap/') && /xml/i.test(type);
  const operator = path.startsWith('/__emulator') && status < 400;
  for (const [pattern, what] of operator ? STACKS : [...STACKS, ...PATHS]) {
    if (pattern.test(text)) return `the body shows ${what}`;
    for (const [name, value] of Object.entries(headers)) if (/^x-|^www-auth|^location$/i.test(name) && pattern.test(String(value))) return `header ${name} shows ${what}`;
  }
  if (status >= 500) {
    if (!(soap && status === 500)) return `answered ${status}`;
    if (/UNKNOWN_EXCEPTION/.test(text)) return 'answered a SOAP UNKNOWN_EXCEPTION fault (an unexpected error)';
  }
  if (status < 100 || status > 599) return `answered status ${status}`;
  // HEAD has no body; 431 comes from Node's HTTP parser before any route (request line and headers over 16 KB).
  if (method === 'HEAD' || (status === 431 && body.length === 0) || status === 204 || status === 304) return undefined;
  if (body.length > 0 && !type) return 'a body without a Content-Type';
  if (/json/i.test(type)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Job result and export files are NDJSON, sent as application/json as OCI does.
      if (status < 300 && isNdjson(text)) return undefined;
      return `Content-Type ${type} but the body is not JSON`;
    }
    if (status >= 400) return dialectProblem(path, type, parsed);
    return undefined;
  }
  if (status >= 400) {
    if (soap) return /<(?:\w+:)?Fault\b[\s\S]*<faultcode>/.test(text) ? undefined : 'an XML error that is not a SOAP fault';
    return `an error as ${type || 'no content type'}, not in the ${routeOf(pathOnly(path)).dialect.name} dialect`;
  }
  return undefined;
}

const str = (v: unknown) => typeof v === 'string';
const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The error shape each dialect's clients parse. */
function dialectProblem(path: string, type: string, body: unknown): string | undefined {
  const dialect = routeOf(pathOnly(path)).dialect.name;
  const wrong = (expected: string) => `not in the ${dialect} dialect (${expected}): ${JSON.stringify(body).slice(0, 200)}`;
  switch (dialect) {
    case 'oauth':
    case 'salesforce-oauth':
      return obj(body) && str(body.error) && str(body.error_description) ? undefined : wrong('{error, error_description}');
    case 'am-rest': {
      const first = obj(body) && Array.isArray(body.errors) ? body.errors[0] : undefined;
      return obj(first) && str(first.message) && str(first.code) ? undefined : wrong('{errors: [{message, code}]}');
    }
    case 'oci': {
      if (!obj(body)) return wrong('an object');
      const business = body.type === 'about:blank' && str(body.errorCode) && str(body.message) && /problem\+json/.test(type);
      const gateway = str(body.type) && /^https:\/\//.test(String(body.type)) && str(body.title) && str(body.detail) && /problem\+json/.test(type);
      const spring = path.startsWith('/inventory/impex/') && body.status === 403 && body.error === 'Forbidden' && str(body.path);
      return business || gateway || spring ? undefined : wrong('problem+json {type, errorCode, message} or the gateway’s {type, title, detail}');
    }
    case 'scapi':
      return obj(body) && str(body.type) && str(body.title) && str(body.detail) && /problem\+json/.test(type) ? undefined : wrong('problem+json {type, title, detail}');
    case 'ocapi':
      return obj(body) && str(body._v) && obj(body.fault) && str(body.fault.type) && str(body.fault.message) ? undefined : wrong('{_v, fault: {type, message}}');
    case 'salesforce-rest': {
      const first = Array.isArray(body) ? body[0] : undefined;
      return obj(first) && str(first.message) && str(first.errorCode) ? undefined : wrong('[{message, errorCode}]');
    }
    case 'control':
      return obj(body) && str(body.error) && str(body.message) ? undefined : wrong('{error, message}');
  }
}

function isNdjson(text: string): boolean {
  return text.split('\n').every((line) => {
    if (!line.trim()) return true;
    try {
      JSON.parse(line);
      return true;
    } catch {
      return false;
    }
  });
}

function pathOnly(path: string): string {
  const q = path.search(/[?#]/);
  return q < 0 ? path : path.slice(0, q);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
