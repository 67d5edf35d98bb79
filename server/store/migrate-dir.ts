import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ReportRecord } from './types';

/** A document an older version kept as a file. */
export interface OldDocument {
  readonly kind: string;
  readonly id: string;
  readonly doc: unknown;
}

/** What an older version of the embedded store left in a data directory. */
export interface OldDataDir {
  readonly reports: ReportRecord[];
  readonly docs: OldDocument[];
}

const REPORTS_DIR = 'reports';
const DOC_DIR_PREFIX = 'doc-';
const JSON_SUFFIX = '.json';

function jsonFiles(dir: string): { id: string; value: unknown }[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw err;
  }
  const out: { id: string; value: unknown }[] = [];
  for (const name of names.filter((n) => n.endsWith(JSON_SUFFIX)).sort()) {
    // Each file was written atomically (temp file + rename), so a file here is whole; temp files end in .tmp.
    out.push({ id: name.slice(0, -JSON_SUFFIX.length), value: JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as unknown });
  }
  return out;
}

/**
 * Reads the files the file-based embedded store (before the SQLite store)
 * wrote: finished reports in `reports/<roomId>.json`, documents (packs,
 * classes, the instructor key, report summaries, question results) in
 * `doc-<kind>/<id>.json`. The files are left where they are.
 */
export function readOldDataDir(dataDir: string): OldDataDir {
  const reports = jsonFiles(path.join(dataDir, REPORTS_DIR))
    .map((f) => f.value)
    .filter((r): r is ReportRecord => typeof r === 'object' && r !== null && typeof (r as ReportRecord).roomId === 'string');
  let entries: string[];
  try {
    entries = readdirSync(dataDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { reports, docs: [] };
    throw err;
  }
  const docs: OldDocument[] = [];
  for (const entry of entries.filter((e) => e.startsWith(DOC_DIR_PREFIX)).sort()) {
    const kind = entry.slice(DOC_DIR_PREFIX.length);
    for (const f of jsonFiles(path.join(dataDir, entry))) if (f.value !== null) docs.push({ kind, id: f.id, doc: f.value });
  }
  return { reports, docs };
}
