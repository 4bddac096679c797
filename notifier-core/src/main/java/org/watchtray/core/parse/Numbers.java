package org.watchtray.core.parse;

/** Number parsing that reports bad input as null instead of throwing, for untrusted text. */
public final class Numbers {
    private Numbers() {
    }

    /** A non-negative decimal that fits a long (at most 18 digits), else null. */
    public static Long unsignedDecimal(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return null;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** A decimal that may start with '-', else null. */
    public static Long signedDecimal(String s) {
        if (s.startsWith("-")) {
            Long v = unsignedDecimal(s.substring(1));
            return v == null ? null : -v;
        }
        return unsignedDecimal(s);
    }
}
