/**
 * `gradflow backup`: a consistent copy of the embedded store's database
 * (`<data dir>/gradflow.db`) while the server keeps running, through SQLite's
 * online backup. The copy is itself a data directory's database: put it in an
 * empty directory as `gradflow.db` to restore.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DB_FILE } from '../store/sqlite';
import { CliError, EXIT_FAILURE, EXIT_OK, defineCommand } from './common';

/** The data directory when `--data-dir` is not given (the server's default too). */
export const DEFAULT_DATA_DIR = './data';

export const command = defineCommand({
  name: 'backup',
  summary: 'Copy the embedded store (the data dir\u2019s gradflow.db) to a file, safely while the server runs.',
  options: {
    to: { type: 'string', value: '<file>', required: true, description: 'the backup file to write (must not exist)' },
    'data-dir': { type: 'string', value: '<dir>', description: `the server's GRADFLOW_DATA_DIR (default ${DEFAULT_DATA_DIR})` },
  },
  async run(opts, io) {
    const source = path.resolve(io.cwd, opts['data-dir'] ?? DEFAULT_DATA_DIR, DB_FILE);
    const target = path.resolve(io.cwd, opts.to);
    if (!existsSync(source)) throw new CliError(`no database at ${source} (is --data-dir the server's GRADFLOW_DATA_DIR?)`);
    if (existsSync(target)) throw new CliError(`${target} already exists; choose a new file`);
    if (target === source) throw new CliError('the backup cannot be the live database');
    let db: Database.Database;
    try {
      db = new Database(source, { readonly: true, fileMustExist: true });
    } catch (err) {
      throw new CliError(`cannot open ${source}: ${err instanceof Error ? err.message : String(err)}`, EXIT_FAILURE);
    }
    try {
      mkdirSync(path.dirname(target), { recursive: true });
      const done = await db.backup(target);
      io.stdout(`backed up ${source} to ${target} (${done.totalPages} pages)\n`);
      return EXIT_OK;
    } catch (err) {
      throw new CliError(`backup failed: ${err instanceof Error ? err.message : String(err)}`, EXIT_FAILURE);
    } finally {
      db.close();
    }
  },
});
