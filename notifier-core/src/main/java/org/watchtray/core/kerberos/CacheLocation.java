package org.watchtray.core.kerberos;

import java.nio.file.Path;

/**
 * Where a ccache collection lives, from its name ("TYPE:residual", wire-formats.md §6.1), so the
 * source knows which change signal fits: inotify for FILE and DIR, keyring watches for KEYRING,
 * a timer for KCM (which has no signal at all).
 */
public sealed interface CacheLocation {

    /** {@code FILE:/path}, or a bare path (FILE is the default type). */
    record FileCache(Path file) implements CacheLocation {
    }

    /** {@code DIR:/dir}: a directory of FILE caches plus a "primary" file. */
    record DirCollection(Path directory) implements CacheLocation {
    }

    /** {@code DIR::/dir/tktXXXX}: one cache of a DIR collection. */
    record DirSubsidiary(Path file) implements CacheLocation {
    }

    /**
     * {@code KEYRING:[anchor:]collection[:subsidiary]}, including {@code KEYRING:persistent:<uid>}
     * (cc_keyring.c parse_residual: no anchor means the legacy one, which is the session keyring).
     */
    record Keyring(String residual) implements CacheLocation {
        public String anchor() {
            int colon = residual.indexOf(':');
            return colon < 0 ? "legacy" : residual.substring(0, colon);
        }

        public String collection() {
            int colon = residual.indexOf(':');
            String rest = colon < 0 ? residual : residual.substring(colon + 1);
            int next = rest.indexOf(':');
            return next < 0 ? rest : rest.substring(0, next);
        }

        /** The keyring that holds the collection's caches: "_krb" in a persistent keyring, else "_krb_" + collection. */
        public String collectionKeyringName() {
            return anchor().equals("persistent") ? "_krb" : "_krb_" + collection();
        }
    }

    /** {@code KCM:} or {@code KCM:<uid>:<name>}: held by a daemon, invisible to the kernel. */
    record Kcm(String residual) implements CacheLocation {
    }

    /** MEMORY, API and anything else: nothing outside this process can change or watch it. */
    record Other(String type, String residual) implements CacheLocation {
    }

    public static CacheLocation parse(String name) {
        int colon = name.indexOf(':');
        // A name without a type, or one whose "type" is really a path ("/tmp/x:y"), is a FILE cache.
        if (colon <= 0 || name.substring(0, colon).contains("/")) {
            return new FileCache(Path.of(name));
        }
        String type = name.substring(0, colon);
        String residual = name.substring(colon + 1);
        return switch (type) {
            case "FILE" -> new FileCache(Path.of(residual));
            case "DIR" -> residual.startsWith(":") ? new DirSubsidiary(Path.of(residual.substring(1))) : new DirCollection(Path.of(residual));
            case "KEYRING" -> new Keyring(residual);
            case "KCM" -> new Kcm(residual);
            default -> new Other(type, residual);
        };
    }
}
