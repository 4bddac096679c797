package org.watchtray.app.settings;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Version 1 → 2: the thin-pool section was "thin_pool", while the source is "thinpool"
 * everywhere else (its events, the sources section, the history, the agent's records). The
 * section keeps its contents under the one name.
 */
final class ThinPoolNameMigration implements SettingsMigration {

    @Override
    public int fromVersion() {
        return 1;
    }

    @Override
    public ObjectNode migrate(ObjectNode tree) {
        ObjectNode out = tree.deepCopy();
        if (out.has("thin_pool") && !out.has("thinpool")) {
            out.set("thinpool", out.remove("thin_pool"));
        }
        return out;
    }
}
