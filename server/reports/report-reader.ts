/**
 * Reads reports for the API without reading every report on every request:
 * requests that arrive while summaries are being listed share that listing
 * (many phones ask at once at the end of a lecture), and whole reports —
 * never changed once written — are kept in a small in-process cache.
 */
import type { Store } from '../store/types';
import { isGameReport, summarizeReport } from './build-report';
import { SUMMARY_COLLECTION, type GameReport, type ReportSummary } from '@/engine/reports';

/** Whole reports kept in memory. */
export const REPORT_CACHE_SIZE = 32;

const isSummary = (v: unknown): v is ReportSummary =>
  typeof v === 'object' && v !== null && typeof (v as ReportSummary).roomId === 'string' && Array.isArray((v as ReportSummary).members);

/** Cached access to reports and their summaries. */
export class ReportReader {
  private listing: Promise<ReportSummary[]> | null = null;
  private readonly reports = new Map<string, Promise<GameReport | null>>();

  constructor(private readonly store: Store) {}

  /** Every game's summary; callers that arrive while a listing runs share it. */
  summaries(): Promise<ReportSummary[]> {
    if (this.listing) return this.listing;
    const listing = this.store.listDocs(SUMMARY_COLLECTION).then((docs) => docs.filter(isSummary));
    this.listing = listing;
    const done = () => {
      if (this.listing === listing) this.listing = null;
    };
    listing.then(done, done);
    return listing;
  }

  /** A finished game's report, or null (unknown room, or a report in an older format). */
  report(roomId: string): Promise<GameReport | null> {
    const cached = this.reports.get(roomId);
    if (cached) {
      // Most recently used last.
      this.reports.delete(roomId);
      this.reports.set(roomId, cached);
      return cached;
    }
    const loading = this.store.getReport(roomId).then((r) => (isGameReport(r) ? r : null));
    this.reports.set(roomId, loading);
    // Only reports that exist are kept: a game still running may end any moment.
    loading.then(
      (r) => {
        if (!r) this.reports.delete(roomId);
      },
      () => this.reports.delete(roomId),
    );
    while (this.reports.size > REPORT_CACHE_SIZE) {
      const oldest = this.reports.keys().next().value;
      if (oldest === undefined) break;
      this.reports.delete(oldest);
    }
    return loading;
  }

  /**
   * Every report's summary, read from the reports themselves; writes the
   * summaries that are missing (a crash between a report and its summary).
   */
  async rebuildSummaries(): Promise<ReportSummary[]> {
    const [reports, summaries] = await Promise.all([this.store.listReports(), this.summaries()]);
    const known = new Set(summaries.map((s) => s.roomId));
    const out: ReportSummary[] = [];
    for (const r of reports) {
      if (!isGameReport(r)) continue;
      const summary = summarizeReport(r);
      if (!known.has(r.roomId)) {
        await this.store.putDoc(SUMMARY_COLLECTION, r.roomId, summary);
      }
      out.push(summary);
    }
    return out;
  }
}
