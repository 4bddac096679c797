package org.watchtray.app.ui.timeline;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.watchtray.app.testing.SampleEvents;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.event.Event;
import org.watchtray.core.keys.KeyEvent;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.mounts.MountEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.source.SourceStatus;

/**
 * Shows the timeline window on a real X server (started by {@link TimelineScreenshotsTest}) with
 * an hour of events from every source, and walks through its tabs. Before each screenshot it
 * prints {@code SHOT <name>} and waits for a line on stdin, while the test captures the screen.
 */
public final class ScreenshotProbe {
    private ScreenshotProbe() {
    }

    public static void main(String[] args) throws Exception {
        Clock clock = Clock.systemDefaultZone();
        Instant now = clock.instant();
        List<SourceStatus> statuses = List.of(
                SourceStatus.active(SourceId.KEYS, "kernel notification queue (KEYCTL_WATCH_KEY on 3 keyrings)"),
                SourceStatus.active(SourceId.KERBEROS, "libkrb5, KEYRING:persistent:1000 watched through the notification queue"),
                SourceStatus.active(SourceId.MOUNTS, "fanotify mount events"),
                SourceStatus.active(SourceId.THINPOOL, "watchtray agent: DM_DEV_ARM_POLL on /dev/mapper/control"),
                SourceStatus.degraded(SourceId.USB, "uevents only (add/remove)",
                        "/dev/kmsg needs CAP_SYSLOG (dmesg_restrict=1) and the agent is not installed"),
                SourceStatus.active(SourceId.HISTORY, "SQLite (WAL) at ~/.local/state/watchtray/history.db"));
        CountDownLatch shown = new CountDownLatch(1);
        TimelineTabs[] tabs = new TimelineTabs[1];
        TimelineViewModel[] model = new TimelineViewModel[1];
        Platform.startup(() -> {
            model[0] = new TimelineViewModel(clock, 100_000, () -> { });
            SourcesViewModel sources = new SourcesViewModel(() -> statuses);
            List<Event> hour = anHour(now);
            model[0].accept(hour);
            sources.accept(hour);
            model[0].charts().refresh();
            tabs[0] = new TimelineTabs(model[0], sources, clock);
            Stage stage = new Stage();
            stage.setTitle("watchtray \u2014 timeline");
            stage.setScene(new Scene(tabs[0], 1280, 800));
            org.watchtray.app.ui.Themes.paint(stage.getScene(), org.watchtray.app.ui.Palette.LIGHT);
            stage.setX(0);
            stage.setY(0);
            stage.show();
            shown.countDown();
        });
        shown.await();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Thread.sleep(3000);
        shot("timeline", in);
        Platform.runLater(() -> {
            TimelineRow key = model[0].rows().stream().filter(r -> r.event() instanceof KeyEvent k && !k.raw().isEmpty())
                    .findFirst().orElseThrow();
            tabs[0].timeline().tableView().getSelectionModel().select(key);
            tabs[0].timeline().tableView().scrollTo(key);
        });
        Thread.sleep(2000);
        shot("timeline-detail", in);
        Platform.runLater(() -> tabs[0].getSelectionModel().select(1));
        Thread.sleep(1200);
        shot("charts", in);
        Platform.runLater(() -> tabs[0].getSelectionModel().select(2));
        Thread.sleep(800);
        shot("sources", in);
        Platform.runLater(Platform::exit);
    }

    private static void shot(String name, BufferedReader in) throws Exception {
        System.out.println("SHOT " + name);
        System.out.flush();
        if (in.readLine() == null) {
            throw new IllegalStateException("the test went away");
        }
    }

    /** An hour on a workstation: every source, a USB error burst, two filling thin pools, a loss. */
    static List<Event> anHour(Instant now) {
        Instant t0 = now.minus(Duration.ofMinutes(60));
        List<Event> out = new ArrayList<>();
        for (int m = 0; m <= 60; m += 4) {
            Instant t = t0.plus(Duration.ofMinutes(m));
            double data = 70 + m * 0.37;
            out.add(new ThinPoolEvent(t, ThinPoolEvent.Change.STATUS, null, "vg0-pool-tpool", "vg0/pool", data, 18 + m * 0.05, 0,
                    null, "rw"));
            out.add(new ThinPoolEvent(t.plusSeconds(20), ThinPoolEvent.Change.STATUS, null, "vg1-vms-tpool", "vg1/vms",
                    40 + m * 0.1, 55 + m * 0.55, 0, null, "rw"));
        }
        out.add(new ThinPoolEvent(t0.plus(Duration.ofMinutes(57)), ThinPoolEvent.Change.DATA_THRESHOLD, null, "vg0-pool-tpool",
                "vg0/pool", 91.1, 21.0, 90, Duration.ofMinutes(80), "rw"));
        out.add(new ThinPoolEvent(t0.plus(Duration.ofMinutes(58)), ThinPoolEvent.Change.METADATA_THRESHOLD, null, "vg1-vms-tpool",
                "vg1/vms", 46.0, 86.2, 85, Duration.ofHours(5), "rw"));
        out.add(new CredentialEvent(t0.plus(Duration.ofMinutes(2)), CredentialEvent.Change.ACQUIRED, "alice@EXAMPLE.ORG",
                "KEYRING:persistent:1000", now.plus(Duration.ofMinutes(40)), now.plus(Duration.ofDays(6)), true, null, null));
        out.add(new KeyEvent(t0.plus(Duration.ofMinutes(2)).plusSeconds(1), KeyEvent.Change.LINKED, 123456789, "keyring", "_ses",
                100000, null, KeyEvent.Origin.NOTIFICATION_QUEUE, SampleEvents.KEY_LINK_RECORD));
        out.add(new MountEvent(t0.plus(Duration.ofMinutes(9)), MountEvent.Change.MOUNTED, 812, "/media/alice/BACKUP", null, "exfat",
                "/dev/sdb1", "rw,nosuid,nodev,relatime", null));
        out.add(new UsbEvent(t0.plus(Duration.ofMinutes(9)).minusSeconds(2), UsbEvent.Change.ADDED, "2-1", "SanDisk Extreme", "", 0, 1, 0));
        out.add(new UsbEvent(t0.plus(Duration.ofMinutes(15)), UsbEvent.Change.ADDED, "3-1", "", "", 0, 12, 0));
        for (int i = 0; i < 12; i++) {
            out.add(new UsbEvent(t0.plus(Duration.ofMinutes(22)).plusSeconds(i * 25L), UsbEvent.Change.ENUMERATION_ERROR, "1-1.4",
                    "", "device descriptor read/64, error -71", -71, 1, i + 1));
        }
        out.add(new UsbEvent(t0.plus(Duration.ofMinutes(28)), UsbEvent.Change.OVER_CURRENT, "1-2", "USB hub", "", 0, 1, 0));
        out.add(new LossEvent(t0.plus(Duration.ofMinutes(30)), SourceId.KEYS, 23, "kernel notification queue overflow"));
        out.add(new SourceStatusEvent(t0.plus(Duration.ofMinutes(33)), SourceStatus.unavailable(SourceId.THINPOOL,
                "the watchtray agent went away (connection reset)")));
        out.add(new SourceStatusEvent(t0.plus(Duration.ofMinutes(34)),
                SourceStatus.active(SourceId.THINPOOL, "watchtray agent: DM_DEV_ARM_POLL on /dev/mapper/control")));
        out.add(new MountEvent(t0.plus(Duration.ofMinutes(41)), MountEvent.Change.REMOUNTED_READ_ONLY, 57, "/home", null, "ext4",
                "/dev/nvme0n1p3", "ro,relatime", "rw,relatime"));
        out.add(new KeyEvent(t0.plus(Duration.ofMinutes(45)), KeyEvent.Change.EXPIRES_SOON, 881234, "user", "api-token",
                0, now.plus(Duration.ofMinutes(10)), KeyEvent.Origin.DEADLINE, null));
        out.add(new CredentialEvent(t0.plus(Duration.ofMinutes(50)), CredentialEvent.Change.EXPIRES_SOON, "alice@EXAMPLE.ORG",
                "KEYRING:persistent:1000", now.plus(Duration.ofMinutes(10)), now.plus(Duration.ofDays(6)), true,
                Duration.ofMinutes(15), null));
        out.add(new MountEvent(t0.plus(Duration.ofMinutes(53)), MountEvent.Change.UNMOUNTED, 812, "/media/alice/BACKUP", null, "exfat",
                "/dev/sdb1", "rw", null));
        out.sort(java.util.Comparator.comparing(Event::time));
        return out;
    }
}
