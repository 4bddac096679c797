package org.watchtray.app.ui.timeline;

import java.time.Instant;
import java.time.LocalDate;
import org.watchtray.core.event.Severity;

/**
 * One row of a grouped timeline: {@code count} events of local day {@code day} and, when grouped
 * by source or object, of {@code key} (the source's wire name or the object; "" by day alone);
 * the newest at {@code newest}, the worst of them {@code worst}.
 */
public record GroupRow(LocalDate day, String key, long count, Instant newest, Severity worst) {
}
