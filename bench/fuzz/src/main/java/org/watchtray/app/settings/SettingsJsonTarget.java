package org.watchtray.app.settings;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.XdgPaths;
import org.watchtray.fuzz.Target;

/**
 * The settings file, as the store reads it (parse, migrate, layer, interpret): every input is
 * valid or invalid with a message, never an exception; a valid one saves and reads back equal
 * (written through the same tree the store writes).
 */
public final class SettingsJsonTarget implements Target {
    private final SettingsStore store;
    private final Settings defaults;

    public SettingsJsonTarget() {
        Path nowhere = Path.of("/nonexistent/watchtray-fuzz");
        store = SettingsStore.forUser(new XdgPaths(new Environment(Map.of("XDG_CONFIG_HOME", nowhere.toString(),
                "XDG_CONFIG_DIRS", nowhere.toString()), nowhere)), Clock.systemUTC(), p -> { });
        defaults = store.read().settings();
    }

    @Override
    public String name() {
        return "settings-json";
    }

    @Override
    public List<byte[]> seeds() {
        byte[] full = (Json.MAPPER.valueToTree(SettingsJson.write(Settings.defaults())).toString()).getBytes(StandardCharsets.UTF_8);
        return List.of(full, "{}".getBytes(StandardCharsets.UTF_8),
                "{\"version\": 1, \"kerberos\": {\"lead_times\": [\"1h\", \"PT15M\"]}, \"x\": {\"y\": [1, {}]}}".getBytes(StandardCharsets.UTF_8),
                "{\"history\":{\"max_age\":\"P342949672950D\"}}".getBytes(StandardCharsets.UTF_8),
                ("{\"hooks\": {\"extend\": {\"command\": [\"/usr/local/sbin/watchtray-extend-pool\"], \"events\": [\"thinpool.*\"],"
                        + " \"sources\": [\"thinpool\"], \"min_severity\": \"warning\", \"timeout\": \"2m\", \"max_runs\": 2,"
                        + " \"per\": \"10m\", \"max_concurrent\": 1, \"enabled\": true}}}").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public List<byte[]> dictionary() {
        return List.of(bytes("\"version\""), bytes("\"thin_pool\""), bytes("\"thinpool\""), bytes("\"data_thresholds\""),
                bytes("\"lead_times\""), bytes("\"max_age\""), bytes("\"P99999999999D\""), bytes("\"999999999999d\""),
                bytes("4294967297"), bytes("1e400"), bytes("-0"), bytes("\"25:00\""), bytes("\"quiet_hours\""), bytes("null"),
                bytes("\"\\ud800\""), bytes("[[[[[[[["), bytes("{\"a\":"), bytes("\"sources\":{\"keys\":{\"toasts\":false}}"),
                bytes("\"hooks\""), bytes("\"command\":[\"relative\"]"), bytes("\"max_runs\":"), bytes("\"timeout\":\"P99999D\""));
    }

    @Override
    public int maxLength() {
        return 1024;
    }

    @Override
    public void run(byte[] input) {
        SettingsStore.Reading r = store.interpret(defaults, new BoundedRead.Snapshot(null, input.length, 0, input));
        if (r instanceof SettingsStore.Reading.Valid v) {
            Settings s = v.settings();
            SettingsJson.write(s);
            SettingsJson.unknownTree(s.unknown());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
