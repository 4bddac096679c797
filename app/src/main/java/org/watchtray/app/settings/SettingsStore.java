package org.watchtray.app.settings;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.XdgPaths;

/**
 * The user's settings file, layered over the administrator's defaults over the built-in ones.
 *
 * <ul>
 * <li>Layers: built-in defaults, then {@code $XDG_CONFIG_DIRS/watchtray/settings.json} (default
 *     {@code /etc/xdg}), then {@code $XDG_CONFIG_HOME/watchtray/settings.json}. Each file may be
 *     partial. The user's file is written sparse: only what differs from the layers below, so an
 *     administrator's later change still reaches users who never touched that setting.</li>
 * <li>Versioned: {@code "version"} is read first and {@link SettingsMigration}s bring an older
 *     tree up to date before it is interpreted. A newer file is read as far as it is understood
 *     and keeps its version.</li>
 * <li>Unknown fields, at any depth, are kept in {@link Settings#unknown()} and written back.</li>
 * <li>An invalid file is renamed to {@code settings.json.corrupt-<UTC timestamp>}, defaults are
 *     used and the problem is reported; a file that cannot be read or moved is left alone and
 *     never overwritten. A failed save is reported once and the settings live on in memory.</li>
 * </ul>
 */
public final class SettingsStore {
    private static final int MAX_FILE_BYTES = 1 << 20;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path userFile;
    private final Path adminFile;
    private final int currentVersion;
    private final List<SettingsMigration> migrations;
    private final Clock clock;
    private final Consumer<SettingsProblem> problems;
    private ObjectNode base;
    private boolean userFileProtected;
    private boolean saveFailureReported;

    /**
     * @param currentVersion the version this build writes ({@link Settings#CURRENT_VERSION} in the app)
     * @param migrations     one per older version, each raising a tree by one version
     * @param problems       told about each problem once (the app shows it in the timeline)
     */
    public SettingsStore(XdgPaths paths, int currentVersion, List<SettingsMigration> migrations, Clock clock,
                         Consumer<SettingsProblem> problems) {
        this.userFile = paths.settingsFile();
        this.adminFile = paths.adminSettingsFile();
        this.currentVersion = currentVersion;
        this.migrations = List.copyOf(migrations);
        this.clock = Objects.requireNonNull(clock);
        this.problems = Objects.requireNonNull(problems);
    }

    /** The store the app uses: this build's version, no migrations yet. */
    public static SettingsStore forUser(XdgPaths paths, Clock clock, Consumer<SettingsProblem> problems) {
        return new SettingsStore(paths, Settings.CURRENT_VERSION, List.of(), clock, problems);
    }

    public Path file() {
        return userFile;
    }

    /** Reads the layers; never throws, reports what it had to ignore. */
    public Settings load() {
        base = null;
        userFileProtected = false;
        if (currentVersion == Settings.CURRENT_VERSION && Files.notExists(adminFile) && Files.notExists(userFile)) {
            // The common start: nothing changed yet, no administrator's defaults. The built-in
            // settings need no JSON, so Jackson is not loaded until something is saved.
            return Settings.defaults();
        }
        loadAdminDefaults();
        byte[] bytes;
        try {
            bytes = readBounded(userFile);
        } catch (NoSuchFileException e) {
            return SettingsJson.read(base(), Map.of());
        } catch (IOException e) {
            userFileProtected = true;
            problems.accept(new SettingsProblem(SettingsProblem.Kind.UNREADABLE, userFile, AtomicFile.reason(e), null));
            return SettingsJson.read(base(), Map.of());
        }
        try {
            ObjectNode user = upgrade(parseObject(bytes));
            ObjectNode merged = JsonTrees.merge(base(), user);
            Settings known = SettingsJson.read(merged, Map.of());
            ObjectNode unknown = JsonTrees.unknownPart(user, SettingsJson.write(known));
            return SettingsJson.read(merged, SettingsJson.unknownMap(unknown));
        } catch (SettingsFormatException e) {
            return moveAside(e.getMessage());
        }
    }

    /**
     * Writes {@code settings} atomically.
     *
     * @return false when it could not be written; the problem was reported (once per failure streak)
     */
    public boolean save(Settings settings) {
        if (userFileProtected) {
            reportSaveFailure("the existing file could not be read or moved aside, so it is not overwritten");
            return false;
        }
        ObjectNode sparse = JsonTrees.changedPart(SettingsJson.write(settings), base());
        sparse.remove("version");
        ObjectNode body = JsonTrees.merge(SettingsJson.unknownTree(settings.unknown()), sparse);
        ObjectNode out = body.objectNode();
        out.put("version", settings.version());
        out.setAll(body);
        try {
            byte[] text = (Json.MAPPER.writeValueAsString(out) + "\n").getBytes(StandardCharsets.UTF_8);
            AtomicFile.write(userFile, text);
            saveFailureReported = false;
            return true;
        } catch (IOException e) {
            reportSaveFailure(AtomicFile.reason(e));
            return false;
        }
    }

    private void reportSaveFailure(String reason) {
        if (!saveFailureReported) {
            saveFailureReported = true;
            problems.accept(new SettingsProblem(SettingsProblem.Kind.NOT_SAVED, userFile, reason, null));
        }
    }

    private void loadAdminDefaults() {
        byte[] bytes;
        try {
            bytes = readBounded(adminFile);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            problems.accept(new SettingsProblem(SettingsProblem.Kind.ADMIN_IGNORED, adminFile, AtomicFile.reason(e), null));
            return;
        }
        try {
            ObjectNode admin = upgrade(parseObject(bytes));
            admin.remove("version");
            ObjectNode layered = JsonTrees.merge(base(), admin);
            SettingsJson.read(layered, Map.of());
            base = layered;
        } catch (SettingsFormatException e) {
            problems.accept(new SettingsProblem(SettingsProblem.Kind.ADMIN_IGNORED, adminFile, e.getMessage(), null));
        }
    }

    /** The layers below the user's file as a tree: the built-in defaults, with the administrator's over them once loaded. */
    private ObjectNode base() {
        if (base == null) {
            base = withVersion(SettingsJson.write(Settings.defaults()), currentVersion);
        }
        return base;
    }

    private Settings moveAside(String why) {
        Path aside = userFile.resolveSibling(userFile.getFileName() + ".corrupt-" + STAMP.format(clock.instant()));
        for (int n = 1; Files.exists(aside); n++) {
            aside = userFile.resolveSibling(userFile.getFileName() + ".corrupt-" + STAMP.format(clock.instant()) + "-" + n);
        }
        try {
            Files.move(userFile, aside);
            problems.accept(new SettingsProblem(SettingsProblem.Kind.CORRUPT, userFile, why, aside));
        } catch (IOException e) {
            userFileProtected = true;
            problems.accept(new SettingsProblem(SettingsProblem.Kind.UNREADABLE, userFile,
                    why + "; it could not be moved aside: " + AtomicFile.reason(e), null));
        }
        return SettingsJson.read(base(), Map.of());
    }

    private static byte[] readBounded(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new IOException("larger than " + (MAX_FILE_BYTES >> 10) + " KiB");
        }
        return Files.readAllBytes(file);
    }

    private static ObjectNode parseObject(byte[] bytes) {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new SettingsFormatException("", "not valid JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SettingsFormatException("", "unreadable: " + e.getMessage());
        }
        if (!(tree instanceof ObjectNode o)) {
            throw new SettingsFormatException("", "expected a JSON object, found " + (tree == null || tree.isMissingNode() ? "nothing" : tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        return o;
    }

    /** Applies migrations from the tree's version up to the current one. */
    private ObjectNode upgrade(ObjectNode tree) {
        JsonNode v = tree.get("version");
        if (v != null && (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1)) {
            throw new SettingsFormatException("version", "expected a whole number from 1, found " + v);
        }
        int version = v == null ? 1 : v.intValue();
        ObjectNode t = tree;
        while (version < currentVersion) {
            int from = version;
            SettingsMigration m = migrations.stream().filter(x -> x.fromVersion() == from).findFirst()
                    .orElseThrow(() -> new SettingsFormatException("version", "no migration from version " + from));
            t = withVersion(m.migrate(t), ++version);
        }
        return withVersion(t, Math.max(version, currentVersion));
    }

    private static ObjectNode withVersion(ObjectNode tree, int version) {
        ObjectNode out = tree.deepCopy();
        out.put("version", version);
        return out;
    }
}
