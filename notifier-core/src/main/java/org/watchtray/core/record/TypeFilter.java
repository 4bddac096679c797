package org.watchtray.core.record;

/**
 * One entry of a notification queue's kernel filter ({@code struct watch_type_filter}):
 * records of {@code type} whose subtype bit is set in {@code subtypeMask} pass.
 */
public record TypeFilter(int type, int subtypeMask) {
}
