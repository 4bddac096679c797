package org.watchtray.core.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.core.testing.TimedatectlLink;

/** The zone of a real {@code localtime} file over the system's zoneinfo files, changed the way timedatectl changes it. */
class LocaltimeFileTest {
    private static final Path ZONEINFO = TimedatectlLink.ZONEINFO;

    @TempDir
    Path etc;

    private static void setTimezone(Path etc, String zone) throws IOException {
        TimedatectlLink.set(etc, ZoneId.of(zone));
    }

    @Test
    void aLinkNamesItsZoneAfterZoneinfo() throws IOException {
        LocaltimeFile file = new LocaltimeFile(etc.resolve("localtime"), ZONEINFO);
        setTimezone(etc, "Europe/Berlin");
        assertEquals(Optional.of(ZoneId.of("Europe/Berlin")), file.zone());
        setTimezone(etc, "America/New_York");
        assertEquals(Optional.of(ZoneId.of("America/New_York")), file.zone());
    }

    @Test
    void anAbsoluteLinkAndThePosixTreeNameTheZoneToo() throws IOException {
        Path link = etc.resolve("localtime");
        Files.createSymbolicLink(link, ZONEINFO.resolve("posix/Asia/Tokyo"));
        assertEquals(Optional.of(ZoneId.of("Asia/Tokyo")), new LocaltimeFile(link, ZONEINFO).zone());
    }

    @Test
    void aCopiedFileIsTheZoneWithTheSameBytes() throws IOException {
        Path copy = Files.copy(ZONEINFO.resolve("Asia/Kolkata"), etc.resolve("localtime"));
        ZoneId found = new LocaltimeFile(copy, ZONEINFO).zone().orElseThrow();
        // Asia/Calcutta is the same file under its old name: either names the zone; the offset tells.
        assertEquals(ZoneId.of("Asia/Kolkata").getRules(), found.getRules(), found.getId());
    }

    @Test
    void noFileOrAFileOfNoZoneNamesNothing() throws IOException {
        Path localtime = etc.resolve("localtime");
        assertEquals(Optional.empty(), new LocaltimeFile(localtime, ZONEINFO).zone());
        Files.writeString(localtime, "not a zone file");
        assertEquals(Optional.empty(), new LocaltimeFile(localtime, ZONEINFO).zone());
        Files.delete(localtime);
        Files.createSymbolicLink(localtime, Path.of("/nowhere/zoneinfo/Not/AZone"));
        assertEquals(Optional.empty(), new LocaltimeFile(localtime, ZONEINFO).zone());
    }

    @Test
    void listenersHearOneChangePerReplacementAndNoneForTheSameZone() throws IOException {
        setTimezone(etc, "Europe/Berlin");
        List<ZoneId> defaults = new ArrayList<>();
        SystemZone zone = new SystemZone(ZoneId.of("Europe/Berlin"), new LocaltimeFile(etc.resolve("localtime"), ZONEINFO), defaults::add);
        List<ZoneId> heard = new ArrayList<>();
        zone.listen(heard::add);

        setTimezone(etc, "Europe/Berlin");
        assertFalse(zone.recheck(), "the same zone again");
        setTimezone(etc, "Arctic/Longyearbyen");
        assertFalse(zone.recheck(), "another name of the same zone: every time reads as before");
        setTimezone(etc, "America/New_York");
        assertTrue(zone.recheck());
        assertFalse(zone.recheck(), "nothing new since");
        assertEquals(ZoneId.of("America/New_York"), zone.current());
        assertEquals(ZoneId.of("America/New_York"), zone.clock().getZone());
        setTimezone(etc, "Europe/Berlin");
        assertTrue(zone.recheck());

        assertEquals(List.of(ZoneId.of("America/New_York"), ZoneId.of("Europe/Berlin")), heard);
        assertEquals(heard, defaults, "the JVM's default is set at each change");
    }

    @Test
    void aMomentWithoutTheFileKeepsTheZone() throws IOException {
        setTimezone(etc, "Europe/Berlin");
        SystemZone zone = new SystemZone(ZoneId.of("Europe/Berlin"), new LocaltimeFile(etc.resolve("localtime"), ZONEINFO), z -> { });
        Files.delete(etc.resolve("localtime"));   // rm, before ln -s
        assertFalse(zone.recheck());
        assertEquals(ZoneId.of("Europe/Berlin"), zone.current());
    }

    @Test
    void aZoneToldByTheWatchingProcessChangesItAsTheFileWould() throws IOException {
        setTimezone(etc, "Europe/Berlin");
        List<ZoneId> defaults = new ArrayList<>();
        SystemZone zone = new SystemZone(ZoneId.of("Europe/Berlin"), new LocaltimeFile(etc.resolve("localtime"), ZONEINFO), defaults::add);
        List<ZoneId> heard = new ArrayList<>();
        zone.listen(heard::add);

        assertFalse(zone.told(ZoneId.of("Arctic/Longyearbyen")), "another name of the same zone");
        assertTrue(zone.told(ZoneId.of("Asia/Tokyo")));
        assertFalse(zone.told(ZoneId.of("Asia/Tokyo")), "told twice, heard once");
        assertEquals(ZoneId.of("Asia/Tokyo"), zone.clock().getZone());
        assertEquals(List.of(ZoneId.of("Asia/Tokyo")), heard);
        assertEquals(heard, defaults);
    }

    @Test
    void aFixedZoneNeverChanges() {
        SystemZone zone = SystemZone.fixed(ZoneId.of("Europe/Berlin"));
        assertFalse(zone.recheck());
        assertFalse(zone.told(ZoneId.of("Asia/Tokyo")), "$TZ holds whatever the tray says");
        assertTrue(zone.file().isEmpty());
        assertEquals(ZoneId.of("Europe/Berlin"), zone.clock().getZone());
    }
}
