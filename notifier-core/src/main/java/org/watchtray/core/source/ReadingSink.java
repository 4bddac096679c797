package org.watchtray.core.source;

/**
 * Where a reading source hands each reading, on the backend thread, together with its own
 * context (so whoever decides from the reading can emit events and set deadlines in the same
 * pass of the loop).
 */
@FunctionalInterface
public interface ReadingSink<R extends Reading> {

    void accept(R reading, SourceContext context);
}
