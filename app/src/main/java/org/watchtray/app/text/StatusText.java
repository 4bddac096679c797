package org.watchtray.app.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.watchtray.core.source.SourceStatus;

/**
 * A source's status in the user's language. Sources describe their mechanism and the reason for a
 * fallback in English ({@link SourceStatus}), because that text also travels unchanged where it
 * must stay stable: from the agent over its socket, into the history, into {@code status --json}
 * and the journal. What the user reads is translated here, the way gettext does it: the English
 * base bundle's {@code phrase.*} patterns ("polling /proc/keys every {0}") are the catalogue of
 * the English phrases sources use; a phrase that matches one is said with the same key's pattern
 * in the user's language, its arguments (paths, errno names, another phrase) translated in turn.
 * A reason joined from several ("a; b") is translated part by part. Text that matches no phrase
 * (a kernel's or libkrb5's message, an exception's) is shown as it came.
 */
public final class StatusText {
    private static final String PREFIX = "phrase.";
    private static final int MAX_DEPTH = 4;
    private final Messages m;
    private final List<Phrase> phrases;

    /** {@code order}: the argument number of each group, in the order the groups appear. */
    private record Phrase(String key, Pattern english, int[] order, int literalLength) {
    }

    public StatusText(Messages messages) {
        this.m = messages;
        this.phrases = catalogue();
    }

    /** The mechanism and, for a fallback or an outage, why: "polling /proc/keys every 60 s — kernel lacks …". */
    public String explanation(SourceStatus s) {
        return switch (s.state()) {
            case ACTIVE -> m.format("status.explanation.active", mechanism(s));
            case DEGRADED -> m.format("status.explanation.degraded", mechanism(s), reason(s));
            case UNAVAILABLE -> m.format("status.explanation.unavailable", reason(s));
            case DISABLED -> m.text("status.explanation.disabled");
        };
    }

    public String mechanism(SourceStatus s) {
        return s.mechanism().equals("none") ? m.text("status.mechanism.none") : translate(s.mechanism());
    }

    /** Why a fallback is used or the source is not running; empty when there is no reason. */
    public String reason(SourceStatus s) {
        return translate(s.reason());
    }

    /** An English phrase from a source in the user's language, as far as the catalogue knows it. */
    public String translate(String english) {
        return translate(english, 0);
    }

    private String translate(String english, int depth) {
        if (english.isEmpty() || depth > MAX_DEPTH) {
            return english;
        }
        String whole = one(english, depth);
        if (whole != null) {
            return whole;
        }
        String[] parts = english.split("; ", -1);
        if (parts.length == 1) {
            return english;
        }
        List<String> out = new ArrayList<>();
        for (String p : parts) {
            String t = one(p, depth);
            out.add(t == null ? p : t);
        }
        return String.join(m.text("phrase.separator.reasons"), out);
    }

    /** The phrase translated when the whole of {@code english} is one catalogued phrase, else null. */
    private String one(String english, int depth) {
        for (Phrase p : phrases) {
            Matcher match = p.english().matcher(english);
            if (match.matches()) {
                Object[] args = new Object[match.groupCount()];
                for (int i = 0; i < args.length; i++) {
                    args[p.order()[i]] = translate(match.group(i + 1), depth + 1);
                }
                return m.format(p.key(), args);
            }
        }
        return null;
    }

    /** Every English phrase pattern, the most specific (most literal text) first. */
    private static List<Phrase> catalogue() {
        ResourceBundle english = Bundles.load(Locale.ROOT, UnaryOperator.identity());
        List<Phrase> out = new ArrayList<>();
        for (String key : Collections.list(english.getKeys())) {
            if (key.startsWith(PREFIX) && !key.startsWith("phrase.separator.")) {
                String pattern = english.getString(key);
                out.add(new Phrase(key, regex(pattern), order(pattern), literalLength(pattern)));
            }
        }
        out.sort(Comparator.comparingInt(Phrase::literalLength).reversed().thenComparing(Phrase::key));
        return List.copyOf(out);
    }

    /** The MessageFormat pattern as a regular expression: literal text quoted, each {@code {n}} a lazy group in order. */
    static Pattern regex(String pattern) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\'' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '\'') {
                literal.append('\'');
                i++;
            } else if (c == '{') {
                int end = pattern.indexOf('}', i);
                re.append(Pattern.quote(literal.toString())).append("(.+?)");
                literal.setLength(0);
                i = end;
            } else {
                literal.append(c);
            }
        }
        re.append(Pattern.quote(literal.toString()));
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    private static int[] order(String pattern) {
        return Pattern.compile("\\{(\\d+)}").matcher(pattern).results().mapToInt(r -> Integer.parseInt(r.group(1))).toArray();
    }

    private static int literalLength(String pattern) {
        return pattern.replaceAll("\\{[^}]*}", "").length();
    }
}
