package org.watchtray.core.event;

/** What every family's change enum knows: its stable wire name and its usual severity. */
public interface Change {
    String wireName();

    Severity severity();
}
