package org.watchtray.core.keys;

import java.time.Instant;

/**
 * The timeout column of /proc/keys: "perm", "expd", or the time left truncated to one unit
 * ("45s", "12m", "3h", "2d", "1w"). Only under a minute is it exact to the second, so a
 * reading gives the remaining time as a range {@code [minSeconds, maxSeconds]}.
 */
public record KeyTimeout(Kind kind, long minSeconds, long maxSeconds) {

    public enum Kind { PERMANENT, EXPIRED, REMAINING }

    public static final KeyTimeout PERMANENT = new KeyTimeout(Kind.PERMANENT, 0, 0);
    /**
     * The latest expiry a window names. The kernel's own timeouts end within 2^32 s (keyctl's
     * unsigned timeout) and keys made from tickets end before 2106, so a later one is no real
     * reading; instants past this would overflow dates and millisecond encodings downstream.
     */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    public static final KeyTimeout EXPIRED = new KeyTimeout(Kind.EXPIRED, 0, 0);

    /** Parses the column; null when it is none of the kernel's forms. */
    public static KeyTimeout parse(String column) {
        switch (column) {
            case "perm":
                return PERMANENT;
            case "expd":
                return EXPIRED;
            default:
                break;
        }
        if (column.length() < 2) {
            return null;
        }
        long unit = switch (column.charAt(column.length() - 1)) {
            case 's' -> 1;
            case 'm' -> 60;
            case 'h' -> 3600;
            case 'd' -> 86_400;
            case 'w' -> 604_800;
            default -> 0;
        };
        String digits = column.substring(0, column.length() - 1);
        if (unit == 0 || digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return null;
        }
        long n = Long.parseLong(digits);
        // security/keys/proc.c: "%llus" below 60 s, else the quotient by the unit, truncated.
        return new KeyTimeout(Kind.REMAINING, n * unit, n * unit + unit - 1);
    }

    /**
     * When the key expires, as the whole-second range this reading allows. The kernel keeps the
     * expiry in whole seconds of CLOCK_REALTIME and printed {@code expiry - now} with
     * {@code now} somewhere in {@code [readStart, readEnd]} (both truncated to seconds).
     */
    public ExpiryWindow window(Instant readStart, Instant readEnd) {
        if (kind != Kind.REMAINING) {
            throw new IllegalStateException("no expiry window for a " + kind + " timeout");
        }
        return new ExpiryWindow(capped(readStart.getEpochSecond(), minSeconds), capped(readEnd.getEpochSecond(), maxSeconds));
    }

    /** {@code second + seconds}, at most {@link #LATEST} (both are at most 2^63 / 2, so the sum cannot overflow). */
    private static Instant capped(long second, long seconds) {
        return Instant.ofEpochSecond(Math.min(second + seconds, LATEST.getEpochSecond()));
    }

    /** The range of instants in which a key's expiry lies; {@code earliest == latest} when exact. */
    public record ExpiryWindow(Instant earliest, Instant latest) {
        public ExpiryWindow {
            if (latest.isBefore(earliest)) {
                throw new IllegalArgumentException("latest before earliest");
            }
        }

        /** The narrowest window both readings allow, or null when they contradict (the timeout was changed). */
        public ExpiryWindow intersect(ExpiryWindow other) {
            Instant lo = earliest.isAfter(other.earliest) ? earliest : other.earliest;
            Instant hi = latest.isBefore(other.latest) ? latest : other.latest;
            return hi.isBefore(lo) ? null : new ExpiryWindow(lo, hi);
        }

        public long widthSeconds() {
            return latest.getEpochSecond() - earliest.getEpochSecond();
        }
    }
}
