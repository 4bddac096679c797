package org.watchtray.core.event;

/** The field type of a source named in an event's fields (by its wire name). */
final class Sources {
    static final FieldType<SourceId> TYPE = FieldType.named(SourceId.class, SourceId::wireName);

    private Sources() {
    }
}
