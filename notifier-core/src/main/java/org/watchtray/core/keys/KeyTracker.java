package org.watchtray.core.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import org.watchtray.core.event.Bytes;
import org.watchtray.core.keys.KeyEvent.Change;
import org.watchtray.core.keys.KeyEvent.Origin;
import org.watchtray.core.keys.KeyTimeout.ExpiryWindow;

/**
 * The keys the key source follows — the watched keyrings and the keys directly linked in
 * them — with what was last seen of each. Both mechanisms share it: the /proc/keys fallback
 * turns snapshot differences into events ({@link #diff}), the notification queue updates it
 * record by record and absorbs snapshots silently; both get the same expiry warnings
 * ({@link #expiry}, {@link #nextCheck}). No native code: tests feed it snapshots.
 */
final class KeyTracker {

    /** What is known of one followed key. */
    private static final class Tracked {
        final int serial;
        String type = "";
        String description = "";
        ProcKey row;
        ExpiryWindow window;
        boolean warned;
        boolean expiredReported;

        Tracked(int serial) {
            this.serial = serial;
        }
    }

    /** Keys that started or stopped being followed, so the queue path can add or remove watches. */
    record Changes(List<KeyEvent> events, Set<Integer> followed, Set<Integer> unfollowed) {
    }

    private final IntFunction<KeyLookup> describer;
    private Duration warningLead;
    /** Watched keyrings in order, with the label the status names them by ("session", "user", "1234"). */
    private final Map<Integer, String> rings = new LinkedHashMap<>();
    private final Map<Integer, Set<Integer>> members = new HashMap<>();
    private final Map<Integer, Tracked> keys = new HashMap<>();
    /** Every serial the last /proc/keys read showed, to tell a new key from one newly linked. */
    private Set<Integer> lastSeen = Set.of();
    /**
     * Keys no longer followed, so a late record about one (its removal when the kernel collects
     * it) still names it. Bounded: the oldest are dropped.
     */
    private final Map<Integer, Tracked> forgotten = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Tracked> eldest) {
            return size() > FORGOTTEN_LIMIT;
        }
    };
    static final int FORGOTTEN_LIMIT = 256;

    KeyTracker(IntFunction<KeyLookup> describer, Duration warningLead) {
        this.describer = describer;
        this.warningLead = warningLead;
    }

    /** A new lead applies to keys not yet warned about; a warning already given stands. */
    void warningLead(Duration lead) {
        warningLead = lead;
    }

    /** The watched keyrings in the order they were given. */
    Map<Integer, String> rings() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rings));
    }

    boolean isRing(int serial) {
        return rings.containsKey(serial);
    }

    Set<Integer> followed() {
        return Set.copyOf(keys.keySet());
    }

    boolean follows(int serial) {
        return keys.containsKey(serial);
    }

    /** Replaces the watched keyrings (start, reconfiguration); the next snapshot fills in their members. */
    Changes setRings(Map<Integer, String> newRings) {
        Set<Integer> before = new HashSet<>(keys.keySet());
        rings.clear();
        rings.putAll(newRings);
        members.keySet().retainAll(newRings.keySet());
        return refollow(before, null, Instant.EPOCH, false);
    }

    /**
     * Compares a snapshot with what was known and absorbs it. With {@code emit} the differences
     * come back as events (the fallback and a resync); without, the snapshot is only learned
     * (the first read, and the queue path, whose records already said what changed).
     */
    Changes diff(KeySnapshot s, Instant now, boolean emit) {
        Set<Integer> before = new HashSet<>(keys.keySet());
        List<KeyEvent> events = new ArrayList<>();
        for (Map.Entry<Integer, String> ring : new ArrayList<>(rings.entrySet())) {
            int serial = ring.getKey();
            List<Integer> listed = s.members().get(serial);
            if (listed == null) {
                if (!s.present(serial)) {
                    // Destroyed: it is reported as removed below, with the keys it held.
                    rings.remove(serial);
                    members.remove(serial);
                }
                continue; // unreadable but present (e.g. View taken away): keep what we knew
            }
            Set<Integer> old = members.getOrDefault(serial, Set.of());
            Set<Integer> current = new LinkedHashSet<>(listed);
            for (int k : current) {
                if (!old.contains(k)) {
                    boolean isNew = !lastSeen.contains(k) && !keys.containsKey(k) && s.present(k);
                    Tracked t = keys.computeIfAbsent(k, Tracked::new);
                    if (t.row == null) {
                        learn(t, s.rows().get(k), s);
                    }
                    if (emit && isNew) {
                        events.add(event(Change.ADDED, t, 0, Origin.PROC_KEYS, now, false));
                    }
                    if (emit) {
                        events.add(eventFor(Change.LINKED, serial, k, Origin.PROC_KEYS, now, null));
                    }
                }
            }
            if (emit) {
                for (int k : old) {
                    if (!current.contains(k)) {
                        events.add(eventFor(Change.UNLINKED, serial, k, Origin.PROC_KEYS, now, null));
                    }
                }
            }
            members.put(serial, current);
        }
        for (Tracked t : keys.values()) {
            ProcKey row = s.rows().get(t.serial);
            if (row != null && before.contains(t.serial)) {
                compare(t, row, s, now, emit ? events : null);
            }
        }
        Changes c = refollow(before, s, now, emit);
        events.addAll(c.events());
        lastSeen = s.seen();
        return new Changes(events, c.followed(), c.unfollowed());
    }

    /** Recomputes the followed set after rings or members changed; keys that vanished are removed. */
    private Changes refollow(Set<Integer> before, KeySnapshot s, Instant now, boolean emit) {
        Set<Integer> wanted = new LinkedHashSet<>(rings.keySet());
        members.values().forEach(wanted::addAll);
        Set<Integer> followed = new LinkedHashSet<>();
        List<KeyEvent> events = new ArrayList<>();
        for (int k : wanted) {
            if (!keys.containsKey(k)) {
                Tracked t = new Tracked(k);
                keys.put(k, t);
                learn(t, s == null ? null : s.rows().get(k), s);
            }
            if (!before.contains(k)) {
                followed.add(k);
            }
        }
        Set<Integer> unfollowed = new LinkedHashSet<>();
        for (int k : before) {
            if (!wanted.contains(k)) {
                Tracked t = forget(k);
                unfollowed.add(k);
                if (emit && s != null && !s.present(k) && t != null) {
                    events.add(event(Change.REMOVED, t, 0, Origin.PROC_KEYS, now, true));
                }
            }
        }
        return new Changes(events, followed, unfollowed);
    }

    /** First sight of a key: its type and description (KEYCTL_DESCRIBE, else the /proc/keys row) and timeout. */
    private void learn(Tracked t, ProcKey row, KeySnapshot s) {
        if (!t.type.isEmpty()) {
            // described before (a type and description never change)
        } else if (describer.apply(t.serial) instanceof KeyLookup.Found f) {
            t.type = f.description().type();
            t.description = f.description().description();
        } else if (row != null) {
            t.type = row.type();
            t.description = row.description();
        }
        if (row != null) {
            t.row = row;
            t.window = window(row, s);
            // Already expired when first seen: not news. Within the warning lead: expiry() warns.
            t.expiredReported = row.timeout().kind() == KeyTimeout.Kind.EXPIRED;
        }
    }

    private static ExpiryWindow window(ProcKey row, KeySnapshot s) {
        return row.timeout().kind() == KeyTimeout.Kind.REMAINING ? row.timeout().window(s.readStart(), s.readEnd()) : null;
    }

    /** One followed key's row against the last one; events go to {@code out} when it is not null. */
    private void compare(Tracked t, ProcKey row, KeySnapshot s, Instant now, List<KeyEvent> out) {
        ProcKey old = t.row;
        t.row = row;
        if (old == null) {
            t.window = window(row, s);
            return;
        }
        List<Change> changes = new ArrayList<>();
        if (row.revoked() && !old.revoked()) {
            changes.add(Change.REVOKED);
        }
        if (row.invalidated() && !old.invalidated()) {
            changes.add(Change.INVALIDATED);
        }
        boolean attributes = row.perm() != old.perm() || row.uid() != old.uid() || row.gid() != old.gid();
        if (!row.revoked() && timeoutChanged(t, old, row, s)) {
            attributes = true;
            t.warned = false;
            t.expiredReported = false;
        }
        if (attributes) {
            changes.add(Change.ATTRIBUTES_CHANGED);
        }
        // A keyring's text is its link count, reported as links; a revoked key's payload is dropped.
        if (!row.keyring() && !row.revoked() && !row.invalidated() && !row.detail().equals(old.detail())) {
            changes.add(Change.UPDATED);
        }
        if (out != null) {
            for (Change c : changes) {
                out.add(event(c, t, 0, Origin.PROC_KEYS, now, false));
            }
        }
    }

    /** Whether the timeout column says the timeout was set, cleared or changed (not merely time passing). */
    private static boolean timeoutChanged(Tracked t, ProcKey old, ProcKey row, KeySnapshot s) {
        KeyTimeout.Kind was = old.timeout().kind();
        KeyTimeout.Kind is = row.timeout().kind();
        if (is == KeyTimeout.Kind.REMAINING) {
            ExpiryWindow w = row.timeout().window(s.readStart(), s.readEnd());
            ExpiryWindow narrowed = t.window == null ? null : t.window.intersect(w);
            t.window = narrowed == null ? w : narrowed;
            return was != KeyTimeout.Kind.REMAINING || narrowed == null;
        }
        if (is == KeyTimeout.Kind.PERMANENT) {
            t.window = null;
            return was != KeyTimeout.Kind.PERMANENT;
        }
        // Now expired: news only if it had no timeout before (set and run out between two reads).
        return was == KeyTimeout.Kind.PERMANENT;
    }

    // ---- the notification queue's record-by-record updates ----

    /** A key was linked into a watched keyring; returns true when it is newly followed. */
    boolean link(int ring, int key) {
        if (!rings.containsKey(ring)) {
            return false;
        }
        members.computeIfAbsent(ring, r -> new LinkedHashSet<>()).add(key);
        if (keys.containsKey(key)) {
            return false;
        }
        Tracked t = new Tracked(key);
        keys.put(key, t);
        learn(t, null, null);
        return true;
    }

    /** A key was unlinked from a watched keyring; returns the keys no longer followed. */
    Set<Integer> unlink(int ring, int key) {
        Set<Integer> m = members.get(ring);
        if (m != null) {
            m.remove(key);
        }
        return dropUnwanted();
    }

    /** A watched keyring was cleared; returns the keys no longer followed. */
    Set<Integer> clear(int ring) {
        Set<Integer> m = members.get(ring);
        if (m != null) {
            m.clear();
        }
        return dropUnwanted();
    }

    /** A watched object was destroyed (removal record); returns the keys no longer followed. */
    Set<Integer> removed(int serial) {
        rings.remove(serial);
        members.remove(serial);
        members.values().forEach(m -> m.remove(serial));
        return dropUnwanted();
    }

    /** A record said a key changed state; remember it so a later resync does not report it again. */
    void mark(int serial, Change change) {
        Tracked t = keys.get(serial);
        if (t != null && change == Change.ATTRIBUTES_CHANGED) {
            // The new timeout is read from /proc/keys by the next snapshot; until then it is unknown.
            t.warned = false;
            t.expiredReported = false;
            t.window = null;
        }
    }

    private Set<Integer> dropUnwanted() {
        Set<Integer> wanted = new HashSet<>(rings.keySet());
        members.values().forEach(wanted::addAll);
        Set<Integer> dropped = new LinkedHashSet<>();
        for (int k : new ArrayList<>(keys.keySet())) {
            if (!wanted.contains(k)) {
                forget(k);
                dropped.add(k);
            }
        }
        return dropped;
    }

    private Tracked forget(int serial) {
        Tracked t = keys.remove(serial);
        if (t != null && !t.type.isEmpty()) {
            forgotten.put(serial, t);
        }
        return t;
    }

    /** An event about {@code serial} with what is known of it; an unknown key is described now. */
    KeyEvent eventFor(Change change, int serial, int other, Origin origin, Instant now, Bytes raw) {
        Tracked t = keys.get(serial);
        if (t != null) {
            KeyEvent e = event(change, t, other, origin, now, change == Change.REMOVED);
            return raw == null ? e : withRaw(e, raw);
        }
        Tracked known = forgotten.get(serial);
        if (known != null) {
            boolean gone = change == Change.REMOVED || describer.apply(serial) instanceof KeyLookup.Gone;
            return withRaw(event(change, known, other, origin, now, gone), raw);
        }
        KeyLookup lookup = describer.apply(serial);
        String type = lookup instanceof KeyLookup.Found f ? f.description().type() : "";
        String description = lookup instanceof KeyLookup.Found f ? f.description().description() : "";
        return new KeyEvent(now, change, serial, type, description, other, null, origin, raw,
                change == Change.REMOVED || lookup instanceof KeyLookup.Gone);
    }

    private static KeyEvent event(Change change, Tracked t, int other, Origin origin, Instant now, boolean gone) {
        return new KeyEvent(now, change, t.serial, t.type, t.description, other, estimate(t.window), origin, null, gone,
                t.window == null || t.window.widthSeconds() == 0 ? null : t.window.latest());
    }

    private static KeyEvent withRaw(KeyEvent e, Bytes raw) {
        if (raw == null) {
            return e;
        }
        return new KeyEvent(e.time(), e.change(), e.serial(), e.keyType(), e.description(), e.otherSerial(), e.expiry(),
                e.origin(), raw, e.gone(), e.expiryLatest());
    }

    // ---- expiry: the kernel sends nothing when a timeout runs out ----

    /** "Expires soon" for keys within the warning lead, "expired" for keys the last read showed expired. */
    List<KeyEvent> expiry(Instant now) {
        List<KeyEvent> events = new ArrayList<>();
        for (Tracked t : keys.values()) {
            if (t.row == null || t.row.revoked() || t.row.invalidated()) {
                continue;
            }
            if (t.row.timeout().kind() == KeyTimeout.Kind.EXPIRED) {
                if (!t.expiredReported) {
                    t.expiredReported = true;
                    t.warned = true;
                    events.add(event(Change.EXPIRED, t, 0, Origin.DEADLINE, now, false));
                }
            } else if (t.window != null && !t.warned && !now.isBefore(t.window.earliest().minus(warningLead))) {
                t.warned = true;
                events.add(event(Change.EXPIRES_SOON, t, 0, Origin.DEADLINE, now, false));
            }
        }
        events.sort(java.util.Comparator.comparingInt(KeyEvent::serial));
        return events;
    }

    /**
     * When the keys must be read again for expiry: at the earliest warning time; then, while
     * the expiry is not known to the second, at the earliest possible expiry (where a re-read
     * is finer: less than a unit is left); then at the expiry, when the kernel has expired the key. Never earlier than {@code now} plus a second, so a surprise cannot spin.
     */
    Optional<Instant> nextCheck(Instant now) {
        Instant next = null;
        for (Tracked t : keys.values()) {
            if (t.window == null || t.row == null || t.row.revoked() || t.row.invalidated() || t.expiredReported) {
                continue;
            }
            Instant at;
            if (!t.warned) {
                at = t.window.earliest().minus(warningLead);
            } else if (t.window.widthSeconds() > 0) {
                at = t.window.earliest();
            } else {
                at = t.window.latest();
            }
            next = next == null || at.isBefore(next) ? at : next;
        }
        if (next == null) {
            return Optional.empty();
        }
        Instant floor = now.plusSeconds(1);
        return Optional.of(next.isAfter(now) ? next : floor);
    }

    /** The expiry to show: exact when known to the second, else the earliest it can be (the event carries the latest too). */
    private static Instant estimate(ExpiryWindow w) {
        if (w == null) {
            return null;
        }
        return w.widthSeconds() == 0 ? w.latest() : w.earliest();
    }

    @Override
    public String toString() {
        return "KeyTracker" + Objects.toString(rings) + " following " + keys.keySet();
    }
}
