package org.watchtray.core.keys;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * Parses /proc/keys (security/keys/proc.c) in one linear pass, without ever taking a
 * description's text for a key's row.
 *
 * <p>Why the text alone cannot be trusted: the kernel prints each key as
 * {@code "%08x %c%c%c%c%c%c%c %5d %4s %08x %5d %5d %-9.9s "} followed by the key type's own
 * text, which starts with the description, printed raw. A description may hold newlines, so
 * whoever can create a key that this user can view (any user, by granting "other" View on
 * their own key) can put lines into our /proc/keys that are shaped exactly like rows, with any
 * serial and any timeout or flags. No syntax tells them apart from real rows.
 *
 * <p>What makes the result safe is what the kernel guarantees besides the text:
 * <ol>
 * <li>Every key the reader may view is printed exactly once, and only those. So for a key we
 *     can view, its real row is in the text, and a forged row for it makes its serial appear
 *     twice. A serial shown twice is never read: it is <em>unsure</em> (it exists, its values
 *     are unknown this time), so the tracker keeps what it knew and reports nothing.</li>
 * <li>For a key we cannot view there is no real row, so any row for it is forged. Every row
 *     that is used is checked with KEYCTL_DESCRIBE, which needs the same View permission
 *     ({@link #verdict}): a key that cannot be described is never read from its row.
 *     Revoked, expired and invalidated keys cannot be described, but are still shown until
 *     collected; their row is used only when it says what DESCRIBE's error already said
 *     (revoked, "expd", invalidated), so it cannot claim otherwise.</li>
 * <li>A description never changes. Where a key's exact description is known (DESCRIBE), the
 *     lines it spans are known too, and row-shaped lines inside it are not rows. When a serial
 *     is shown twice, every shown key is described, so forged lines inside describable keys'
 *     descriptions are set apart and the real row stands alone again; only a forgery inside a
 *     key that cannot be described (revoked, expired) keeps the serial unsure.</li>
 * </ol>
 * Rows only ascend by serial in the kernel's walk, but an order break is only reported: a
 * forged row with a large serial would otherwise hide every real row after it.
 *
 * <p>Linear ({@link ProcKeysPass}): lines are found once, each candidate row's head is checked
 * in constant time (its fields have fixed widths, {@link ProcKeyHead}), and each row's text is
 * cut once from the input.
 */
public final class ProcKeys {
    /** At most this many problems are listed one by one; the rest are counted. */
    static final int MAX_PROBLEMS = 20;

    private ProcKeys() {
    }

    /**
     * What one read showed.
     *
     * @param rows     the rows of the wanted keys that could be verified, by serial
     * @param unsure   wanted keys that exist but whose row could not be told from a forged one
     * @param seen     every serial shown in a row-shaped line, verified or not (only good for
     *                 telling a key that existed before from a new one)
     * @param problems what was odd, in words, at most {@link #MAX_PROBLEMS} and a count
     */
    public record Result(Map<Integer, ProcKey> rows, Set<Integer> unsure, Set<Integer> seen, List<String> problems) {
        public Result {
            rows = Map.copyOf(rows);
            unsure = Set.copyOf(unsure);
            seen = Set.copyOf(seen);
            problems = List.copyOf(problems);
        }
    }

    /** How far a row can be trusted, given what KEYCTL_DESCRIBE says about its serial. */
    public enum Verdict {
        /** The row is the key's own. */
        TRUSTED,
        /** The key exists but this row may not be its own: its values are unknown this time. */
        UNSURE,
        /** There is no such key: the row is forged (or the key died since the read). */
        ABSENT
    }

    /**
     * Parses {@code text}, keeping the rows of the {@code wanted} serials that hold up against
     * {@code lookup} (KEYCTL_DESCRIBE; called at most once per serial).
     */
    public static Result parse(String text, IntPredicate wanted, IntFunction<KeyLookup> lookup) {
        return new ProcKeysPass(text, wanted, lookup).run();
    }

    /**
     * Whether a row (the only one shown for its serial) can be used. A key that can be
     * described can be viewed, so its real row is in the text: being the only one, this is it.
     */
    public static Verdict verdict(ProcKey row, KeyLookup lookup) {
        return switch (lookup) {
            case KeyLookup.Found f -> row.type().equals(truncatedType(f.description().type())) ? Verdict.TRUSTED : Verdict.UNSURE;
            // ENOKEY is also what an invalidated key, still shown until it is collected, answers.
            case KeyLookup.Gone g -> row.invalidated() ? Verdict.TRUSTED : Verdict.ABSENT;
            case KeyLookup.Unreadable u -> switch (u.errno()) {
                case EKEYREVOKED -> row.revoked() ? Verdict.TRUSTED : Verdict.UNSURE;
                case EKEYEXPIRED -> row.timeout().kind() == KeyTimeout.Kind.EXPIRED ? Verdict.TRUSTED : Verdict.UNSURE;
                default -> Verdict.UNSURE; // not viewable: it has no real row, so this one is forged
            };
        };
    }

    /** One line as a row on its own, or null when it is not in the kernel's row layout. */
    static ProcKey row(String line) {
        ProcKeyHead h = ProcKeyHead.parse(line, 0, line.length());
        return h == null ? null : h.row(line, line.length());
    }

    /** "%-9.9s": the kernel prints at most nine characters of the type name. */
    static String truncatedType(String type) {
        return type.length() > 9 ? type.substring(0, 9) : type;
    }
}
