package org.watchtray.app.settings;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Rewrites a settings tree of version {@link #fromVersion()} into version {@code fromVersion()+1}
 * (renamed fields, changed units). Works on the raw tree so fields it does not touch, known or
 * not, pass through unchanged.
 */
public interface SettingsMigration {
    int fromVersion();

    /** Returns the migrated tree; must not modify {@code tree}. */
    ObjectNode migrate(ObjectNode tree);
}
