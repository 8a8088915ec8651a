package de.wegweiser.batch;

import de.wegweiser.accounts.AccountAssessment;
import de.wegweiser.accounts.AccountService;
import de.wegweiser.domain.Account;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.storage.ContactFilter;
import de.wegweiser.storage.ContactStore;
import de.wegweiser.storage.SegmentContact;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The stored contacts of a segment, by id, read a page at a time (keyset paging, one short read
 * transaction per page): memory stays at one page however many contacts there are, and no
 * connection is held while the page's recommendations are made and written.
 */
public final class StoredRecipients implements MailingSource {

    /** Contacts read per transaction: large enough that reading costs little per contact, small enough to stay flat in memory. */
    public static final int PAGE = 500;

    private final ContactStore store;
    private final ContactFilter filter;
    private final Supplier<Snapshot> snapshot;
    private final Instant now;
    private final int pageSize;
    private final long total;
    private final ArrayDeque<SegmentContact> page = new ArrayDeque<>();
    private String after;
    private boolean exhausted;
    private long done;

    /**
     * @param after    the id of the last contact a run before wrote (resume), or null to start at the beginning
     * @param snapshot the live rules and catalog, read per page (an account is judged by the account rules when a rule reads it)
     * @param now      the time pauses are compared with
     */
    public StoredRecipients(ContactStore store, ContactFilter filter, String after, Supplier<Snapshot> snapshot, Instant now, int pageSize) {
        this.store = store;
        this.filter = filter;
        this.after = after;
        this.snapshot = snapshot;
        this.now = now;
        this.pageSize = pageSize;
        this.total = store.read(tx -> tx.countSegment(filter, after));
    }

    @Override
    public MailingInput next() {
        if (page.isEmpty() && !exhausted) fill();
        SegmentContact next = page.poll();
        if (next == null) return null;
        done++;
        Map<String, Account> accounts = pageAccounts;
        Account account = next.contact().profile().account() == null ? null : accounts.get(next.contact().profile().account());
        return new MailingInput.Recipient(next.contact().id(), next.contact().toContact(next.consumed()), next.paused(), account);
    }

    private Map<String, Account> pageAccounts = Map.of();

    private void fill() {
        Snapshot live = snapshot.get();
        boolean readsAccount = live.rules().readsAccount();
        record Read(List<SegmentContact> contacts, Map<String, Account> accounts) {}
        Read read = store.read(tx -> {
            List<SegmentContact> contacts = tx.segment(filter, after, pageSize, now);
            Map<String, Account> accounts = new HashMap<>();
            if (readsAccount) { // judging an account reads all of it: only when a recommendation rule joins the Account fact
                for (SegmentContact c : contacts) {
                    String id = c.contact().profile().account();
                    if (id != null && !accounts.containsKey(id)) {
                        accounts.put(id, AccountService.assess(tx, live, id, now).map(AccountAssessment::account).orElse(null));
                    }
                }
            }
            return new Read(contacts, accounts);
        });
        if (read.contacts().size() < pageSize) exhausted = true;
        if (!read.contacts().isEmpty()) after = read.contacts().get(read.contacts().size() - 1).contact().id();
        page.addAll(read.contacts());
        pageAccounts = read.accounts();
    }

    @Override
    public double fractionDone() {
        return total <= 0 ? -1 : Math.min(1.0, (double) done / total);
    }

    @Override
    public long total() { return total; }
}
