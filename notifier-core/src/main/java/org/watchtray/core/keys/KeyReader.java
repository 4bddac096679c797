package org.watchtray.core.keys;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;

/**
 * Reads the keys' state: /proc/keys (the only place a key's remaining timeout and flags can be
 * read) and the members of the watched keyrings (KEYCTL_READ), and resolves what the settings
 * call a keyring ("@s", "@u", "1234") to a serial.
 */
final class KeyReader {

    /**
     * The kernel prints the timeout against its coarse clock (ktime_get_real_seconds), which
     * trails the fine one by up to a tick; the read is taken to start this much earlier so the
     * second it used is always inside the window.
     */
    static final Duration COARSE_CLOCK_SLACK = Duration.ofMillis(20);

    private final Keyctl keyctl;
    private final KeySource.ProcKeysText procKeys;
    /** The last parse and what it was made of: an identical read is not parsed (nor described) again. */
    private String parsedText;
    private Set<Integer> parsedWanted = Set.of();
    private ProcKeys.Result parsed;

    KeyReader(Keyctl keyctl, KeySource.ProcKeysText procKeys) {
        this.keyctl = keyctl;
        this.procKeys = procKeys;
    }

    /**
     * Reads /proc/keys (timed with {@code clock}) and every ring's members, and keeps the rows of
     * the rings, their members and the {@code followed} keys that hold up against
     * KEYCTL_DESCRIBE ({@link ProcKeys}).
     */
    KeySnapshot snapshot(Clock clock, Set<Integer> rings, Set<Integer> followed) throws IOException {
        Instant start = clock.instant().minus(COARSE_CLOCK_SLACK);
        String text = procKeys.read();
        Instant end = clock.instant();
        Map<Integer, List<Integer>> members = new HashMap<>();
        Set<Integer> wanted = new HashSet<>(rings);
        wanted.addAll(followed);
        for (int ring : rings) {
            try {
                List<Integer> list = new ArrayList<>();
                for (int s : keyctl.readKeyring(ring)) {
                    list.add(s);
                }
                members.put(ring, list);
                wanted.addAll(list);
            } catch (OsException e) {
                // Gone (ENOKEY), revoked, or no Read permission: the tracker keeps what it knew.
            }
        }
        ProcKeys.Result result = parse(text, wanted);
        return new KeySnapshot(start, end, result.rows(), result.unsure(), result.seen(), members, result.problems());
    }

    /**
     * The parse of {@code text} for the {@code wanted} keys; the last one again when both are the
     * same as last time. Sound because everything the parse asks KEYCTL_DESCRIBE is in the text:
     * a key's type and description never change, and whether it can be viewed, is revoked,
     * expired or invalidated, its permissions and timeout are all printed in its row (a key that
     * cannot be viewed has none). So identical text means identical verdicts. This is what the
     * fallback's minute poll costs on a quiet desktop: one read of /proc/keys and the watched
     * keyrings' member lists, one string comparison; no parse, no DESCRIBE, nothing to compile.
     * The tracker still gets the read's times, which narrow a timeout's window.
     */
    private ProcKeys.Result parse(String text, Set<Integer> wanted) {
        if (parsed == null || !text.equals(parsedText) || !wanted.equals(parsedWanted)) {
            parsed = ProcKeys.parse(text, wanted::contains, this::lookup);
            parsedText = text;
            parsedWanted = wanted;
        }
        return parsed;
    }

    /** What KEYCTL_DESCRIBE says about a key. */
    KeyLookup lookup(int serial) {
        try {
            return new KeyLookup.Found(keyctl.describe(serial));
        } catch (OsException e) {
            return e.errno() == Errno.ENOKEY ? new KeyLookup.Gone() : new KeyLookup.Unreadable(e.errno(), e.getMessage());
        }
    }

    /**
     * The session, user and persistent keyrings plus the configured extras, by serial, each with
     * the name the status uses. A keyring that cannot be resolved is left out and its problem
     * added to {@code problems} (the status shows them); the same keyring under two names is kept once.
     */
    Map<Integer, String> resolveRings(List<String> extras, List<String> problems) {
        Map<Integer, String> rings = new LinkedHashMap<>();
        Integer session = resolve(Keyctl.SESSION_KEYRING, "session", rings, problems);
        Integer user = resolve(Keyctl.USER_KEYRING, "user", rings, problems);
        Integer destination = session != null ? session : user;
        if (destination != null) {
            try {
                // Linked into the keyring by its serial, never by "@s": for a process without a
                // session keyring "@s" here would create a new one for this thread only, and the
                // thread would then no longer possess the keys reachable from the user-session one.
                add(rings, keyctl.persistentKeyring(destination), "persistent");
            } catch (OsException e) {
                problems.add("persistent keyring not watched: " + e.getMessage());
            }
        }
        for (String spec : extras) {
            Integer special = special(spec);
            if (special != null) {
                resolve(special, spec.trim(), rings, problems);
                continue;
            }
            Integer serial = number(spec);
            if (serial == null) {
                problems.add("keyring '" + spec + "' in settings is neither a serial nor one of @s @u @us @p @t");
                continue;
            }
            try {
                keyctl.describe(serial); // it exists and we may view it
                add(rings, serial, "keyring " + serial);
            } catch (OsException e) {
                problems.add("keyring " + serial + " not watched: " + e.getMessage());
            }
        }
        return rings;
    }

    /** Resolves without creating (a process without a session keyring gets the user-session one). */
    private Integer resolve(int special, String label, Map<Integer, String> rings, List<String> problems) {
        try {
            int serial = keyctl.resolve(special, false);
            add(rings, serial, label);
            return serial;
        } catch (OsException e) {
            problems.add(label + " keyring not watched: " + e.getMessage());
            return null;
        }
    }

    private static void add(Map<Integer, String> rings, int serial, String label) {
        rings.merge(serial, label, (a, b) -> a.equals(b) ? a : a + "/" + b);
    }

    static Integer special(String spec) {
        return switch (spec.trim().toLowerCase(Locale.ROOT)) {
            case "@t" -> Keyctl.THREAD_KEYRING;
            case "@p" -> Keyctl.PROCESS_KEYRING;
            case "@s" -> Keyctl.SESSION_KEYRING;
            case "@u" -> Keyctl.USER_KEYRING;
            case "@us" -> Keyctl.USER_SESSION_KEYRING;
            default -> null;
        };
    }

    /** A serial in decimal, or in hex with 0x (as /proc/keys prints it, without the prefix). */
    static Integer number(String spec) {
        String s = spec.trim();
        try {
            int v = s.startsWith("0x") || s.startsWith("0X") ? Integer.parseUnsignedInt(s.substring(2), 16) : Integer.parseInt(s);
            return v > 0 ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
