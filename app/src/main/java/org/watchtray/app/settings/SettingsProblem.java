package org.watchtray.app.settings;

import java.nio.file.Path;
import org.watchtray.app.text.Messages;

/**
 * Something about the settings files the user should hear about once: calmly, in the timeline or
 * a toast, never as a modal dialog. {@link #message()} is the sentence to show.
 *
 * @param aside where a corrupt file was kept, or null
 */
public record SettingsProblem(Kind kind, Path file, String detail, Path aside) {

    public enum Kind {
        /** The user's file was invalid; it was renamed aside and defaults are in use. */
        CORRUPT,
        /** The user's file could not be read (or an invalid one could not be moved aside); it is left alone and not written. */
        UNREADABLE,
        /** The admin defaults file was invalid or unreadable and is ignored. */
        ADMIN_IGNORED,
        /** A change could not be saved; it lasts until watchtray quits. */
        NOT_SAVED,
        /** A hook names a program this user may not run (missing, not executable, not an absolute path); it is skipped. */
        HOOK_UNUSABLE
    }

    /** The sentence in English: what the log, the timeline's record of it and the history keep. */
    public String message() {
        return message(ENGLISH);
    }

    /**
     * The sentence in the user's language. Its key is a {@code phrase.*} of the bundle, so the English
     * sentence kept in the history and shown again later is recognised and said in the user's language too.
     */
    public String message(Messages m) {
        String key = switch (kind) {
            case CORRUPT -> "phrase.settings.corrupt";
            case UNREADABLE -> "phrase.settings.unreadable";
            case ADMIN_IGNORED -> "phrase.settings.admin_ignored";
            case NOT_SAVED -> "phrase.settings.not_saved";
            case HOOK_UNUSABLE -> "phrase.settings.hook_unusable";
        };
        return m.format(key, String.valueOf(file), detail, aside == null ? "" : aside.getFileName().toString());
    }

    /** What watchtray does instead, for the timeline's status line ("using default settings"), in English. */
    public String mechanism() {
        return ENGLISH.text(switch (kind) {
            case CORRUPT, UNREADABLE -> "phrase.settings.mechanism.defaults";
            case ADMIN_IGNORED -> "phrase.settings.mechanism.builtin";
            case NOT_SAVED -> "phrase.settings.mechanism.memory";
            case HOOK_UNUSABLE -> "phrase.settings.mechanism.hook_skipped";
        });
    }

    private static final Messages ENGLISH = Messages.english(java.time.ZoneOffset.UTC);
}
