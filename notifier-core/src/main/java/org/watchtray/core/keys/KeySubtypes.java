package org.watchtray.core.keys;

import org.watchtray.core.record.TypeFilter;
import java.util.List;
import java.util.Locale;
import org.watchtray.core.keys.KeyEvent;
import org.watchtray.core.record.RecordEvents;
import org.watchtray.core.record.WatchTypes;

/**
 * The user's choice of key notification subtypes ({@code Settings.keys().subtypes()}) as a
 * bit mask, and the kernel filter built from it. The kernel filter also lets through what the
 * source needs to keep its own state right (links, unlinks, clears, attribute changes, and
 * every META record); the source then drops the events the user did not ask for, so the
 * fallback path delivers exactly the same kinds.
 */
final class KeySubtypes {
    static final int ALL = 0xff;
    /** linked, unlinked, cleared (membership) and setattr (timeouts): needed to track keys. */
    static final int NEEDED = bit(WatchTypes.KEY_LINKED) | bit(WatchTypes.KEY_UNLINKED)
            | bit(WatchTypes.KEY_CLEARED) | bit(WatchTypes.KEY_SETATTR);
    static final int META = bit(WatchTypes.META_REMOVAL) | bit(WatchTypes.META_LOSS);

    private KeySubtypes() {
    }

    private static int bit(int subtype) {
        return 1 << subtype;
    }

    /**
     * The mask of the named subtypes; an empty list means all. Names are the event names
     * ("linked", "setattr") or the kernel's ("NOTIFY_KEY_LINKED"), in any case; an unknown name
     * is added to {@code problems} (the source's status shows them) and ignored.
     */
    static int userMask(List<String> names, List<String> problems) {
        if (names.isEmpty()) {
            return ALL;
        }
        int mask = 0;
        for (String name : names) {
            int subtype = subtype(name);
            if (subtype < 0) {
                problems.add("unknown key notification subtype '" + name + "' in settings (known: "
                        + String.join(", ", knownNames()) + ")");
            } else {
                mask |= bit(subtype);
            }
        }
        return mask;
    }

    static int subtype(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replaceFirst("^notify_key_", "");
        for (int s = 0; s <= WatchTypes.KEY_SETATTR; s++) {
            if (RecordEvents.keyChange(s).wireName().equals(n)) {
                return s;
            }
        }
        return -1;
    }

    static List<String> knownNames() {
        return java.util.stream.IntStream.rangeClosed(0, WatchTypes.KEY_SETATTR)
                .mapToObj(s -> RecordEvents.keyChange(s).wireName()).toList();
    }

    /** Whether the user wants events of this change; changes that are not kernel subtypes always pass. */
    static boolean wanted(KeyEvent.Change change, int userMask) {
        for (int s = 0; s <= WatchTypes.KEY_SETATTR; s++) {
            if (RecordEvents.keyChange(s) == change) {
                return (userMask & bit(s)) != 0;
            }
        }
        return true;
    }

    /** The kernel filter: key records the user or the source needs, and every META record. */
    static List<TypeFilter> kernelFilter(int userMask) {
        return List.of(new TypeFilter(WatchTypes.TYPE_KEY_NOTIFY, userMask | NEEDED),
                new TypeFilter(WatchTypes.TYPE_META, META));
    }
}
