package org.watchtray.agent;

import java.nio.file.Path;
import java.util.List;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.record.WatchRecord;

/**
 * Connects to an agent socket, prints every record until the end of the USB snapshot or until
 * the agent closes the connection, then "EOF" if it did. Tests run it as another user
 * (setpriv) to see what the agent does with a peer it must refuse or admit. Uses only the JDK
 * and watchtray's own classes, so an unprivileged user can run it from the build directories.
 */
public final class ProbeClient {
    private ProbeClient() {
    }

    public static void main(String[] args) throws Exception {
        try (RecordReader reader = new RecordReader(Path.of(args[0]))) {
            List<WatchRecord> records = reader.readUntil(rs -> rs.stream().anyMatch(r -> r instanceof WatchRecord.SnapshotMarker m
                    && m.boundary() == WatchRecord.SnapshotMarker.Boundary.END && m.source() == SourceId.USB), 10_000);
            for (WatchRecord r : records) {
                System.out.println(RecordReader.describe(r));
            }
            reader.readUntil(rs -> false, 500);
            System.out.println(reader.eof() ? "EOF" : "OPEN");
        } catch (Exception e) {
            System.out.println("FAILED " + e.getMessage());
        }
    }
}
