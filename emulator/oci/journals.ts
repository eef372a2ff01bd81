import type { JournalType } from '../core/store/journaled.js';
import { feedJournal } from './change-feed/feed-journal.js';
import { ledgerJournal } from './impex/imports/record-ledger.js';
import { reservationsJournal } from './reservations/stored-reservations.js';
import { ociTenantJournal } from './tenant-book.js';

/** OCI's journaled namespaces (the big ones): tenant state, change feed, applied import ids, reservations. */
export const OCI_JOURNALS: readonly JournalType[] = [ociTenantJournal, feedJournal, ledgerJournal, reservationsJournal];
