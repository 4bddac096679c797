package org.watchtray.app.settings;

import java.nio.file.Path;

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

    public String message() {
        return switch (kind) {
            case CORRUPT -> "Your settings file " + file + " was not valid (" + detail + "). It was kept as "
                    + aside.getFileName() + " and default settings are in use.";
            case UNREADABLE -> "Your settings file " + file + " could not be used (" + detail
                    + "). Default settings are in use and the file is left untouched.";
            case ADMIN_IGNORED -> "The administrator's default settings " + file + " were ignored (" + detail + ").";
            case NOT_SAVED -> "Settings cannot be saved to " + file + " (" + detail
                    + "). Changes apply until watchtray quits.";
            case HOOK_UNUSABLE -> "In " + file + ", " + detail + ". The hook is skipped until that is fixed.";
        };
    }
}
