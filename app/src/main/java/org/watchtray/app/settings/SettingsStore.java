package org.watchtray.app.settings;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.watchtray.core.hooks.HookCheck;
import org.watchtray.core.hooks.HookSpec;
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
 * <li>Reading changes no file: an invalid or unreadable file is reported, defaults are used and
 *     the file is never overwritten. Only the running app, once the file has stayed invalid
 *     ({@link SettingsFileWatch}), renames it to {@code settings.json.corrupt-<UTC timestamp>}.
 *     A failed save is reported once and the settings live on in memory.</li>
 * <li>Only regular files are read, and at most 1 MiB of them ({@link BoundedRead}).</li>
 * </ul>
 */
public final class SettingsStore {
    private static final int MAX_FILE_BYTES = 1 << 20;

    private final Path userFile;
    private final Path adminFile;
    private final int currentVersion;
    private final List<SettingsMigration> migrations;
    private final Clock clock;
    private final Consumer<SettingsProblem> problems;
    private ObjectNode base;
    private boolean userFileProtected;
    private boolean saveFailureReported;
    private String adminProblem;

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

    /** The store the app uses: this build's version and the migrations up to it. */
    public static SettingsStore forUser(XdgPaths paths, Clock clock, Consumer<SettingsProblem> problems) {
        return new SettingsStore(paths, Settings.CURRENT_VERSION, List.of(new ThinPoolNameMigration()), clock, problems);
    }

    public Path file() {
        return userFile;
    }

    /**
     * Reads the layers without changing any file; never throws, reports what it had to ignore.
     * An invalid user file is left where it is (an editor may be halfway through saving it):
     * only the running app decides, after {@link SettingsFileWatch} has seen it stay invalid,
     * to keep it aside ({@link #keepAside}). Until then it is never overwritten.
     */
    public Settings load() {
        Reading r = read();
        switch (r) {
            case Reading.Invalid i -> problems.accept(new SettingsProblem(SettingsProblem.Kind.UNREADABLE, userFile, i.why(), null));
            case Reading.Unreadable u -> problems.accept(new SettingsProblem(SettingsProblem.Kind.UNREADABLE, userFile, u.why(), null));
            case Reading.Absent a -> { }
            case Reading.Valid v -> { }
        }
        return r.settings();
    }

    /** What the user's file holds now, layered; nothing is reported except an invalid admin file. */
    sealed interface Reading {
        /** The settings to use: the file's when valid, the defaults below it otherwise. */
        Settings settings();

        record Absent(Settings settings) implements Reading {
        }

        record Valid(Settings settings, BoundedRead.Snapshot seen) implements Reading {
        }

        record Invalid(Settings settings, String why, BoundedRead.Snapshot seen) implements Reading {
        }

        record Unreadable(Settings settings, String why) implements Reading {
        }
    }

    /** Reads the layers; a user file that is not valid is protected from being overwritten. */
    synchronized Reading read() {
        Reading r;
        try {
            r = readLayers();
        } catch (RuntimeException e) {
            // Nothing in reading should throw; if something does, the file is treated as unusable, not fatal.
            r = new Reading.Unreadable(defaultsQuietly(), "it could not be interpreted (" + e.getClass().getSimpleName() + ")");
        }
        userFileProtected = r instanceof Reading.Invalid || r instanceof Reading.Unreadable;
        return r;
    }

    private Reading readLayers() {
        base = null;
        if (currentVersion == Settings.CURRENT_VERSION && Files.notExists(adminFile) && Files.notExists(userFile)) {
            // The common start: nothing changed yet, no administrator's defaults. The built-in
            // settings need no JSON, so Jackson is not loaded until something is saved.
            return new Reading.Absent(Settings.defaults());
        }
        loadAdminDefaults();
        Settings defaults = SettingsJson.read(base(), Map.of());
        BoundedRead.Snapshot seen;
        try {
            seen = BoundedRead.read(userFile, MAX_FILE_BYTES);
        } catch (NoSuchFileException e) {
            return new Reading.Absent(defaults);
        } catch (IOException e) {
            return new Reading.Unreadable(defaults, AtomicFile.reason(e));
        }
        return interpret(defaults, seen);
    }

    /** The user's file's bytes, layered over what {@link #read} last found below it (also the fuzzer's entry). */
    Reading interpret(Settings defaults, BoundedRead.Snapshot seen) {
        try {
            ObjectNode user = upgrade(parseObject(seen.bytes()));
            ObjectNode merged = JsonTrees.merge(base(), user);
            Settings known = SettingsJson.read(merged, Map.of());
            ObjectNode unknown = JsonTrees.unknownPart(user, SettingsJson.write(known));
            return new Reading.Valid(SettingsJson.read(merged, SettingsJson.unknownMap(unknown)), seen);
        } catch (SettingsFormatException e) {
            return new Reading.Invalid(defaults, e.getMessage(), seen);
        }
    }

    private Settings defaultsQuietly() {
        try {
            return SettingsJson.read(base(), Map.of());
        } catch (RuntimeException e) {
            return Settings.defaults();
        }
    }

    /**
     * Keeps the user's file aside as {@code settings.json.corrupt-<UTC time>} when it still is
     * exactly the invalid file {@code seen} (same inode, size, time and bytes), and reports it.
     * Only the running app calls this, once the file has stayed invalid.
     *
     * @return whether it was moved
     */
    synchronized boolean keepAside(Reading.Invalid seen) {
        Reading now = read();
        if (!(now instanceof Reading.Invalid still) || !still.seen().sameAs(seen.seen())) {
            return false;
        }
        try {
            Path aside = AsideFile.moveAside(userFile, clock.instant());
            userFileProtected = false;
            problems.accept(new SettingsProblem(SettingsProblem.Kind.CORRUPT, userFile, still.why(), aside));
            return true;
        } catch (IOException e) {
            problems.accept(new SettingsProblem(SettingsProblem.Kind.UNREADABLE, userFile,
                    still.why() + "; it could not be moved aside: " + AtomicFile.reason(e), null));
            return false;
        }
    }

    /**
     * Writes {@code settings} atomically.
     *
     * @return false when it could not be written; the problem was reported (once per failure streak)
     */
    public synchronized boolean save(Settings settings) {
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

    /**
     * One problem per hook whose program this user may not run, naming the file that defines it
     * (the administrator's when its command comes from there). Hooks are checked again before
     * every run; this is what the settings dialog and the timeline show at start.
     */
    public List<SettingsProblem> hookProblems(Settings settings) {
        List<SettingsProblem> out = new java.util.ArrayList<>();
        for (HookSpec h : settings.hooks()) {
            if (!h.enabled()) {
                continue;
            }
            HookCheck.problem(h).ifPresent(why -> {
                JsonNode adminCommand = base().path("hooks").path(h.name()).path("command");
                boolean fromAdmin = !adminCommand.isMissingNode()
                        && adminCommand.equals(Json.MAPPER.valueToTree(h.command()));
                out.add(new SettingsProblem(SettingsProblem.Kind.HOOK_UNUSABLE, fromAdmin ? adminFile : userFile, why, null));
            });
        }
        return out;
    }

    private void loadAdminDefaults() {
        byte[] bytes;
        try {
            bytes = BoundedRead.read(adminFile, MAX_FILE_BYTES).bytes();
        } catch (NoSuchFileException e) {
            adminProblem = null;
            return;
        } catch (IOException e) {
            reportAdmin(AtomicFile.reason(e));
            return;
        }
        try {
            ObjectNode admin = upgrade(parseObject(bytes));
            admin.remove("version");
            ObjectNode layered = JsonTrees.merge(base(), admin);
            SettingsJson.read(layered, Map.of());
            base = layered;
            adminProblem = null;
        } catch (SettingsFormatException e) {
            reportAdmin(e.getMessage());
        }
    }

    /** The layers below the user's file as a tree: the built-in defaults, with the administrator's over them once loaded. */
    private ObjectNode base() {
        if (base == null) {
            base = withVersion(SettingsJson.write(Settings.defaults()), currentVersion);
        }
        return base;
    }

    /** The admin file is read again on every reload: its problem is told once, not on each. */
    private void reportAdmin(String why) {
        if (!why.equals(adminProblem)) {
            adminProblem = why;
            problems.accept(new SettingsProblem(SettingsProblem.Kind.ADMIN_IGNORED, adminFile, why, null));
        }
    }

    private static ObjectNode parseObject(byte[] bytes) {
        JsonNode tree;
        try (JsonParser parser = Json.MAPPER.createParser(bytes)) {
            try {
                tree = Json.MAPPER.readTree(parser);
            } catch (JsonProcessingException e) {
                throw new SettingsFormatException("", "not valid JSON: " + JsonProblem.describe(e, parser));
            }
        } catch (IOException e) {
            throw new SettingsFormatException("", "unreadable: " + AtomicFile.reason(e));
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
